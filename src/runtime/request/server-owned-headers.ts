/**
 * Headers that belong to the server and its HTTP client, never to a tool argument: credentials
 * (Authorization, Proxy-Authorization, Cookie) come from configuration, and routing and framing
 * (RFC 9110 §7.2, RFC 9112 §6–§9) from the client. One list for the request builder (which refuses
 * them), the argument check (which says why) and the IR (which does not offer them as arguments).
 */

/** Lower-case names of the headers only the server sets. */
export const SERVER_OWNED_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "cookie",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
  "expect",
]);
