/**
 * Whether every `$ref` in a document resolves: local (`#/…`), pointing at something, without a
 * loop. A failed reference is the only way an operation is skipped while the IR is built
 * (resolve-ref.ts is the one place src/ir throws), so when this holds every operation becomes a
 * tool, and `serve` may announce the whole list of tool names before converting them all (see
 * `runStagedPipeline`). When it does not hold, nothing is promised early and the failures are
 * reported at start, each with its JSON pointer, as ever.
 */
import { createRefResolver } from "./resolve-ref.js";

/**
 * True when each `$ref` string in `document` resolves (https://spec.openapis.org/oas/v3.1.0#reference-object).
 * `known`: every `$ref` string of the document when already read (from its text); else the document is walked.
 */
export function refsAllResolve(document: Record<string, unknown>, file: string, known?: readonly string[]): boolean {
  const refs = known ?? refsOf(document);
  const resolver = createRefResolver(document, file);
  try {
    for (const ref of refs) resolver.resolve({ $ref: ref }, "#");
  } catch {
    return false;
  }
  return true;
}

function refsOf(document: Record<string, unknown>): Set<string> {
  const refs = new Set<string>();
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (const item of current) if (item !== null && typeof item === "object") stack.push(item);
      continue;
    }
    const node = current as Record<string, unknown>;
    for (const key in node) {
      const value = node[key];
      if (value !== null && typeof value === "object") stack.push(value);
      else if (key === "$ref" && typeof value === "string") refs.add(value);
    }
  }
  return refs;
}
