/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4): fetches access tokens with a client ID and
 * secret from configuration, caches them until shortly before they expire, and shares one in-flight
 * request among concurrent callers. Errors name the token endpoint (origin and path) and the HTTP
 * status — never the client secret, never the response body.
 */
import { Buffer } from "node:buffer";

/** What one token request needs. */
export interface TokenRequest {
  /** The security scheme's name: part of the cache key. */
  scheme: string;
  /** Absolute http(s) URL of the token endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as `scope` when non-empty. */
  scopes: readonly string[];
}

/** Returns an access token for the request; `forceRefresh` skips the cache (used once after an upstream 401). */
export type TokenProvider = (request: TokenRequest, options?: { forceRefresh?: boolean }) => Promise<string>;

/** A token as the endpoint returned it (RFC 6749 §5.1). */
export interface AccessToken {
  accessToken: string;
  /** Lifetime in seconds, when the endpoint said. */
  expiresIn?: number;
}

/** Why a token request failed. */
export type OAuthTokenErrorCode = "invalid_url" | "network" | "timeout" | "http_status" | "invalid_response";

/** A failed token request. The message is safe to show: endpoint origin+path and status only. */
export class OAuthTokenError extends Error {
  override readonly name = "OAuthTokenError";
  constructor(
    readonly code: OAuthTokenErrorCode,
    message: string,
    /** Origin and path of the token endpoint (no query, no user info). */
    readonly endpoint: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Options for {@link requestClientCredentialsToken}. */
export interface TokenFetchOptions {
  /** Injectable for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Deadline for one token request. Default 10 s. */
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;
/** RFC 6749 §5.2 error codes are short ASCII words; anything else is not echoed. */
const SAFE_ERROR_CODE = /^[a-z_]{1,40}$/;

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
function formEncode(text: string): string {
  return new URLSearchParams([["", text]]).toString().slice(1);
}

/**
 * The HTTP Basic credentials a client sends (RFC 6749 §2.3.1): client ID and secret are each
 * form-urlencoded, then joined by a colon and base64-encoded.
 */
export function clientBasicCredentials(clientId: string, clientSecret: string): string {
  return Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, "utf8").toString("base64");
}

async function readCapped(response: Response, endpoint: string): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new OAuthTokenError("invalid_response", `token endpoint ${endpoint} returned more than 1 MiB`, endpoint, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Requests one token: `POST tokenUrl` with `grant_type=client_credentials` (and `scope`), client
 * authentication by HTTP Basic. Redirects are not followed: they would resend the secret elsewhere.
 */
export async function requestClientCredentialsToken(request: TokenRequest, options: TokenFetchOptions = {}): Promise<AccessToken> {
  let url: URL;
  try {
    url = new URL(request.tokenUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new OAuthTokenError("invalid_url", `token URL for "${request.scheme}" is not an absolute http(s) URL`, "");
  }
  const endpoint = `${url.origin}${url.pathname}`;
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (request.scopes.length > 0) form.set("scope", request.scopes.join(" "));
  const fetchImpl = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: {
        Authorization: `Basic ${clientBasicCredentials(request.clientId, request.clientSecret)}`,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: form.toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new OAuthTokenError("timeout", `token request to ${endpoint} timed out`, endpoint);
    }
    // Only the system error code (ECONNREFUSED, ENOTFOUND, ...): the error itself may carry the request.
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const detail = typeof code === "string" && /^[A-Z_]{1,40}$/.test(code) ? ` (${code})` : "";
    throw new OAuthTokenError("network", `token request to ${endpoint} failed${detail}`, endpoint);
  }
  const text = await readCapped(response, endpoint);
  if (response.status >= 300 && response.status < 400) {
    throw new OAuthTokenError("http_status", `token request to ${endpoint} failed: HTTP ${response.status} (redirects are not followed)`, endpoint, response.status);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!response.ok) {
    const code = fields?.error;
    const detail = typeof code === "string" && SAFE_ERROR_CODE.test(code) ? ` (${code})` : "";
    throw new OAuthTokenError("http_status", `token request to ${endpoint} failed: HTTP ${response.status}${detail}`, endpoint, response.status);
  }
  const invalid = (what: string): OAuthTokenError =>
    new OAuthTokenError("invalid_response", `token endpoint ${endpoint} returned ${what}`, endpoint, response.status);
  if (fields === undefined) throw invalid("a response that is not a JSON object");
  const token = fields.access_token;
  if (typeof token !== "string" || token === "") throw invalid("no access_token");
  if (/[\u0000-\u001F\u007F]|[^\u0000-\u00FF]/.test(token)) throw invalid("an access_token that cannot be sent in a header");
  const type = fields.token_type;
  if (type !== undefined && (typeof type !== "string" || type.toLowerCase() !== "bearer")) {
    const shown = typeof type === "string" && /^[A-Za-z0-9_-]{1,32}$/.test(type) ? ` "${type}"` : "";
    throw invalid(`an unsupported token_type${shown} (only Bearer is supported)`);
  }
  const rawExpiry = typeof fields.expires_in === "string" ? Number(fields.expires_in) : fields.expires_in;
  const expiresIn = typeof rawExpiry === "number" && Number.isFinite(rawExpiry) && rawExpiry > 0 ? rawExpiry : undefined;
  return expiresIn === undefined ? { accessToken: token } : { accessToken: token, expiresIn };
}

/** Options for {@link createTokenProvider}. */
export interface TokenProviderOptions extends TokenFetchOptions {
  /** Clock in milliseconds; injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** A token is renewed this long before it expires (at most half its lifetime). Default 30 s. */
  marginMs?: number;
  /** Called with every new access token before anyone uses it, e.g. to add it to the log redactor. */
  onToken?: (token: string) => void;
}

interface CacheEntry {
  token: string;
  /** Milliseconds on the provider's clock; undefined when the endpoint gave no lifetime (kept until a forced refresh). */
  renewAt?: number;
}

/**
 * A caching token provider: one cache entry per (scheme, token URL, client ID, scopes). Concurrent
 * callers share one in-flight request; a forced refresh joins a request already in flight rather
 * than starting another. Failures are not cached.
 */
export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 30_000;
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<string>>();

  const fetchInto = (key: string, request: TokenRequest): Promise<string> => {
    const startedAt = now();
    const promise = requestClientCredentialsToken(request, options)
      .then(({ accessToken, expiresIn }) => {
        options.onToken?.(accessToken);
        const lifetimeMs = expiresIn === undefined ? undefined : expiresIn * 1000;
        const renewAt = lifetimeMs === undefined ? undefined : startedAt + lifetimeMs - Math.min(marginMs, lifetimeMs / 2);
        cache.set(key, renewAt === undefined ? { token: accessToken } : { token: accessToken, renewAt });
        return accessToken;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };

  return async (request, { forceRefresh = false } = {}) => {
    const scopes = [...new Set(request.scopes)].sort();
    const key = JSON.stringify([request.scheme, request.tokenUrl, request.clientId, scopes]);
    const pending = inFlight.get(key);
    if (pending) return pending;
    const entry = cache.get(key);
    if (!forceRefresh && entry && (entry.renewAt === undefined || now() < entry.renewAt)) return entry.token;
    cache.delete(key);
    return fetchInto(key, { ...request, scopes });
  };
}
