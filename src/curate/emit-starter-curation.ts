/**
 * The text of a starter curation file (YAML): every operation as a commented-out `tools` entry,
 * grouped by tag, with method, path and summary. Pure; `init` writes it.
 */
import type { ApiIr, OperationIr } from "../ir/types.js";
import { slugify } from "./apply-curation.js";

/** Where the file points for its schema and its spec. */
export interface StarterRefs {
  /** Path or URL of curation.schema.json, relative to the file. */
  schemaRef: string;
  /** Path or URL of the spec, relative to the file, for the comment. */
  specRef: string;
  /** How the reader will name the spec and this file on the command line, for the `list` hint. */
  specArg?: string;
  fileArg?: string;
}

/**
 * For a spec that declares no security scheme (GitHub's, for one): how to add the credential the API
 * needs, commented out, in the curation file's OpenAPI vocabulary. Uncommented, the token comes from
 * OPENAPI_MCP_AUTH_TOKEN.
 */
const NO_SCHEME_HINT = [
  "# The spec declares no security scheme. If the API needs a credential, uncomment and adapt these",
  "# (the token is then read from OPENAPI_MCP_AUTH_TOKEN; headers go on every request):",
  "# securitySchemes:",
  "#   token: { type: http, scheme: bearer }",
  "# security: [{ token: [] }]",
  "# headers:",
  '#   X-Api-Version: "2024-01-01"',
];

/**
 * Renders the starter file. Every entry is one line, `#  - operation: <ref>   # <tool>: METHOD /path — summary`,
 * directly under `tools:`, so deleting its leading `#` leaves a correctly indented sequence item
 * whatever else is (un)commented; tag headings and blank lines between entries stay comments and
 * blank lines, which YAML ignores. With every entry commented, `tools:` is null, which the
 * curation schema reads as "I choose, and chose nothing".
 */
export function emitStarterCuration(ir: ApiIr, refs: StarterRefs): string {
  const specArg = refs.specArg ?? refs.specRef;
  const fileArg = refs.fileArg ?? "<this file>";
  const lines: string[] = [
    "# To select a tool, delete the \"#\" in front of its \"- operation:\" line under `tools:` (agents work best with 5–15).",
    `# Check with:  openapi-mcp list ${specArg} --curation ${fileArg}    (as written, nothing is selected: 0 tools)`,
    "# Then add a name, description or argument edits under an entry as you like; `include:` selects by tag or path.",
    `# yaml-language-server: $schema=${refs.schemaRef}`,
    `$schema: ${yamlString(refs.schemaRef)}`,
    `# Curation for ${oneLine(ir.title)} ${oneLine(ir.version)} (${refs.specRef}), written by \`openapi-mcp init\`; ${ir.operations.length} operations below, by tag.`,
    "server:",
    `  name: ${yamlString(slugify(ir.title) || "api")}`,
    `  version: ${yamlString(ir.version)}`,
    ir.serverUrl ? `baseUrl: ${yamlString(ir.serverUrl)}` : "# baseUrl: https://api.example.com   # the spec declares no absolute server URL",
    ...(Object.keys(ir.securitySchemes).length === 0 ? NO_SCHEME_HINT : []),
    "defaults:",
    "  timeoutMs: 30000",
    "  retries: 2",
    "  maxResponseTokens: 20000",
    "tools:",
  ];
  for (const [tag, operations] of groupByTag(ir.operations)) {
    lines.push("", `# ── ${oneLine(tag)} (${operations.length}) ──`);
    for (const op of operations) {
      const ref = op.operationId ?? `${op.method} ${op.path}`;
      const summary = op.summary ? ` — ${oneLine(op.summary).slice(0, 100)}` : "";
      lines.push(`#  - operation: ${yamlString(ref)}   # ${op.tool.name}: ${op.method} ${op.path}${summary}${op.deprecated ? " (deprecated)" : ""}`);
    }
  }
  lines.push("");
  return lines.join("\n");
}

function groupByTag(operations: OperationIr[]): Map<string, OperationIr[]> {
  const groups = new Map<string, OperationIr[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? "(untagged)";
    const list = groups.get(tag) ?? [];
    list.push(op);
    groups.set(tag, list);
  }
  return groups;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A YAML scalar that round-trips: plain when safe, else JSON-quoted (valid YAML). */
function yamlString(text: string): string {
  return /^[A-Za-z0-9_./-][A-Za-z0-9_ ./{}-]*$/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) && !/^[\d.]+$/.test(text) && !text.endsWith(" ")
    ? text
    : JSON.stringify(text);
}
