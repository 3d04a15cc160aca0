/**
 * A cheap scan that decides whether a spec needs the external-reference resolver at all.
 */

/** True when any `$ref` in the document points outside it. */
export function hasExternalRefs(node: unknown): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    for (const [key, value] of Object.entries(current)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) return true;
      if (value !== null && typeof value === "object") stack.push(value);
    }
  }
  return false;
}

/**
 * False only when the text certainly holds no external `$ref` (JSON or YAML, quoted or not): a
 * fast negative that spares walking a 13 MB document. True means "look properly".
 */
export function mayHaveExternalRefs(text: string): boolean {
  return /\$ref["']?\s*:\s*(?!["']?#)\S/.test(text);
}
