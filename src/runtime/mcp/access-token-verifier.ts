/**
 * Checks an inbound access token, for the OAuth resource server (oauth-resource-server.ts).
 *
 * JWT access tokens (RFC 9068) are verified locally with `jose` against the issuer's JWKS: the
 * signature (asymmetric algorithms only, so neither `alg: none` nor an HMAC keyed with a public key
 * passes), `iss`, `aud` (this server's audience, RFC 8707), `exp` (required) and `nbf`, with a few
 * seconds of clock tolerance. The key set is fetched on first use, cached, and fetched again when a
 * token names a key it does not hold (key rotation), at most once per cooldown.
 *
 * Opaque tokens (anything that is not a compact JWS), when `introspection` is on, are sent to the
 * issuer's RFC 7662 endpoint with this server's client credentials
 * (`OPENAPI_MCP_OAUTH_CLIENT_ID` / `OPENAPI_MCP_OAUTH_CLIENT_SECRET`); the answer must be `active`,
 * for this audience and this issuer.
 *
 * Failures are the SDK's `OAuthError` `invalid_token`, with a description safe to show the client.
 * `jose` and the SDK come in as {@link OAuthModules}: loaded by the caller only when OAuth is configured.
 */
import type { AuthInfo, OAuthTokenVerifier } from "@modelcontextprotocol/server";
import type { JWTPayload } from "jose";
import { ServeConfigError } from "../core/serve-settings.js";
import type { OAuthResourceSettings } from "../core/tool-definition.js";
import type { AuthorizationServerMetadata } from "./authorization-server-metadata.js";

/** Signature algorithms accepted: asymmetric only (RFC 9068 §4 forbids `none`; HMAC would need a shared secret). */
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
/** Clock skew allowed on `exp` and `nbf`. */
const CLOCK_TOLERANCE_S = 5;
const INTROSPECTION_TIMEOUT_MS = 5_000;

/** The packages the OAuth code needs, imported once OAuth is configured (none of it loads otherwise). */
export interface OAuthModules {
  sdk: typeof import("@modelcontextprotocol/server");
  jose: typeof import("jose");
}

/** Where the verifier reads its client credentials (introspection only). */
export const INTROSPECTION_CLIENT_VARIABLES = { id: "OPENAPI_MCP_OAUTH_CLIENT_ID", secret: "OPENAPI_MCP_OAUTH_CLIENT_SECRET" } as const;

/**
 * Creates the verifier for one issuer and audience.
 *
 * @throws ServeConfigError when the metadata lacks what the settings need (a `jwks_uri`; an
 *   introspection endpoint and client credentials when `introspection` is on).
 */
