import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyAuth, createAuthContext, type AuthContext, type AuthResult } from "../../../../src/runtime/auth/apply-auth.js";
import type { BuiltRequest } from "../../../../src/runtime/request/build-request.js";
import { readCredentials } from "../../../../src/runtime/auth/credentials.js";
import type { TokenProvider, TokenRequest } from "../../../../src/runtime/auth/oauth-client-credentials.js";
import type { SecurityRequirement, SecuritySchemeDefinition } from "../../../../src/runtime/core/tool-definition.js";

const SCHEMES: Record<string, SecuritySchemeDefinition> = {
  headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  queryKey: { type: "apiKey", in: "query", name: "api key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "session" },
  bearerAuth: { type: "http", scheme: "bearer" },
  tokenAuth: { type: "http", scheme: "token" },
  basicAuth: { type: "http", scheme: "basic" },
  cc: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "/oauth/token", scopes: { "pets:read": "", "pets:write": "" } } } },
  oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example.com/.well-known/openid-configuration" },
  mtls: { type: "mutualTLS" },
};

const ENV = {
  OPENAPI_MCP_AUTH_HEADER_KEY: "hk-1234",
  OPENAPI_MCP_AUTH_QUERY_KEY: "q&k=1/é",
  OPENAPI_MCP_AUTH_COOKIE_KEY: "c k;1",
  OPENAPI_MCP_AUTH_BEARER_AUTH: "bearer-tok",
  OPENAPI_MCP_AUTH_TOKEN_AUTH: "tok-tok",
  OPENAPI_MCP_AUTH_BASIC_AUTH_USERNAME: "Aladdin",
  OPENAPI_MCP_AUTH_BASIC_AUTH_PASSWORD: "open sesame",
  OPENAPI_MCP_AUTH_CC_CLIENT_ID: "client",
  OPENAPI_MCP_AUTH_CC_CLIENT_SECRET: "client-secret",
  OPENAPI_MCP_AUTH_OIDC: "oidc-tok",
};

function fakeTokens(): { provider: TokenProvider; calls: Array<{ request: TokenRequest; forceRefresh: boolean }> } {
  const calls: Array<{ request: TokenRequest; forceRefresh: boolean }> = [];
  const provider: TokenProvider = async (request, options) => {
    calls.push({ request, forceRefresh: options?.forceRefresh ?? false });
    return `minted-${calls.length}`;
  };
  return { provider, calls };
}

function context(env: Record<string, string> = ENV, provider?: TokenProvider): AuthContext {
  return { store: readCredentials(SCHEMES, env), schemes: SCHEMES, ...(provider ? { fetchToken: provider } : {}) };
}

function request(extra: Partial<BuiltRequest> = {}): BuiltRequest {
  return { method: "GET", url: "https://api.example.com/v1/pets?limit=5", headers: { Accept: "application/json" }, ...extra };
}

const OK = (applied: string[]): AuthResult => ({ ok: true, applied, missing: [], unsupported: [] });

