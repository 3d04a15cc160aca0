/**
 * The operations a curation file selects through its `tools` list, so an example's fake serves exactly
 * what its curation file exposes and the two cannot drift apart. Only `tools[].operation` entries
 * written as operationIds are read (the examples select by operationId; `include` is not interpreted).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

/** The operationIds under `tools[].operation` in the curation file at `path`. */
export function loadCuratedOperations(path: string): string[] {
  const curation = parseYaml(readFileSync(path, "utf8")) as { tools?: Array<{ operation?: unknown }> } | null;
  const operations = (curation?.tools ?? []).map((tool) => tool.operation);
  if (operations.length === 0 || !operations.every((op): op is string => typeof op === "string" && !/^[A-Za-z]+ \//.test(op))) {
    throw new Error(`${path}: the fake needs tools[].operation as operationIds — list the tools by operationId`);
  }
  return operations;
}