export function createAccessTokenVerifier(
  settings: OAuthResourceSettings,
  metadata: AuthorizationServerMetadata,
  env: Record<string, string | undefined>,
  modules: OAuthModules,
): OAuthTokenVerifier {
  const { OAuthError, OAuthErrorCode } = modules.sdk;
  const { createRemoteJWKSet, jwtVerify } = modules.jose;
  const audience = new URL(settings.audience);
  const introspect = settings.introspection === true ? createIntrospection(settings, metadata, env, audience, modules.sdk) : undefined;
  if (metadata.jwks_uri === undefined && introspect === undefined) {
    throw new ServeConfigError(`the authorization server "${settings.issuer}" publishes no jwks_uri, so JWT access tokens cannot be checked: turn on --oauth-introspection (serve.oauth.introspection) if it issues opaque tokens`);
  }
  const keys = metadata.jwks_uri === undefined ? undefined : createRemoteJWKSet(new URL(metadata.jwks_uri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  const verify = async (token: string): Promise<AuthInfo> => {
    const jwt = token.split(".").length === 3;
    if (!jwt || keys === undefined) {
      if (introspect === undefined) throw new OAuthError(OAuthErrorCode.InvalidToken, "The access token is not a JWT");
      return introspect(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      throw new OAuthError(OAuthErrorCode.InvalidToken, describeJoseError(error, modules.jose.errors));
    }
    return authInfoOf(token, payload, audience);
  };
  return { verifyAccessToken: verify };
}

/** The client-facing reason a JWT was refused; never the token. */
function describeJoseError(error: unknown, joseErrors: OAuthModules["jose"]["errors"]): string {
  if (error instanceof joseErrors.JWTExpired) return "The access token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "The access token was not issued for this resource (aud)";
    if (error.claim === "iss") return "The access token was not issued by the expected authorization server (iss)";
    if (error.claim === "nbf") return "The access token is not valid yet (nbf)";
    return `The access token's ${error.claim} claim is invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "The access token's signature is invalid";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The access token's signing algorithm is not accepted";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "The access token is signed with a key the authorization server does not publish";
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return "The authorization server's keys could not be fetched";
  return "The access token is malformed";
}

/** RFC 9068 §2.2 claims → the SDK's AuthInfo. Scopes come from `scope` (space-separated) or `scp` (a list, as some issuers send). */
function authInfoOf(token: string, claims: Record<string, unknown>, audience: URL): AuthInfo {
  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter((s) => s !== "") : Array.isArray(claims.scp) ? claims.scp.filter((s): s is string => typeof s === "string") : [];
  const clientId = typeof claims.client_id === "string" ? claims.client_id : typeof claims.azp === "string" ? claims.azp : "";
  return {
    token,
    clientId,
    scopes,
    ...(typeof claims.exp === "number" ? { expiresAt: claims.exp } : {}),
    resource: audience,
    extra: { ...(typeof claims.sub === "string" ? { sub: claims.sub } : {}) },
  };
}

function createIntrospection(
  settings: OAuthResourceSettings,
  metadata: AuthorizationServerMetadata,
  env: Record<string, string | undefined>,
  audience: URL,
  { OAuthError, OAuthErrorCode }: OAuthModules["sdk"],
): (token: string) => Promise<AuthInfo> {
  const endpoint = metadata.introspection_endpoint;
  if (endpoint === undefined) {
    throw new ServeConfigError(`--oauth-introspection is on but the authorization server "${settings.issuer}" publishes no introspection_endpoint (RFC 8414 §2): turn introspection off, or use an issuer that offers it`);
  }
  const id = env[INTROSPECTION_CLIENT_VARIABLES.id];
  const secret = env[INTROSPECTION_CLIENT_VARIABLES.secret];
  if (!id || !secret) {
    throw new ServeConfigError(`--oauth-introspection needs this server's client credentials at the authorization server: set ${INTROSPECTION_CLIENT_VARIABLES.id} and ${INTROSPECTION_CLIENT_VARIABLES.secret}`);
  }
  // RFC 6749 §2.3.1: both parts form-encoded before Basic.
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
  return async (token) => {
    let answer: Record<string, unknown>;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
        signal: AbortSignal.timeout(INTROSPECTION_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      answer = (await response.json()) as Record<string, unknown>;
    } catch {
      throw new OAuthError(OAuthErrorCode.ServerError, "The authorization server could not introspect the access token");
    }
    if (answer.active !== true) throw new OAuthError(OAuthErrorCode.InvalidToken, "The access token is not active");
    const aud = answer.aud;
    const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    if (!audiences.includes(settings.audience)) throw new OAuthError(OAuthErrorCode.InvalidToken, "The access token was not issued for this resource (aud)");
    if (answer.iss !== undefined && answer.iss !== settings.issuer) {
      throw new OAuthError(OAuthErrorCode.InvalidToken, "The access token was not issued by the expected authorization server (iss)");
    }
    const now = Date.now() / 1000;
    if (typeof answer.nbf === "number" && answer.nbf > now + CLOCK_TOLERANCE_S) throw new OAuthError(OAuthErrorCode.InvalidToken, "The access token is not valid yet (nbf)");
    return authInfoOf(token, answer, audience);
  };
}