describe("applyAuth: each scheme type", () => {
  const CASES: Array<[string, { given: { security: SecurityRequirement[]; req?: BuiltRequest }; want: { req: BuiltRequest; result: AuthResult } }]> = [
    [
      "apiKey in a header",
      {
        given: { security: [{ headerKey: [] }] },
        want: { req: request({ headers: { Accept: "application/json", "X-API-Key": "hk-1234" } }), result: OK(["headerKey"]) },
      },
    ],
    [
      "apiKey header replaces a same-named header whatever its case",
      {
        given: { security: [{ headerKey: [] }], req: request({ headers: { "x-api-key": "from-the-model" } }) },
        want: { req: request({ headers: { "X-API-Key": "hk-1234" } }), result: OK(["headerKey"]) },
      },
    ],
    [
      "apiKey in the query, percent-encoded, appended to existing pairs",
      {
        given: { security: [{ queryKey: [] }] },
        want: { req: request({ url: "https://api.example.com/v1/pets?limit=5&api%20key=q%26k%3D1%2F%C3%A9" }), result: OK(["queryKey"]) },
      },
    ],
    [
      "apiKey in the query of a URL without one, replacing a same-named pair",
      {
        given: { security: [{ queryKey: [] }], req: request({ url: "https://api.example.com/x?api+key=evil&b=2" }) },
        want: { req: request({ url: "https://api.example.com/x?b=2&api%20key=q%26k%3D1%2F%C3%A9" }), result: OK(["queryKey"]) },
      },
    ],
    [
      "apiKey in a cookie, alone",
      {
        given: { security: [{ cookieKey: [] }] },
        want: { req: request({ headers: { Accept: "application/json", Cookie: "session=c%20k%3B1" } }), result: OK(["cookieKey"]) },
      },
    ],
    [
      "apiKey cookie merged after cookie parameters, replacing a same-named cookie",
      {
        given: { security: [{ cookieKey: [] }], req: request({ headers: { cookie: "theme=dark; session=evil; lang=en" } }) },
        want: { req: request({ headers: { Cookie: "theme=dark; lang=en; session=c%20k%3B1" } }), result: OK(["cookieKey"]) },
      },
    ],
    [
      "http bearer",
      {
        given: { security: [{ bearerAuth: [] }], req: request({ headers: { authorization: "x" } }) },
        want: { req: request({ headers: { Authorization: "Bearer bearer-tok" } }), result: OK(["bearerAuth"]) },
      },
    ],
    [
      "another http scheme keeps its name",
      {
        given: { security: [{ tokenAuth: [] }] },
        want: { req: request({ headers: { Accept: "application/json", Authorization: "token tok-tok" } }), result: OK(["tokenAuth"]) },
      },
    ],
    [
      "http basic (RFC 7617 example)",
      {
        given: { security: [{ basicAuth: [] }] },
        want: { req: request({ headers: { Accept: "application/json", Authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" } }), result: OK(["basicAuth"]) },
      },
    ],
    [
      "openIdConnect ready token",
      {
        given: { security: [{ oidc: ["openid"] }] },
        want: { req: request({ headers: { Accept: "application/json", Authorization: "Bearer oidc-tok" } }), result: OK(["oidc"]) },
      },
    ],
    [
      "an alternative with two schemes applies both",
      {
        given: { security: [{ headerKey: [], cookieKey: [] }] },
        want: { req: request({ headers: { Accept: "application/json", "X-API-Key": "hk-1234", Cookie: "session=c%20k%3B1" } }), result: OK(["headerKey", "cookieKey"]) },
      },
    ],
  ];
  for (const [name, { given, want }] of CASES) {
    test(name, async () => {
      const req = given.req ?? request();
      const result = await applyAuth(req, given.security, context(ENV, fakeTokens().provider));
      assert.deepEqual(req, want.req);
      assert.deepEqual(result, want.result);
    });
  }

  test("re-applying is idempotent (the retry after a 401 reuses the request)", async () => {
    const req = request({ headers: { Cookie: "a=1" } });
    const ctx = context(ENV, fakeTokens().provider);
    const security = [{ queryKey: [], cookieKey: [], headerKey: [] }];
    await applyAuth(req, security, ctx);
    const once = structuredClone(req);
    await applyAuth(req, security, ctx);
    assert.deepEqual(req, once);
  });

  test("a ready oauth2 token is sent as Bearer without fetching", async () => {
    const { provider, calls } = fakeTokens();
    const req = request();
    await applyAuth(req, [{ cc: ["pets:read"] }], context({ OPENAPI_MCP_AUTH_CC: "ready", OPENAPI_MCP_AUTH_CC_CLIENT_ID: "a", OPENAPI_MCP_AUTH_CC_CLIENT_SECRET: "b" }, provider));
    assert.equal(req.headers["Authorization"], "Bearer ready");
    assert.equal(calls.length, 0);
  });
});

describe("applyAuth: client credentials", () => {
  test("token requested with the requirement's scopes and the token URL resolved against the request", async () => {
    const { provider, calls } = fakeTokens();
    const req = request();
    const result = await applyAuth(req, [{ cc: ["pets:read", "pets:write"] }], context(ENV, provider));
    assert.deepEqual(result, OK(["cc"]));
    assert.equal(req.headers["Authorization"], "Bearer minted-1");
    assert.deepEqual(calls, [
      {
        request: { scheme: "cc", tokenUrl: "https://api.example.com/oauth/token", clientId: "client", clientSecret: "client-secret", scopes: ["pets:read", "pets:write"] },
        forceRefresh: false,
      },
    ]);
  });

  test("configured scopes override the requirement's; forceRefresh is passed on", async () => {
    const { provider, calls } = fakeTokens();
    await applyAuth(request(), [{ cc: ["pets:read"] }], context({ ...ENV, OPENAPI_MCP_AUTH_CC_SCOPES: "admin" }, provider), { forceRefresh: true });
    assert.deepEqual(calls[0]?.request.scopes, ["admin"]);
    assert.equal(calls[0]?.forceRefresh, true);
  });

  test("a token failure leaves the request untouched", async () => {
    const failing: TokenProvider = async () => {
      throw new Error("token endpoint down");
    };
    const req = request();
    await assert.rejects(applyAuth(req, [{ headerKey: [], cc: [] }], context(ENV, failing)), /token endpoint down/);
    assert.deepEqual(req, request());
  });

  test("createAuthContext wires a caching provider", async () => {
    const ctx = createAuthContext(SCHEMES, { OPENAPI_MCP_AUTH_BEARER_AUTH: "b-tok" });
    assert.equal(typeof ctx.fetchToken, "function");
    const req = request();
    assert.deepEqual(await applyAuth(req, [{ bearerAuth: [] }], ctx), OK(["bearerAuth"]));
  });
});

describe("applyAuth: choosing an alternative", () => {
  const CASES: Array<[string, { env: Record<string, string>; security: SecurityRequirement[]; want: AuthResult }]> = [
    ["no security", { env: ENV, security: [], want: OK([]) }],
    ["optional auth, nothing configured", { env: {}, security: [{}], want: OK([]) }],
    ["optional auth, configured: applied", { env: ENV, security: [{}, { bearerAuth: [] }], want: OK(["bearerAuth"]) }],
    ["optional auth after an alternative, nothing configured", { env: {}, security: [{ bearerAuth: [] }, {}], want: OK([]) }],
    ["first satisfiable alternative wins", { env: ENV, security: [{ headerKey: [] }, { bearerAuth: [] }], want: OK(["headerKey"]) }],
    [
      "skips an alternative missing one scheme",
      { env: { OPENAPI_MCP_AUTH_HEADER_KEY: "k-k-k", OPENAPI_MCP_AUTH_OIDC: "o-o-o" }, security: [{ headerKey: [], bearerAuth: [] }, { oidc: [] }], want: OK(["oidc"]) },
    ],
    [
      "nothing satisfiable: missing names the first alternative's unset variables",
      {
        env: { OPENAPI_MCP_AUTH_HEADER_KEY: "k-k-k", OPENAPI_MCP_AUTH_BASIC_AUTH_USERNAME: "ann" },
        security: [{ headerKey: [], basicAuth: [] }, { bearerAuth: [] }],
        want: { ok: false, applied: [], missing: ["OPENAPI_MCP_AUTH_BASIC_AUTH_PASSWORD"], unsupported: [] },
      },
    ],
    [
      "client credentials missing",
      { env: {}, security: [{ cc: ["pets:read"] }], want: { ok: false, applied: [], missing: ["OPENAPI_MCP_AUTH_CC_CLIENT_ID", "OPENAPI_MCP_AUTH_CC_CLIENT_SECRET"], unsupported: [] } },
    ],
    [
      "an unsupported first alternative is passed over for a configurable one",
      { env: {}, security: [{ mtls: [] }, { bearerAuth: [] }], want: { ok: false, applied: [], missing: ["OPENAPI_MCP_AUTH_BEARER_AUTH"], unsupported: [] } },
    ],
    [
      "only unsupported or undeclared schemes",
      { env: ENV, security: [{ mtls: [], undeclared: [], headerKey: [] }], want: { ok: false, applied: [], missing: [], unsupported: ["mtls", "undeclared"] } },
    ],
  ];
  for (const [name, { env, security, want }] of CASES) {
    test(name, async () => {
      const req = request();
      const result = await applyAuth(req, security, context(env, fakeTokens().provider));
      assert.deepEqual(result, want);
      if (!want.ok || want.applied.length === 0) assert.deepEqual(req, request(), "request untouched");
    });
  }

  test("nothing in the result or the request carries a secret when credentials are missing", async () => {
    const canary = "canary-s3cr3t-9f8e7d";
    const req = request();
    const result = await applyAuth(req, [{ basicAuth: [] }], context({ OPENAPI_MCP_AUTH_BASIC_AUTH_PASSWORD: canary }));
    assert.equal(JSON.stringify(result).includes(canary), false);
    assert.equal(JSON.stringify(req).includes(canary), false);
  });
});
