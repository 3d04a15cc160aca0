/**
 * Who is calling: the key per-caller limits count against and the `principal` of an audit line.
 *
 * With inbound OAuth (https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization)
 * the principal is the access token's subject (`sub`), else its client id; without it, the remote
 * address of the HTTP connection; over stdio, the one local client. The OAuth layer builds its
 * principal with {@link tokenPrincipal}; the transports fall back to {@link addressPrincipal}.
 */

/** One caller. `id` is stable per caller and is what buckets are keyed by. */
export interface Principal {
  /** `sub:<subject>`, `client:<client id>`, `addr:<remote address>` or `local`. */
  readonly id: string;
  /** The token's `sub`, when authenticated. */
  readonly subject?: string;
  /** The OAuth client id (when authenticated), else the HTTP `User-Agent`, cut to 128 characters. */
  readonly client?: string;
  /** The remote address of the connection, when there is one. */
  readonly address?: string;
}

/** The single client of a stdio server. */
export const LOCAL_PRINCIPAL: Principal = { id: "local" };

/** An unauthenticated HTTP caller, known by its remote address. */
export function addressPrincipal(address: string | undefined, userAgent: string | undefined): Principal {
  const addr = address ?? "unknown";
  return { id: `addr:${addr}`, address: addr, ...(userAgent ? { client: userAgent.slice(0, 128) } : {}) };
}

/** An authenticated caller: its token's subject, else its client id (for the OAuth layer to call). */
export function tokenPrincipal(subject: string | undefined, clientId: string | undefined, address?: string): Principal {
  const id = subject !== undefined ? `sub:${subject}` : clientId !== undefined ? `client:${clientId}` : `addr:${address ?? "unknown"}`;
  return {
    id,
    ...(subject !== undefined ? { subject } : {}),
    ...(clientId !== undefined ? { client: clientId } : {}),
    ...(address !== undefined ? { address } : {}),
  };
}

/**
 * The principal a transport attached to a message's extra info (see `MultiplexTransport.request`),
 * or undefined.
 */
export function principalOfExtra(extra: unknown): Principal | undefined {
  const principal = (extra as { principal?: unknown } | undefined)?.principal;
  return principal !== null && typeof principal === "object" && typeof (principal as Principal).id === "string" ? (principal as Principal) : undefined;
}
