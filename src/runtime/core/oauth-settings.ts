/**
 * Resolves the inbound OAuth settings once, at start: the command line's `--oauth-*` flags beat the
 * curation file's `serve.oauth`, and a half-configured or unsafe result is refused before anything
 * listens. Pure: imports only `node:*` and this folder, so reading a command line loads no JWT library.
 */
import { isLoopbackHost, ServeConfigError } from "./serve-settings.js";
import type { OAuthResourceSettings } from "./tool-definition.js";

/**
 * The settings the server runs with, or undefined when neither the flags nor the file ask for OAuth.
 *
 * Rules (MCP authorization, https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#communication-security):
 * the issuer is an absolute `https:` URL without query or fragment (RFC 8414 §2), `http:` only on a
 * loopback address (local development and tests); the audience is an absolute URI without fragment
 * (RFC 8707 §2).
 *
 * @throws ServeConfigError naming the setting and the fix.
 */
export function resolveOAuthSettings(
  flags: Partial<OAuthResourceSettings> | undefined,
  file: OAuthResourceSettings | undefined,
): OAuthResourceSettings | undefined {
  if (flags === undefined && file === undefined) return undefined;
  const issuer = flags?.issuer ?? file?.issuer;
  const audience = flags?.audience ?? file?.audience;
  if (issuer === undefined || audience === undefined) {
    const missing = issuer === undefined ? "--oauth-issuer (serve.oauth.issuer)" : "--oauth-audience (serve.oauth.audience)";
    throw new ServeConfigError(`OAuth is half configured: ${missing} is missing; set both the issuer and this server's audience`);
  }
  checkIssuer(issuer);
  let audienceUrl: URL;
  try {
    audienceUrl = new URL(audience);
  } catch {
    throw new ServeConfigError(`--oauth-audience (serve.oauth.audience) must be an absolute URI, this server's canonical URL such as https://mcp.example.com/mcp; got "${audience}"`);
  }
  if (audienceUrl.hash !== "") throw new ServeConfigError(`--oauth-audience (serve.oauth.audience) must not have a fragment (RFC 8707); got "${audience}"`);
  const introspection = flags?.introspection ?? file?.introspection;
  return {
    issuer,
    audience,
    requiredScopes: [...new Set(flags?.requiredScopes ?? file?.requiredScopes ?? [])],
    ...(introspection === true ? { introspection } : {}),
  };
}

function checkIssuer(issuer: string): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ServeConfigError(`--oauth-issuer (serve.oauth.issuer) must be an absolute URL such as https://auth.example.com; got "${issuer}"`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ServeConfigError(`--oauth-issuer (serve.oauth.issuer) must have no query or fragment (RFC 8414 §2); got "${issuer}"`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  throw new ServeConfigError(
    `--oauth-issuer (serve.oauth.issuer) must be an https: URL; got "${issuer}" (http: is accepted only on a loopback address, for local development)`,
  );
}
