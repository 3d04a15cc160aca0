/**
 * Applies a client profile (`--client openai|gemini|anthropic|cursor`, or `client:` in the curation
 * file) to a curated server: each tool's name made to fit the client's pattern and length, its
 * listed input schema rewritten to the client's schema subset ({@link profileSchema}), what could not
 * be expressed added to its description as a "Constraints:" line, and the rules the runtime must undo
 * recorded on the tool (`ToolDefinition.profile`). The tool's own `inputSchema` stays the full one:
 * every call is validated against it. Runs last in the pipeline, so `list`, `serve` and `generate`
 * agree by construction.
 */
import { shortenName } from "../ir/naming.js";
import type { ClientName, JsonSchema, ServerDefinition, ToolDefinition } from "../runtime/core/tool-definition.js";
import { CLIENT_PROFILES, type ClientProfile } from "./client-profiles.js";
import { constraintsLine } from "./constraint-notes.js";
import { profileDiscovery } from "./profile-discovery.js";
import { profileSchema, type ProfiledSchema } from "./profile-schema.js";
import { measureSchema, overLimits, type SchemaSize } from "./schema-limits.js";

/** What a profile did to a server, for `list` and the corpus benchmark. */
export interface ProfileReport {
  client: ClientName;
  /** The server's name as this client sees it (Cursor: cut when too long to leave room for tool names). */
  serverName: string;
  tools: number;
  /** Tools whose listed name, schema or description differs from the plain ones. */
  transformed: number;
  /** Tools renamed to fit the client's name rule. */
  renamed: number;
  /** Constraints moved into a "Constraints:" line, plus annotations and JSON-text hints moved into argument descriptions. */
  notes: number;
  /** Tools whose schema is still over the client's size limits (none expected). */
  overLimit: string[];
  warnings: string[];
}

/** Returns a new server definition shaped for `client`; the input is not modified. */
export function applyClientProfile(server: ServerDefinition, client: ClientName): { server: ServerDefinition; report: ProfileReport } {
  const profile = CLIENT_PROFILES[client];
  const report: ProfileReport = { client, serverName: server.name, tools: server.tools.length, transformed: 0, renamed: 0, notes: 0, overLimit: [], warnings: [] };
  const maxServerName = profile.maxServerNameLength;
  if (maxServerName !== undefined && server.name.length > maxServerName) {
    const name = server.name.slice(0, maxServerName).replace(/[-_]+$/, "");
    report.warnings.push(
      `server name "${server.name}" cut to "${name}" for --client ${client}: the client counts it against its tool-name limit; set server.name in the curation file, and use the same name as the key in the client's configuration`,
    );
    server = { ...server, name };
    report.serverName = name;
  }
  const names = toolNames(server, profile);
  const tools = server.tools.map((tool, i): ToolDefinition => {
    const shaped = fitLimits(tool, profile, report);
    const constraints = constraintsLine(shaped.notes);
    report.notes += shaped.notes.length + shaped.movedToArguments;
    const name = names[i]!;
    const schemaChanged = JSON.stringify(shaped.schema) !== JSON.stringify(tool.inputSchema);
    if (name !== tool.name) report.renamed++;
    if (name === tool.name && !schemaChanged && constraints === "") return tool;
    report.transformed++;
    return {
      ...tool,
      name,
      description: constraints === "" ? tool.description : `${tool.description.trimEnd()}\n\n${constraints}`.trimStart(),
      ...(schemaChanged || shaped.undo.size > 0 ? { profile: { client, inputSchema: shaped.schema, undo: [...shaped.undo].sort() } } : {}),
    };
  });
  if (tools.length > profile.maxTools) {
    report.warnings.push(
      `${tools.length} tools for --client ${client}: ${profile.toolCountRule}; select fewer in the curation file (tools, include/exclude)`,
    );
  }
  if (server.discovery === undefined) return { server: { ...server, tools }, report };
  const renamed = new Map(server.tools.flatMap((tool, i) => (tools[i]!.name === tool.name ? [] : [[tool.name, tools[i]!.name] as const])));
  return { server: { ...server, tools, discovery: profileDiscovery(server.discovery, { name: server.name, tools }, profile, renamed) }, report };
}

/**
 * The profiled schema, within the profile's size limits: while over them, the heaviest argument
 * that is not the whole list is passed as JSON text instead, and the rewrite is repeated.
 */
function fitLimits(tool: ToolDefinition, profile: ClientProfile, report: ProfileReport): ProfiledSchema {
  const encodeAt = new Set<string>();
  let shaped = profileSchema(tool.inputSchema, profile, encodeAt);
  const limits = profile.limits;
  if (limits === undefined) return shaped;
  for (let round = 0; round < 64; round++) {
    const subtrees = new Map<string, SchemaSize>();
    const size = measureSchema(shaped.schema, subtrees);
    if (overLimits(size, limits).length === 0) return shaped;
    // What must go, per limit; an argument's share of it is its subtree's size in the limits broken.
    const excess = {
      properties: size.properties - limits.maxProperties,
      stringLength: size.stringLength - limits.maxStringLength,
      enumValues: size.enumValues - limits.maxEnumValues,
    };
    const broken = (Object.keys(excess) as (keyof typeof excess)[]).filter((k) => excess[k] > 0);
    const candidates = [...subtrees].filter(([path]) => ![...encodeAt].some((done) => path === done || path.startsWith(`${done}.`) || path.startsWith(`${done}[`)));
    // The smallest argument that alone frees enough, else the one that frees the most: as little as possible becomes text.
    const enough = candidates.filter(([, sub]) => broken.every((k) => sub[k] >= excess[k])).sort((a, b) => a[1].properties - b[1].properties)[0];
    const score = (sub: SchemaSize): number => broken.reduce((sum, k) => sum + sub[k] / Math.max(1, excess[k]), 0);
    const pick = enough ?? candidates.sort((a, b) => score(b[1]) - score(a[1]))[0];
    if (pick === undefined || (enough === undefined && score(pick[1]) === 0)) break;
    encodeAt.add(pick[0]);
    shaped = profileSchema(tool.inputSchema, profile, encodeAt);
  }
  const over = overLimits(measureSchema(shaped.schema), limits);
  if (over.length > 0) report.overLimit.push(`${tool.name}: ${over.join(", ")}`);
  return shaped;
}

/** Each tool's name for the client: its characters and length fitted, kept unique in order. */
function toolNames(server: ServerDefinition, profile: ClientProfile): string[] {
  const max = profile.maxNameLength(server.name);
  const taken = new Set<string>();
  return server.tools.map((tool) => {
    let name = tool.name;
    if (!profile.namePattern.test(name) || name.length > max) {
      name = name.replace(/[^A-Za-z0-9_-]+/g, "_");
      if (!/^[A-Za-z_]/.test(name) && profile.client === "gemini") name = `_${name}`;
      name = shortenName(name, max);
    }
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) candidate = `${name.slice(0, max - String(n).length - 1)}_${n}`;
    taken.add(candidate);
    return candidate;
  });
}

/** The listed input schema of a tool: the profile's when it has one. */
export function listedInputSchema(tool: ToolDefinition): JsonSchema {
  return tool.profile?.inputSchema ?? tool.inputSchema;
}
