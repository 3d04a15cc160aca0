/**
 * The HTTP endpoint as an OAuth 2.1 resource server, against a real authorization server
 * (oidc-provider, client credentials + resource indicators) in this process. Valid tokens come from
 * it; only the negative cases (expired, wrong issuer, bad signature, `alg: none`, not yet valid)
 * are made by hand, signed with its own key where a signature is needed so that only the claim
 * under test is wrong. A real SDK client makes the successful calls.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { startOAuthResourceServer } from "../../src/runtime/mcp/oauth-resource-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { OAuthResourceSettings, ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";
import { startAuthorizationServer, type TestAuthorizationServer } from "../helpers/authorization-server.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";

const AUDIENCE = "https://mcp.example.test/mcp";
const METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

function tool(name: string, method: "GET" | "POST", scopes?: string[]): ToolDefinition {
  return {
    name, description: name, inputSchema: { type: "object" }, annotations: {},
    http: { method, path: `/${name}`, arguments: [] },
    security: [], policy: { timeoutMs: 5_000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
    ...(scopes ? { scopes } : {}),
  };
}

const definition: ServerDefinition = {
  name: "oauth-test", version: "1.0.0", securitySchemes: {},
  tools: [tool("read_things", "GET"), tool("write_thing", "POST", ["issues:write"])],
};

describe("OAuth resource server (real authorization server)", () => {
  let as: TestAuthorizationServer;
  let upstream: RecordingUpstream;
  let server: RunningHttpServer;
  let opaqueServer: RunningHttpServer;

  async function start(settings: OAuthResourceSettings, env: Record<string, string> = {}): Promise<RunningHttpServer> {
    const { prepared, log } = prepareRuntime(definition, {}, { baseUrl: upstream.origin, writeLog: () => {} });
    const auth = await startOAuthResourceServer(settings, definition, env, log);
    return startHttpServer(prepared, { host: "127.0.0.1", port: 0, auth });
  }

  before(async () => {
    as = await startAuthorizationServer();
    upstream = await startRecordingUpstream();
    server = await start({ issuer: as.issuer, audience: AUDIENCE, requiredScopes: ["mcp:tools"] });
    opaqueServer = await start(
      { issuer: as.issuer, audience: AUDIENCE, requiredScopes: ["mcp:tools"], introspection: true },
      { OPENAPI_MCP_OAUTH_CLIENT_ID: as.resourceClient.id, OPENAPI_MCP_OAUTH_CLIENT_SECRET: as.resourceClient.secret },
    );
  });
  after(async () => {
    await server.close();
    await opaqueServer.close();
    await upstream.close();
    await as.close();
  });

  const call = (name: string) => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } });
  const post = (token: string | undefined, body = call("read_things"), url = server.url) =>
    fetch(url, { method: "POST", headers: { ...JSON_HEADERS, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }, body });

  /** A token signed with the authorization server's own key: only the claims the test changes are wrong. */
  const forge = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT({ scope: "mcp:tools", client_id: as.client.id, ...claims })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: as.signingKey.kid, ...header })
      .sign(as.signingKey.privateKey);
  const now = () => Math.floor(Date.now() / 1000);
  const validClaims = (): JWTPayload => ({ iss: as.issuer, aud: AUDIENCE, sub: as.client.id, iat: now(), exp: now() + 300 });

  it("serves the RFC 9728 metadata document, path-suffixed for /mcp and bare", async () => {
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const reply = await fetch(new URL(path, server.url));
      assert.equal(reply.status, 200, path);
      const doc = (await reply.json()) as Record<string, unknown>;
      assert.equal(doc.resource, AUDIENCE);
      assert.deepEqual(doc.authorization_servers, [as.issuer]);
      assert.deepEqual(doc.scopes_supported, ["mcp:tools", "issues:write"]);
      assert.deepEqual(doc.bearer_methods_supported, ["header"]);
    }
  });

  it("a valid token from the authorization server: the call works through a real SDK client, and the token never reaches the upstream", async () => {
    const token = await as.token(AUDIENCE, "mcp:tools");
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: '{"things":[1,2]}' });
    const client = new Client({ name: "oauth-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const result = (await client.callTool({ name: "read_things", arguments: {} })) as { isError?: boolean; content: Array<{ text: string }> };
    await client.close();
    assert.notEqual(result.isError, true);
    assert.match(result.content[0]!.text, /"things"/);
    assert.equal(upstream.requests.length, 1);
    const sent = upstream.requests[0]!;
    assert.equal(sent.headers.authorization, undefined);
    const everything = JSON.stringify(sent.headers) + sent.url + sent.body.toString("latin1");
    assert.ok(!everything.includes(token) && !everything.includes(token.split(".")[2]!), "the inbound token reached the upstream");
  });

  it("no token: 401 with a Bearer challenge naming the resource metadata", async () => {
    const reply = await post(undefined);
    assert.equal(reply.status, 401);
    const challenge = reply.headers.get("www-authenticate") ?? "";
    assert.match(challenge, /^Bearer /);
    assert.ok(challenge.includes(`resource_metadata="${METADATA_URL}"`), challenge);
    assert.equal(upstream.requests.length, 1, "nothing new reached the upstream");
  });

  it("a token without a tool's scopes: 403 insufficient_scope naming them; with them the call works", async () => {
    const narrow = await as.token(AUDIENCE, "mcp:tools");
    const refused = await post(narrow, call("write_thing"));
    assert.equal(refused.status, 403);
    const challenge = refused.headers.get("www-authenticate") ?? "";
    assert.match(challenge, /error="insufficient_scope"/);
    assert.match(challenge, /scope="mcp:tools issues:write"/);
    assert.ok(challenge.includes(`resource_metadata="${METADATA_URL}"`), challenge);
    const wide = await as.token(AUDIENCE, "mcp:tools issues:write");
    upstream.reset({ status: 201, headers: { "content-type": "application/json" }, body: "{}" });
    const allowed = await post(wide, call("write_thing"));
    assert.equal(allowed.status, 200);
    assert.equal(((await allowed.json()) as { result: { isError?: boolean } }).result.isError, undefined);
    assert.equal(upstream.requests.length, 1);
  });

  it("a token without the required scopes: 403 insufficient_scope naming them", async () => {
    const token = await as.token(AUDIENCE, "issues:write");
    const reply = await post(token);
    assert.equal(reply.status, 403);
    assert.match(reply.headers.get("www-authenticate") ?? "", /error="insufficient_scope".*scope="mcp:tools"/);
  });

  it("a real token for another audience: 401 invalid_token", async () => {
    const token = await as.token("https://other.example.test/mcp", "mcp:tools");
    const reply = await post(token);
    assert.equal(reply.status, 401);
    const challenge = reply.headers.get("www-authenticate") ?? "";
    assert.match(challenge, /error="invalid_token"/);
    assert.match(challenge, /\(aud\)/);
  });

  const negative: Array<[string, () => Promise<string>, RegExp]> = [
    ["expired", () => forge({ ...validClaims(), iat: now() - 600, exp: now() - 60 }), /expired/],
    ["from another issuer", () => forge({ ...validClaims(), iss: "https://evil.example.test" }), /\(iss\)/],
    ["not valid yet (nbf)", () => forge({ ...validClaims(), nbf: now() + 600 }), /\(nbf\)/],
    ["without exp", () => forge({ iss: as.issuer, aud: AUDIENCE, sub: "x", iat: now() }), /exp/],
    [
      "with a bad signature (another key, the issuer's kid)",
      async () => {
        const { privateKey } = await generateKeyPair("ES256");
        return new SignJWT({ scope: "mcp:tools", ...validClaims() }).setProtectedHeader({ alg: "ES256", kid: as.signingKey.kid }).sign(privateKey);
      },
      /signature/,
    ],
    [
      "with a tampered payload (the issuer's signature over other claims)",
      async () => {
        const real = await as.token(AUDIENCE, "mcp:tools");
        const [h, p, s] = real.split(".");
        const claims = JSON.parse(Buffer.from(p!, "base64url").toString()) as Record<string, unknown>;
        return `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: "mcp:tools issues:write" })).toString("base64url")}.${s}`;
      },
      /signature/,
    ],
    [
      "with alg: none",
      async () => `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${Buffer.from(JSON.stringify({ scope: "mcp:tools", ...validClaims() })).toString("base64url")}.`,
      /algorithm|malformed/,
    ],
    [
      "signed with HS256 (the issuer's public key as the secret)",
      async () => new SignJWT({ scope: "mcp:tools", ...validClaims() }).setProtectedHeader({ alg: "HS256", kid: as.signingKey.kid }).sign(new TextEncoder().encode("x".repeat(32))),
      /algorithm/,
    ],
    ["not a JWT at all (no introspection configured)", async () => "opaque-token-value", /not a JWT/],
  ];
  for (const [name, make, reason] of negative) {
    it(`a token ${name}: 401 invalid_token, nothing reaches the upstream`, async () => {
      upstream.reset({ status: 200, body: "{}" });
      const reply = await post(await make());
      assert.equal(reply.status, 401);
      const challenge = reply.headers.get("www-authenticate") ?? "";
      assert.match(challenge, /^Bearer error="invalid_token"/);
      assert.match(challenge, reason);
      assert.ok(challenge.includes(`resource_metadata="${METADATA_URL}"`));
      assert.equal(upstream.requests.length, 0);
    });
  }

  it("a token accepted once (and remembered) is still refused once it expires", async () => {
    const token = await forge({ ...validClaims(), exp: now() + 2 });
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal((await post(token)).status, 200);
    assert.equal((await post(token)).status, 200);
    await new Promise((r) => setTimeout(r, 3100 - (Date.now() % 1000)));
    const late = await post(token);
    assert.equal(late.status, 401);
    assert.match(late.headers.get("www-authenticate") ?? "", /expired/);
  });

  it("opaque tokens through RFC 7662 introspection: an active one works, an unknown one is refused", async () => {
    const opaque = await as.token(`opaque:${AUDIENCE}`, "mcp:tools");
    assert.equal(opaque.split(".").length, 1, "the authorization server issued an opaque token");
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    const ok = await post(opaque, call("read_things"), opaqueServer.url);
    assert.equal(ok.status, 200);
    assert.equal(upstream.requests.length, 1);
    const unknown = await post("not-a-token-the-server-issued", call("read_things"), opaqueServer.url);
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get("www-authenticate") ?? "", /not active/);
    // A JWT still verifies locally on the same server.
    const jwt = await as.token(AUDIENCE, "mcp:tools");
    assert.equal((await post(jwt, call("read_things"), opaqueServer.url)).status, 200);
  });
});
