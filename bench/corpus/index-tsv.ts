/**
 * Reads the corpus's `index.tsv` (one row per root spec; see the corpus README) and decides which
 * rows are real-world specs.
 */
import type { IndexRow } from "./types.js";

/** Parses `index.tsv` by header name; the columns this run does not use are ignored. */
export function parseIndexTsv(text: string): IndexRow[] {
  const [headerLine, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (headerLine === undefined) return [];
  const header = headerLine.split("\t");
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`index.tsv has no "${name}" column (columns: ${header.join(", ")})`);
    return index;
  };
  const [path, group, version, bytes, operations, webhooks] = ["path", "group", "spec_version", "bytes", "operations", "webhook_ops"].map(column) as [number, number, number, number, number, number];
  return lines.map((line): IndexRow => {
    const cells = line.split("\t");
    return {
      path: cells[path] ?? "",
      group: cells[group] ?? "",
      specVersion: cells[version] ?? "",
      bytes: Number(cells[bytes] ?? 0) || 0,
      operations: Number(cells[operations] ?? 0) || 0,
      webhookOperations: Number(cells[webhooks] ?? 0) || 0,
    };
  });
}

/**
 * Real-world specs are the vendors' and APIs.guru's: every group except `edgecases/*` (small test
 * specs written to exercise parsers) and `negative` (not OpenAPI at all). In the corpus as shipped
 * that is 149 `apisguru` + 120 `vendors/*` = the README's 269.
 */
export function isRealWorld(group: string): boolean {
  return !(group === "edgecases" || group.startsWith("edgecases/") || group === "negative");
}

/** The top folder of a group: `vendors/stripe` → `vendors`. */
export function groupFamily(group: string): string {
  return group.split("/")[0] ?? group;
}
