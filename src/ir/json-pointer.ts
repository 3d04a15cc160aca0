/**
 * JSON pointers (RFC 6901) in URI-fragment form, as OpenAPI `$ref`s use them: `#/paths/~1pets/get`.
 */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  // Most tokens need no escaping; skipping the two replaces matters at a million pointers.
  if (!token.includes("~") && !token.includes("/")) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends tokens to a pointer: `appendPointer("#/paths", "/pets")` → `#/paths/~1pets`. */
export function appendPointer(pointer: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((acc, t) => `${acc}/${escapePointerToken(String(t))}`, pointer);
}

/** Splits `#/a/b~1c` into `["a", "b/c"]`; percent-decoding applies first, as in a URI fragment. */
export function parsePointer(pointer: string): string[] {
  let body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  try {
    body = decodeURIComponent(body);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  if (body === "" || body === "/") return body === "/" ? [""] : [];
  return body
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Reads the value at a pointer, or `undefined` when any step is missing. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
    if (node === undefined) return undefined;
  }
  return node;
}
