/**
 * Redirects an upstream call follows: same-origin only (scheme, host and port; credentials never
 * leave the API's origin), with the Fetch standard's method rewrite (303, and 301/302 after a POST,
 * become a GET without the body's headers; https://fetch.spec.whatwg.org/#http-redirect-fetch).
 */

/** The statuses that redirect (RFC 9110 §15.4). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Request headers describing the body, dropped when a redirect turns the request into a GET (Fetch §4.4). */
const BODY_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
  "transfer-encoding",
]);

/** The redirect target when it is an http(s) URL on the same origin (scheme, host, port); else undefined. */
export function sameOriginRedirect(current: URL, location: string): URL | undefined {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return undefined;
  }
  return next.origin === current.origin ? next : undefined;
}

/** `headers` without those that describe a body (for a redirect that turns the request into a GET). */
export function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!BODY_HEADERS.has(name.toLowerCase())) out[name] = value;
  return out;
}
