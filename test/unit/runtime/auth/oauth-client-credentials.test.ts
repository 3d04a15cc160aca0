import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { applyAuth } from "../../../../src/runtime/auth/apply-auth.js";
import { readCredentials } from "../../../../src/runtime/auth/credentials.js";
import {
  clientBasicCredentials,
  createTokenProvider,
  OAuthTokenError,
  requestClientCredentialsToken,
  type TokenRequest,
} from "../../../../src/runtime/auth/oauth-client-credentials.js";

const CANARY = "canary-s3cr3t-9f8e7d";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A loopback token endpoint with fault switches. */
let server: Server;
let origin: string;
let seen: Seen[] = [];
let mode: { status: number; body: string | ((n: number) => string); delayMs: number; headers?: Record<string, string> };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

before(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, contentType: req.headers["content-type"], body });
    const n = seen.length;
    if (mode.delayMs > 0) await new Promise((r) => setTimeout(r, mode.delayMs));
    res.writeHead(mode.status, { "Content-Type": "application/json", ...mode.headers });
    res.end(typeof mode.body === "function" ? mode.body(n) : mode.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

beforeEach(() => {
  seen = [];
  mode = { status: 200, body: (n) => JSON.stringify({ access_token: `tok-${n}`, token_type: "Bearer", expires_in: 3600 }), delayMs: 0 };
});

function tokenRequest(extra: Partial<TokenRequest> = {}): TokenRequest {
  return { scheme: "cc", tokenUrl: `${origin}/oauth/token?tenant=1`, clientId: "my client", clientSecret: CANARY, scopes: [], ...extra };
}

describe("requestClientCredentialsToken", () => {
  test("POSTs grant_type and scope with HTTP Basic client authentication (RFC 6749 §2.3.1, §4.4.2)", async () => {
    const token = await requestClientCredentialsToken(tokenRequest({ clientId: "id:with+chars", scopes: ["pets:read", "pets:write"] }));
    assert.deepEqual(token, { accessToken: "tok-1", expiresIn: 3600 });
    assert.equal(seen.length, 1);
    const [s] = seen as [Seen];
    assert.equal(s.method, "POST");
    assert.equal(s.url, "/oauth/token?tenant=1");
    assert.equal(s.contentType, "application/x-www-form-urlencoded");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(s.body)), { grant_type: "client_credentials", scope: "pets:read pets:write" });
    // Each part is form-urlencoded before base64.
    assert.equal(Buffer.from((s.authorization ?? "").replace(/^Basic /, ""), "base64").toString(), `id%3Awith%2Bchars:${CANARY}`);
    assert.equal(s.authorization, `Basic ${clientBasicCredentials("id:with+chars", CANARY)}`);
  });

  test("no scope parameter without scopes; expires_in may be a string or absent", async () => {
    mode.body = JSON.stringify({ access_token: "a", token_type: "bearer", expires_in: "60" });
    assert.deepEqual(await requestClientCredentialsToken(tokenRequest()), { accessToken: "a", expiresIn: 60 });
    assert.deepEqual(Object.fromEntries(new URLSearchParams(seen[0]?.body)), { grant_type: "client_credentials" });
    mode.body = JSON.stringify({ access_token: "b" });
    assert.deepEqual(await requestClientCredentialsToken(tokenRequest()), { accessToken: "b" });
  });

  const FAILURES: Array<[string, { status: number; body: string; headers?: Record<string, string>; want: RegExp }]> = [
    ["401 with an RFC 6749 error code", { status: 401, body: JSON.stringify({ error: "invalid_client", error_description: `bad secret ${CANARY}` }), want: /^token request to http:\/\/127\.0\.0\.1:\d+\/oauth\/token failed: HTTP 401 \(invalid_client\)$/ }],
    ["500 echoing the secret in the body", { status: 500, body: `oops ${CANARY} access_token=leak`, want: /failed: HTTP 500$/ }],
    ["an error code that is not a code", { status: 400, body: JSON.stringify({ error: CANARY }), want: /failed: HTTP 400$/ }],
    ["a redirect is not followed", { status: 302, body: "", headers: { Location: "http://evil.example/steal" }, want: /HTTP 302 \(redirects are not followed\)/ }],
    ["not JSON", { status: 200, body: `<html>${CANARY}</html>`, want: /returned a response that is not a JSON object/ }],
    ["no access_token", { status: 200, body: JSON.stringify({ token_type: "Bearer" }), want: /returned no access_token/ }],
    ["another token type", { status: 200, body: JSON.stringify({ access_token: CANARY, token_type: "mac" }), want: /unsupported token_type "mac"/ }],
    ["a token that cannot go in a header", { status: 200, body: JSON.stringify({ access_token: "a\r\nX-Evil: 1" }), want: /cannot be sent in a header/ }],
  ];
  for (const [name, { status, body, headers, want }] of FAILURES) {
    test(`error: ${name}`, async () => {
      mode = { status, body, delayMs: 0, ...(headers ? { headers } : {}) };
      const error = await requestClientCredentialsToken(tokenRequest()).then(
        () => assert.fail("should reject"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OAuthTokenError);
      assert.match(error.message, want);
      assert.equal(error.endpoint, `${origin}/oauth/token`);
      const everything = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      assert.ok(!everything.includes(CANARY), "no secret in the error");
      assert.ok(!everything.includes("tenant=1"), "no query in the error");
      assert.ok(!everything.includes("leak"), "no response body in the error");
    });
  }

  test("error: unreachable endpoint names the origin and path only", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const error = await requestClientCredentialsToken(tokenRequest({ tokenUrl: `http://127.0.0.1:${port}/t?x=${CANARY}` })).catch((e: unknown) => e);
    assert.ok(error instanceof OAuthTokenError);
    assert.equal(error.code, "network");
    assert.equal(error.message, `token request to http://127.0.0.1:${port}/t failed (ECONNREFUSED)`);
    // fetch refuses URLs with user info; the message must not repeat it.
    const userinfo = await requestClientCredentialsToken(tokenRequest({ tokenUrl: `http://user:${CANARY}@127.0.0.1:${port}/t` })).catch((e: unknown) => e);
    assert.ok(userinfo instanceof OAuthTokenError);
    assert.equal(userinfo.message.includes(CANARY), false);
    assert.equal(userinfo.endpoint, `http://127.0.0.1:${port}/t`);
  });

  test("error: timeout and invalid URL", async () => {
    mode.delayMs = 300;
    const timeout = await requestClientCredentialsToken(tokenRequest(), { timeoutMs: 50 }).catch((e: unknown) => e);
    assert.ok(timeout instanceof OAuthTokenError);
    assert.equal(timeout.code, "timeout");
    const invalid = await requestClientCredentialsToken(tokenRequest({ tokenUrl: "/relative" })).catch((e: unknown) => e);
    assert.ok(invalid instanceof OAuthTokenError);
    assert.equal(invalid.code, "invalid_url");
  });
});

