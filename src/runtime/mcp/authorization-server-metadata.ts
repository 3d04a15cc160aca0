/**
 * Fetches the authorization server's metadata once, at start: RFC 8414 first, then OpenID Connect
 * discovery, in the order the MCP authorization spec gives
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-metadata-discovery).
 * The document must name the configured issuer exactly (RFC 8414 §3.3), or a look-alike could hand
 * us its own keys.
 */
import { ServeConfigError } from "../core/serve-settings.js";

/** The fields of RFC 8414 / OIDC discovery metadata this server uses. */
export interface AuthorizationServerMetadata {
  issuer: string;
  /** Where the issuer publishes its signing keys (JWT access tokens). */
  jwks_uri?: string;
  /** RFC 7662 token introspection (opaque access tokens). */
  introspection_endpoint?: string;
  scopes_supported?: string[];
  [field: string]: unknown;
}

const FETCH_TIMEOUT_MS = 10_000;

/** The discovery URLs to try, in order (RFC 8414 §3.1 path insertion, OIDC Discovery §4 appending). */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  const at = (wellKnown: string): string => new URL(`/.well-known/${wellKnown}${path}`, url.origin).href;
  if (path === "") return [at("oauth-authorization-server"), at("openid-configuration")];
  return [at("oauth-authorization-server"), at("openid-configuration"), new URL(`${url.origin}${path}/.well-known/openid-configuration`).href];
}

/**
 * Loads the issuer's metadata.
 *
 * @throws ServeConfigError naming every URL tried and why each failed.
 */
export async function loadAuthorizationServerMetadata(issuer: string): Promise<AuthorizationServerMetadata> {
  const failures: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
      continue;
    }
    if (!response.ok) {
      failures.push(`${url}: HTTP ${response.status}`);
      await response.body?.cancel();
      continue;
    }
    let document: unknown;
    try {
      document = await response.json();
    } catch {
      failures.push(`${url}: not JSON`);
      continue;
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      failures.push(`${url}: not a JSON object`);
      continue;
    }
    const metadata = document as AuthorizationServerMetadata;
    if (metadata.issuer !== issuer) {
      throw new ServeConfigError(
        `the authorization server metadata at ${url} names the issuer "${String(metadata.issuer)}", not "${issuer}" (RFC 8414 §3.3): set --oauth-issuer (serve.oauth.issuer) to the issuer exactly as the server spells it`,
      );
    }
    return metadata;
  }
  throw new ServeConfigError(`cannot load the authorization server metadata of "${issuer}" (RFC 8414, then OpenID Connect discovery): ${failures.join("; ")}`);
}
