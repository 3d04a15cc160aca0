/**
 * The HTTP endpoint as an OAuth 2.1 resource server, per the MCP authorization spec
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization): every request
 * carries `Authorization: Bearer <token>`, a token this server's issuer minted for this server's
 * audience (RFC 8707), checked by {@link createAccessTokenVerifier}. A missing or bad token is
 * answered 401 with `WWW-Authenticate: Bearer resource_metadata="…"` pointing at this server's
 * RFC 9728 Protected Resource Metadata, which names the issuer, so a client can find where to get
 * a token; a token without the required scopes, or without a tool's own scopes on `tools/call`,
 * is answered 403 `error="insufficient_scope"` with `scope="…"` (the step-up challenge).
 *
 * The token is used for nothing else: it is never forwarded upstream (the upstream's credentials
 * are this server's own, from its environment) — token passthrough is forbidden by the spec.
 *
 * Built on the v2 SDK's resource-server helpers (`verifyBearerToken`, `bearerAuthChallengeResponse`,
 * `buildOAuthProtectedResourceMetadata`, `getOAuthProtectedResourceMetadataUrl`), so the challenge
 * format matches what SDK clients parse. This file is loaded only when OAuth is configured, and it
 * imports `jose` and the v2 SDK only then (a static import would put them in every generated
 * project's start-up, bundled or not).
 */
import type { ServerResponse } from "node:http";
import type { OAuthMetadata, OAuthTokenVerifier } from "@modelcontextprotocol/server";
import type { Log } from "../core/logger.js";
import type { OAuthResourceSettings, ServerDefinition } from "../core/tool-definition.js";
import { createAccessTokenVerifier, type OAuthModules } from "./access-token-verifier.js";
import { loadAuthorizationServerMetadata, type AuthorizationServerMetadata } from "./authorization-server-metadata.js";
import type { Caller, InboundAuth } from "./inbound-auth.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/**
 * Fetches the issuer's metadata and prepares the resource server.
 *
 * @throws ServeConfigError when the metadata cannot be loaded or lacks what the settings need.
 */
export async function startOAuthResourceServer(
  settings: OAuthResourceSettings,
  definition: ServerDefinition,
  env: Record<string, string | undefined>,
  log: Log,
  /** The MCP endpoint's path on this listener (`/mcp`): its path-suffixed metadata route is served too. */
  endpointPath = "/mcp",
): Promise<InboundAuth> {
  const [sdk, jose, metadata] = await Promise.all([import("@modelcontextprotocol/server"), import("jose"), loadAuthorizationServerMetadata(settings.issuer)]);
  const modules: OAuthModules = { sdk, jose };
  return createOAuthResourceServer(settings, definition, metadata, createAccessTokenVerifier(settings, metadata, env, modules), log, sdk, endpointPath);
}

