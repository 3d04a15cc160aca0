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
}

/** Renders the starter file. */
export function emitStarterCuration(ir: ApiIr, refs: StarterRefs): string {
  const lines: string[] = [
    `# yaml-language-server: $schema=${refs.schemaRef}`,
    `$schema: ${yamlString(refs.schemaRef)}`,
    `# Curation for ${oneLine(ir.title)} ${oneLine(ir.version)} (${refs.specRef}), written by \`openapi-mcp init\`.`,
    `# ${ir.operations.length} operations are listed below by tag. None is selected yet: uncomment the`,
    "# entries you want (agents work best with 5–15 tools), then rename and describe them as you like.",
    "server:",
    `  name: ${yamlString(slugify(ir.title) || "api")}`,
    `  version: ${yamlString(ir.version)}`,
    ir.serverUrl ? `baseUrl: ${yamlString(ir.serverUrl)}` : "# baseUrl: https://api.example.com   # the spec declares no absolute server URL",
    "defaults:",
    "  timeoutMs: 30000",
    "  retries: 2",
    "  maxResponseTokens: 20000",
    "tools: []",
  ];
  for (const [tag, operations] of groupByTag(ir.operations)) {
    lines.push("", `# ── ${oneLine(tag)} (${operations.length}) ──`);
    for (const op of operations) {
      const ref = op.operationId ?? `${op.method} ${op.path}`;
      const summary = op.summary ? ` — ${oneLine(op.summary).slice(0, 100)}` : "";
      lines.push(`#  - operation: ${yamlString(ref)}`);
      lines.push(`#    # ${op.method} ${op.path}${summary}${op.deprecated ? " (deprecated)" : ""}`);
      lines.push(`#    name: ${op.tool.name}`);
    }
  }
  lines.push(
    "",
    "# To select, replace `tools: []` above with `tools:` and move the uncommented entries under it.",
    "",
  );
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
