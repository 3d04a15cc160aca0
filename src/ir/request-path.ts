/**
 * The path a request goes to, from a path key that may carry more than a path. APIs.guru's AWS specs
 * key operations like `/#Action=RunInstances` (EC2), `/2017-03-31/tags/{ARN}#tagKeys` (Lambda) and
 * `/{Bucket}#cors` (S3): AWS's request URIs carry a query (`?Action=…`, `?cors`), which an OpenAPI
 * path key cannot (https://spec.openapis.org/oas/v3.1.0#paths-object), so the converter wrote `#`.
 * Sent as is, everything after `#` — and every query argument appended after it — would be a URL
 * fragment that never reaches the server. The spec path stays the operation's identity (naming,
 * pointers, curation references); only the HTTP binding uses the request path.
 */

/** One `name` or `name=value` item of the part after `#`. */
interface KeyItem {
  name: string;
  text: string;
}

/**
 * Strips the `#…` part from a path key. Its items that the operation declares as parameters (in any
 * location: EC2's `Action`, Lambda's `tagKeys`, S3's `cors` and even the `x-amz-copy-source` header)
 * are left to those parameters; an item no parameter declares stays in the request as a literal
 * query item (`?cors`, `?find=LayerVersion`), since AWS routes on it. A key with no `#` is unchanged.
 */
export function requestPathOf(pathKey: string, declaredNames: ReadonlySet<string>): string {
  const hash = fragmentStart(pathKey);
  if (hash === -1) return pathKey;
  const path = pathKey.slice(0, hash) || "/";
  const items: KeyItem[] = pathKey
    .slice(hash + 1)
    .split("&")
    .filter((text) => text !== "")
    .map((text) => ({ name: text.split("=")[0] ?? text, text }));
  const kept = items.filter((item) => !declaredNames.has(item.name)).map((item) => item.text);
  if (kept.length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${kept.join("&")}`;
}

/** Index of the first `#` outside a `{placeholder}`, or -1. */
function fragmentStart(pathKey: string): number {
  let depth = 0;
  for (let i = 0; i < pathKey.length; i++) {
    const char = pathKey[i];
    if (char === "{") depth++;
    else if (char === "}") depth = Math.max(0, depth - 1);
    else if (char === "#" && depth === 0) return i;
  }
  return -1;
}