describe("createTokenProvider", () => {
  test("many concurrent callers share one fetch; later calls hit the cache", async () => {
    mode.delayMs = 50;
    const tokens: string[] = [];
    const provider = createTokenProvider({ onToken: (t) => tokens.push(t) });
    const results = await Promise.all(Array.from({ length: 20 }, () => provider(tokenRequest({ scopes: ["b", "a"] }))));
    assert.deepEqual(new Set(results), new Set(["tok-1"]));
    assert.equal(await provider(tokenRequest({ scopes: ["a", "b", "a"] })), "tok-1", "scope order and duplicates do not matter");
    assert.equal(seen.length, 1);
    assert.deepEqual(tokens, ["tok-1"]);
    assert.equal(new URLSearchParams(seen[0]?.body).get("scope"), "a b");
  });

  test("separate cache entries per scheme and per scope set", async () => {
    const provider = createTokenProvider();
    assert.equal(await provider(tokenRequest({ scopes: ["a"] })), "tok-1");
    assert.equal(await provider(tokenRequest({ scopes: ["b"] })), "tok-2");
    assert.equal(await provider(tokenRequest({ scheme: "other", scopes: ["a"] })), "tok-3");
    assert.equal(await provider(tokenRequest({ scopes: ["a"] })), "tok-1");
    assert.equal(seen.length, 3);
  });

  test("renewed 30 s before expiry, on an injected clock", async () => {
    let clock = 1_000_000;
    const provider = createTokenProvider({ now: () => clock });
    assert.equal(await provider(tokenRequest()), "tok-1");
    clock += 3_569_999; // 3600 s − 30 s − 1 ms
    assert.equal(await provider(tokenRequest()), "tok-1");
    clock += 1;
    assert.equal(await provider(tokenRequest()), "tok-2");
    assert.equal(seen.length, 2);
  });

  test("short lifetimes keep half of it: a 10 s token is reused for 5 s", async () => {
    mode.body = (n) => JSON.stringify({ access_token: `tok-${n}`, expires_in: 10 });
    let clock = 0;
    const provider = createTokenProvider({ now: () => clock });
    await provider(tokenRequest());
    clock = 4_999;
    assert.equal(await provider(tokenRequest()), "tok-1");
    clock = 5_000;
    assert.equal(await provider(tokenRequest()), "tok-2");
  });

  test("a token without expires_in is kept until a forced refresh", async () => {
    mode.body = (n) => JSON.stringify({ access_token: `tok-${n}` });
    let clock = 0;
    const provider = createTokenProvider({ now: () => clock });
    await provider(tokenRequest());
    clock = 365 * 24 * 3600 * 1000;
    assert.equal(await provider(tokenRequest()), "tok-1");
    assert.equal(await provider(tokenRequest(), { forceRefresh: true }), "tok-2");
  });

  test("forceRefresh fetches anew; concurrent forced refreshes share one fetch", async () => {
    const provider = createTokenProvider();
    assert.equal(await provider(tokenRequest()), "tok-1");
    mode.delayMs = 30;
    const refreshed = await Promise.all([1, 2, 3].map(() => provider(tokenRequest(), { forceRefresh: true })));
    assert.deepEqual(refreshed, ["tok-2", "tok-2", "tok-2"]);
    assert.equal(await provider(tokenRequest()), "tok-2");
    assert.equal(seen.length, 2);
  });

  test("failures are shared by waiters, not cached", async () => {
    mode = { status: 503, body: "{}", delayMs: 30 };
    const provider = createTokenProvider();
    const results = await Promise.allSettled([provider(tokenRequest()), provider(tokenRequest())]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    assert.equal(seen.length, 1);
    mode = { status: 200, body: JSON.stringify({ access_token: "ok", expires_in: 60 }), delayMs: 0 };
    assert.equal(await provider(tokenRequest()), "ok");
  });
});

describe("applyAuth with a real token endpoint", () => {
  test("20 concurrent tool calls: one token request, every call gets the Bearer token", async () => {
    mode.delayMs = 30;
    const schemes = { cc: { type: "oauth2" as const, flows: { clientCredentials: { tokenUrl: "/oauth/token", scopes: { read: "" } } } } };
    const store = readCredentials(schemes, { OPENAPI_MCP_AUTH_CC_CLIENT_ID: "cid", OPENAPI_MCP_AUTH_CC_CLIENT_SECRET: CANARY });
    const ctx = { store, schemes, fetchToken: createTokenProvider() };
    const requests = Array.from({ length: 20 }, () => ({ method: "GET", url: `${origin}/api/pets`, headers: {} as Record<string, string> }));
    await Promise.all(requests.map((r) => applyAuth(r, [{ cc: ["read"] }], ctx)));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.url, "/oauth/token", "relative token URL resolved against the API URL");
    assert.equal(new URLSearchParams(seen[0]?.body).get("scope"), "read");
    for (const r of requests) assert.equal(r.headers["Authorization"], "Bearer tok-1");
    const retry = requests[0] as (typeof requests)[number];
    await applyAuth(retry, [{ cc: ["read"] }], ctx, { forceRefresh: true });
    assert.equal(retry.headers["Authorization"], "Bearer tok-2");
  });
});