/** The resource server for known metadata and a verifier (tests pass their own). */
export function createOAuthResourceServer(
  settings: OAuthResourceSettings,
  definition: ServerDefinition,
  metadata: AuthorizationServerMetadata,
  verifier: OAuthTokenVerifier,
  log: Log,
  sdk: OAuthModules["sdk"],
  endpointPath = "/mcp",
): InboundAuth {
  const { bearerAuthChallengeResponse, buildOAuthProtectedResourceMetadata, getOAuthProtectedResourceMetadataUrl, OAuthError, OAuthErrorCode, verifyBearerToken } = sdk;
  const audience = new URL(settings.audience);
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(audience);
  const toolScopes = new Map<string, string[]>();
  for (const tool of definition.tools) if (tool.scopes !== undefined && tool.scopes.length > 0) toolScopes.set(tool.name, tool.scopes);
  const scopesSupported = [...new Set([...settings.requiredScopes, ...[...toolScopes.values()].flat()])];
  const document = JSON.stringify({
    // The SDK helper reads only `issuer` from the AS metadata (and checks it is https or loopback,
    // which resolveOAuthSettings has already enforced, IPv6 loopback included).
    ...buildOAuthProtectedResourceMetadata({
      oauthMetadata: metadata as unknown as OAuthMetadata,
      resourceServerUrl: audience,
      resourceName: definition.name,
      dangerouslyAllowInsecureIssuerUrl: true,
      ...(scopesSupported.length > 0 ? { scopesSupported } : {}),
    }),
    bearer_methods_supported: ["header"],
  });
  const metadataPaths = new Set([WELL_KNOWN, new URL(resourceMetadataUrl).pathname, `${WELL_KNOWN}${endpointPath}`]);
  const options = { verifier, requiredScopes: settings.requiredScopes, resourceMetadataUrl, expectedResource: audience };
  /**
   * Authorization headers accepted lately → the caller, until the token expires or for 60 s,
   * whichever is sooner, at most 1000 (the oldest forgotten first). An ES256 check costs ~0.2 ms of
   * CPU and a client sends the same token with every request; the required scopes are constant, so
   * the first check stands. Refusals are not remembered. So a key the issuer withdraws, or a token
   * it revokes (introspection), stops working within 60 s.
   */
  const recent = new Map<string, { caller: Caller; until: number }>();
  const RECENT_SIZE = 1000;
  const RECENT_TTL_S = 60;

  return {
    serveMetadata(req, res, pathname) {
      if (!metadataPaths.has(pathname)) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return true;
      }
      res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=3600", "access-control-allow-origin": "*" });
      res.end(req.method === "HEAD" ? undefined : document);
      return true;
    },

    authenticate(req, res) {
      const header = req.headers.authorization;
      if (header !== undefined) {
        const known = recent.get(header);
        if (known !== undefined && known.until > Date.now() / 1000) return known.caller;
        if (known !== undefined) recent.delete(header);
      }
      return verify(header, res);
    },

    authorizeMessages(caller, messages, res) {
      if (toolScopes.size === 0) return true;
      const needed = new Set<string>();
      for (const message of messages) {
        const m = message as { method?: unknown; params?: { name?: unknown } };
        if (m.method !== "tools/call" || typeof m.params?.name !== "string") continue;
        const scopes = toolScopes.get(m.params.name);
        if (scopes !== undefined && !scopes.every((s) => caller.scopes.includes(s))) for (const s of scopes) needed.add(s);
      }
      if (needed.size === 0) return true;
      // RFC 6750 §3.1: the scope the request needs; the required ones too, so a client asking for
      // exactly this does not lose them (MCP "scope challenge handling").
      const scope = [...new Set([...settings.requiredScopes, ...needed])];
      log("debug", "tools/call refused: insufficient scope", { needed: [...needed].join(" ") });
      const error = new OAuthError(OAuthErrorCode.InsufficientScope, `This tool needs the scopes: ${[...needed].join(" ")}`);
      void sendWebResponse(res, bearerAuthChallengeResponse(error, { requiredScopes: scope, resourceMetadataUrl }));
      return false;
    },
  };

  async function verify(header: string | undefined, res: ServerResponse): Promise<Caller | undefined> {
    try {
      const info = await verifyBearerToken(header, options);
      const sub = info.extra?.sub;
      const caller: Caller = { clientId: info.clientId, scopes: info.scopes, ...(typeof sub === "string" ? { subject: sub } : {}) };
      const now = Date.now() / 1000;
      if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
      recent.set(header!, { caller, until: Math.min(info.expiresAt ?? now, now + RECENT_TTL_S) });
      return caller;
    } catch (error) {
      if (!(error instanceof OAuthError)) log("error", "checking an access token failed", { error: error instanceof Error ? error.message : String(error) });
      else log("debug", "request refused: access token not accepted", { error: error.code, reason: error.message });
      await sendWebResponse(res, bearerAuthChallengeResponse(error, { requiredScopes: settings.requiredScopes, resourceMetadataUrl }));
      return undefined;
    }
  }
}

/** Writes a fetch `Response` (the SDK helpers' answer) to a Node response. */
async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(response.status, headers).end(body);
}

