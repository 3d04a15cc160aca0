/**
 * Path globs for `include.paths` and `exclude.paths`, matched against path templates as written in
 * the spec (`/pets/{petId}`).
 */

/**
 * Whether `path` matches `pattern`. Both are split on `/` (empty segments ignored, so a trailing
 * slash does not matter). A `**` segment matches any number of segments, none included (`/pet/**`
 * matches `/pet` too); a `*` segment matches exactly one segment; a `*` inside a segment matches any
 * characters within that segment (`/pet*` matches `/pets`). Everything else, `{param}` included, is
 * compared literally and case-sensitively.
 */
export function matchPathGlob(pattern: string, path: string): boolean {
  return matchSegments(split(pattern), 0, split(path), 0);
}

function split(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

function matchSegments(pattern: string[], p: number, path: string[], s: number): boolean {
  if (p === pattern.length) return s === path.length;
  const head = pattern[p]!;
  if (head === "**") {
    for (let skip = s; skip <= path.length; skip++) {
      if (matchSegments(pattern, p + 1, path, skip)) return true;
    }
    return false;
  }
  if (s === path.length || !matchSegment(head, path[s]!)) return false;
  return matchSegments(pattern, p + 1, path, s + 1);
}

function matchSegment(pattern: string, segment: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === segment;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(segment);
}
