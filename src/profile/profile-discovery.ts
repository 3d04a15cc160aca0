/**
 * A client profile over discovery mode. The three meta-tools are listed like any tool, so they get
 * the same schema rewrite (OpenAI strict: every property required and nullable when optional,
 * `additionalProperties: false`, unsupported keywords moved into the description; Gemini and OpenAI:
 * `call_operation`'s free-form `arguments` object passed as JSON text), recorded in
 * `discovery.metaTools` with what the runtime undoes before checking a call against the full schema.
 * And since the profile may rename operations (Cursor counts the server name in a tool name's
 * length, Gemini restricts characters), the search index's documents and the listed names are
 * renamed with them, so every name `search_operations` returns is one `describe_operation` and
 * `call_operation` accept.
 */
import type { DiscoveryDefinition, MetaToolProfile } from "../runtime/core/discovery-definition.js";
import type { ClientName, ServerDefinition } from "../runtime/core/tool-definition.js";
import { metaTools } from "../runtime/discovery/meta-tools.js";
import type { ClientProfile } from "./client-profiles.js";
import { constraintsLine } from "./constraint-notes.js";
import { profileSchema } from "./profile-schema.js";

/**
 * `discovery` as seen by `client`: meta-tools shaped, operation names mapped through `renamed`
 * (old name → the name the profile gave the tool). `server` is the profiled server (its name as
 * the client sees it, its tool count).
 */
export function profileDiscovery(
  discovery: DiscoveryDefinition,
  server: Pick<ServerDefinition, "name" | "tools">,
  profile: ClientProfile,
  renamed: ReadonlyMap<string, string>,
): DiscoveryDefinition {
  const rename = (name: string): string => renamed.get(name) ?? name;
  const metaToolProfiles: Record<string, MetaToolProfile> = {};
  for (const tool of metaTools(server.name, server.tools.length)) {
    const shaped = profileSchema(tool.inputSchema, profile);
    const constraints = constraintsLine(shaped.notes);
    if (JSON.stringify(shaped.schema) === JSON.stringify(tool.inputSchema) && constraints === "" && shaped.undo.size === 0) continue;
    metaToolProfiles[tool.name] = { client: profile.client satisfies ClientName, inputSchema: shaped.schema, undo: [...shaped.undo].sort(), constraints };
  }
  const index = discovery.index;
  return {
    ...discovery,
    listed: discovery.listed.map(rename),
    ...(index === undefined || renamed.size === 0 ? {} : { index: { ...index, documents: index.documents.map((document) => ({ ...document, name: rename(document.name) })) } }),
    ...(Object.keys(metaToolProfiles).length === 0 ? {} : { metaTools: metaToolProfiles }),
  };
}
