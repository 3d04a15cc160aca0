/**
 * A real OAuth 2.1 authorization server for tests: `oidc-provider` on 127.0.0.1 (port 0), with the
 * client credentials grant and resource indicators (RFC 8707), issuing JWT access tokens (RFC 9068)
 * whose `aud` is the resource asked for; resources under `opaque:` get opaque tokens instead, for
 * introspection (RFC 7662). Its keys are generated per run; `privateKey` is exposed only so
 * negative tests can forge tokens the way an attacker holding a stolen key could not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import Provider from "oidc-provider";

/** A running authorization server. */
export interface TestAuthorizationServer {
  issuer: string;
  /** A client allowed every scope below: `mcp:tools issues:write`. */
  client: { id: string; secret: string };
  /** The resource server's own client (for introspection). */
  resourceClient: { id: string; secret: string };
  /** The issuer's signing key (ES256), as published in its JWKS under `kid`. */
  signingKey: { privateKey: CryptoKey; kid: string };
  /** Client credentials grant: a token for `resource` with `scope`. */
  token(resource: string, scope: string): Promise<string>;
  close(): Promise<void>;
}

/** Scopes the test authorization server knows. */
export const TEST_SCOPES = ["mcp:tools", "issues:write"];

/** Starts the server; close it when done. */
export async function startAuthorizationServer(): Promise<TestAuthorizationServer> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = "test-es256";
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
  const client = { id: "mcp-test-client", secret: "mcp-test-client-secret-0123456789abcdef" };
  const resourceClient = { id: "mcp-resource-server", secret: "mcp-resource-server-secret-0123456789ab" };
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      { client_id: client.id, client_secret: client.secret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [], scope: TEST_SCOPES.join(" "), id_token_signed_response_alg: "ES256" },
      { client_id: resourceClient.id, client_secret: resourceClient.secret, grant_types: [], redirect_uris: [], response_types: [], id_token_signed_response_alg: "ES256" },
    ],
    scopes: TEST_SCOPES,
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: () => true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          scope: TEST_SCOPES.join(" "),
          audience: resource.replace(/^opaque:/, ""),
          accessTokenTTL: 300,
          accessTokenFormat: resource.startsWith("opaque:") ? "opaque" : "jwt",
          ...(resource.startsWith("opaque:") ? {} : { jwt: { sign: { alg: "ES256" } } }),
        }),
      },
    },
  });
  http.on("request", provider.callback());
  return {
    issuer,
    client,
    resourceClient,
    signingKey: { privateKey, kid },
    async token(resource, scope) {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", scope, resource }).toString(),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || body.access_token === undefined) throw new Error(`token request failed: ${response.status} ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
