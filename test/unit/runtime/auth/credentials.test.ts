import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  credentialVariables,
  splitBaseUrlCredentials,
  withoutUserinfo,
  readCredentials,
  schemeVariableStem,
  schemeVariableStems,
  unsupportedSchemes,
  type SchemeCredential,
} from "../../../../src/runtime/auth/credentials.js";
import type { SecuritySchemeDefinition } from "../../../../src/runtime/core/tool-definition.js";

const SCHEMES: Record<string, SecuritySchemeDefinition> = {
  api_key: { type: "apiKey", in: "header", name: "X-API-Key" },
  bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
  basic: { type: "http", scheme: "basic" },
  petstore_auth: {
    type: "oauth2",
    flows: { clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: { "read:pets": "" } } },
  },
  implicitOnly: { type: "oauth2", flows: { implicit: { authorizationUrl: "https://a.example.com/auth", scopes: {} } } },
  oidc: { type: "openIdConnect", openIdConnectUrl: "https://a.example.com/.well-known/openid-configuration" },
  mtls: { type: "mutualTLS" },
};

describe("schemeVariableStem", () => {
  const CASES: Array<[string, { given: string; want: string }]> = [
    ["snake case", { given: "api_key", want: "API_KEY" }],
    ["snake case 2", { given: "petstore_auth", want: "PETSTORE_AUTH" }],
    ["camel case", { given: "bearerAuth", want: "BEARER_AUTH" }],
    ["acronym kept together", { given: "OAuth2", want: "OAUTH2" }],
    ["digit then capital", { given: "oauth2Client", want: "OAUTH2_CLIENT" }],
    ["punctuation collapses", { given: "my-api.key  v2", want: "MY_API_KEY_V2" }],
    ["edges trimmed", { given: "-key-", want: "KEY" }],
    ["nothing usable", { given: "--", want: "SCHEME" }],
    ["non-ASCII is not alphanumeric", { given: "clé", want: "CL" }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(schemeVariableStem(given), want));

  test("colliding stems are numbered in declaration order", () => {
    const stems = schemeVariableStems({
      "api-key": { type: "apiKey", in: "header", name: "A" },
      api_key: { type: "apiKey", in: "header", name: "B" },
      apiKey: { type: "apiKey", in: "header", name: "C" },
    });
    assert.deepEqual([...stems.values()], ["API_KEY", "API_KEY_2", "API_KEY_3"]);
  });
});

describe("credentialVariables", () => {
  test("names, order and secrecy", () => {
    const vars = credentialVariables(SCHEMES);
    assert.deepEqual(
      vars.map((v) => [v.name, v.scheme, v.secret]),
      [
        ["OPENAPI_MCP_AUTH_API_KEY", "api_key", true],
        ["OPENAPI_MCP_AUTH_BEARER_AUTH", "bearerAuth", true],
        ["OPENAPI_MCP_AUTH_BASIC_USERNAME", "basic", false],
        ["OPENAPI_MCP_AUTH_BASIC_PASSWORD", "basic", true],
        ["OPENAPI_MCP_AUTH_PETSTORE_AUTH", "petstore_auth", true],
        ["OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_ID", "petstore_auth", false],
        ["OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_SECRET", "petstore_auth", true],
        ["OPENAPI_MCP_AUTH_PETSTORE_AUTH_SCOPES", "petstore_auth", false],
        ["OPENAPI_MCP_AUTH_PETSTORE_AUTH_TOKEN_URL", "petstore_auth", false],
        ["OPENAPI_MCP_AUTH_IMPLICIT_ONLY", "implicitOnly", true],
        ["OPENAPI_MCP_AUTH_OIDC", "oidc", true],
      ],
    );
    assert.match(vars[0]?.description ?? "", /X-API-Key header/);
    assert.match(vars[1]?.description ?? "", /JWT.*Authorization: Bearer/);
    assert.match(vars[8]?.description ?? "", /https:\/\/auth\.example\.com\/token/);
  });

  test("mutualTLS and unusable schemes are reported as unsupported", () => {
    const schemes: Record<string, SecuritySchemeDefinition> = {
      ...SCHEMES,
      weird: { type: "http", scheme: "not a token" },
      badHeader: { type: "apiKey", in: "header", name: "X Key" },
    };
    assert.deepEqual(
      unsupportedSchemes(schemes).map((u) => u.scheme),
      ["mtls", "weird", "badHeader"],
    );
    assert.match(unsupportedSchemes(schemes)[0]?.reason ?? "", /not supported/);
    assert.equal(credentialVariables(schemes).some((v) => v.scheme === "weird" || v.scheme === "badHeader" || v.scheme === "mtls"), false);
  });
});

describe("readCredentials", () => {
  const CASES: Array<[string, { env: Record<string, string>; want: Record<string, SchemeCredential> }]> = [
    ["nothing configured", { env: {}, want: {} }],
    [
      "apiKey, bearer, basic (values trimmed)",
      {
        env: {
          OPENAPI_MCP_AUTH_API_KEY: " k-123 \n",
          OPENAPI_MCP_AUTH_BEARER_AUTH: "tok",
          OPENAPI_MCP_AUTH_BASIC_USERNAME: "ann",
          OPENAPI_MCP_AUTH_BASIC_PASSWORD: "p w",
        },
        want: {
          api_key: { type: "apiKey", in: "header", name: "X-API-Key", value: "k-123" },
          bearerAuth: { type: "authorization", scheme: "Bearer", value: "tok" },
          basic: { type: "basic", username: "ann", password: "p w" },
        },
      },
    ],
    [
      "client credentials with scopes and a token URL override",
      {
        env: {
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_ID: "cid",
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_SECRET: "csecret",
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_SCOPES: " read:pets   write:pets ",
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_TOKEN_URL: "http://127.0.0.1:9/token",
        },
        want: {
          petstore_auth: { type: "clientCredentials", tokenUrl: "http://127.0.0.1:9/token", clientId: "cid", clientSecret: "csecret", scopes: ["read:pets", "write:pets"] },
        },
      },
    ],
    [
      "a ready oauth2 token wins over client credentials; openIdConnect takes a token",
      {
        env: {
          OPENAPI_MCP_AUTH_PETSTORE_AUTH: "ready",
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_ID: "cid",
          OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_SECRET: "csecret",
          OPENAPI_MCP_AUTH_OIDC: "idtok",
          OPENAPI_MCP_AUTH_IMPLICIT_ONLY: "imp",
        },
        want: {
          petstore_auth: { type: "authorization", scheme: "Bearer", value: "ready" },
          implicitOnly: { type: "authorization", scheme: "Bearer", value: "imp" },
          oidc: { type: "authorization", scheme: "Bearer", value: "idtok" },
        },
      },
    ],
    [
      "basic with an explicitly empty password (key as user name)",
      { env: { OPENAPI_MCP_AUTH_BASIC_USERNAME: "sk_live", OPENAPI_MCP_AUTH_BASIC_PASSWORD: "" }, want: { basic: { type: "basic", username: "sk_live", password: "" } } },
    ],
    ["empty values are unset", { env: { OPENAPI_MCP_AUTH_API_KEY: "  ", OPENAPI_MCP_AUTH_BEARER_AUTH: "" }, want: {} }],
  ];
  for (const [name, { env, want }] of CASES) {
    test(name, () => assert.deepEqual(Object.fromEntries(readCredentials(SCHEMES, env).credentials), want));
  }

  test("other http schemes keep their name; apiKey location is carried", () => {
    const store = readCredentials(
      { tok: { type: "http", scheme: "token" }, q: { type: "apiKey", in: "query", name: "key" } },
      { OPENAPI_MCP_AUTH_TOK: "abc", OPENAPI_MCP_AUTH_Q: "a b" },
    );
    assert.deepEqual(store.credentials.get("tok"), { type: "authorization", scheme: "token", value: "abc" });
    assert.deepEqual(store.credentials.get("q"), { type: "apiKey", in: "query", name: "key", value: "a b" });
  });

  test("missing lists the variables still to set, per scheme", () => {
    const store = readCredentials(SCHEMES, { OPENAPI_MCP_AUTH_BASIC_USERNAME: "ann", OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_SECRET: "s3cr3t-value" });
    assert.deepEqual(Object.fromEntries(store.missing), {
      api_key: ["OPENAPI_MCP_AUTH_API_KEY"],
      bearerAuth: ["OPENAPI_MCP_AUTH_BEARER_AUTH"],
      basic: ["OPENAPI_MCP_AUTH_BASIC_PASSWORD"],
      petstore_auth: ["OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_ID"],
      implicitOnly: ["OPENAPI_MCP_AUTH_IMPLICIT_ONLY"],
      oidc: ["OPENAPI_MCP_AUTH_OIDC"],
    });
    assert.deepEqual(Object.fromEntries(store.unsupported), { mtls: "mutualTLS (client certificates) is not supported yet" });
  });

  test("problems name the variable, never the value", () => {
    const secret = "canary-s3cr3t-9f8e7d";
    const store = readCredentials(SCHEMES, {
      OPENAPI_MCP_AUTH_API_KEY: `${secret}\r\nX-Injected: 1`,
      OPENAPI_MCP_AUTH_BASIC_USERNAME: `a:${secret}`,
      OPENAPI_MCP_AUTH_BASIC_PASSWORD: secret,
      OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_SECRET: secret,
      OPENAPI_MCP_AUTH_BEARER_AUTH: `${secret}\u2603`,
    });
    assert.deepEqual(
      store.problems.map((p) => p.variable),
      [
        "OPENAPI_MCP_AUTH_API_KEY",
        "OPENAPI_MCP_AUTH_BEARER_AUTH",
        "OPENAPI_MCP_AUTH_BASIC_USERNAME",
        "OPENAPI_MCP_AUTH_PETSTORE_AUTH_CLIENT_ID",
      ],
    );
    assert.equal(store.credentials.size, 0);
    for (const p of store.problems) {
      assert.ok(p.message.startsWith(p.variable));
      assert.ok(!p.message.includes(secret));
    }
  });

  test("a relative or missing token URL", () => {
    const schemes: Record<string, SecuritySchemeDefinition> = {
      rel: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "/oauth/token", scopes: {} } } },
      none: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "", scopes: {} } } },
    };
    const env = {
      OPENAPI_MCP_AUTH_REL_CLIENT_ID: "a",
      OPENAPI_MCP_AUTH_REL_CLIENT_SECRET: "b",
      OPENAPI_MCP_AUTH_NONE_CLIENT_ID: "a",
      OPENAPI_MCP_AUTH_NONE_CLIENT_SECRET: "b",
    };
    const store = readCredentials(schemes, env);
    assert.equal((store.credentials.get("rel") as { tokenUrl: string }).tokenUrl, "/oauth/token");
    assert.equal(store.credentials.has("none"), false);
    assert.deepEqual(store.problems.map((p) => p.variable), ["OPENAPI_MCP_AUTH_NONE_TOKEN_URL"]);
    const bad = readCredentials(schemes, { ...env, OPENAPI_MCP_AUTH_REL_TOKEN_URL: "ftp://x/token" });
    assert.equal(bad.credentials.has("rel"), false);
    assert.match(bad.problems[0]?.message ?? "", /absolute http\(s\) URL/);
  });
});

describe("splitBaseUrlCredentials", () => {
  const basic = (userinfo: string): string => `Basic ${Buffer.from(userinfo).toString("base64")}`;
  const cases: Array<[string, { given: string; url: string; authorization?: string; secrets: string[] }]> = [
    ["no userinfo", { given: "https://api.example.com/v1", url: "https://api.example.com/v1", secrets: [] }],
    ["user and password", { given: "http://svc:PW@host.example/v1", url: "http://host.example/v1", authorization: basic("svc:PW"), secrets: ["PW", "svc:PW"] }],
    ["percent-encoded password, bare origin", { given: "http://svc:p%40ss%2Fw@host.example", url: "http://host.example", authorization: basic("svc:p@ss/w"), secrets: ["p@ss/w", "svc:p@ss/w", "svc:p%40ss%2Fw"] }],
    ["user only (an API key as user name)", { given: "https://key123@host.example/", url: "https://host.example/", authorization: basic("key123:"), secrets: ["key123:"] }],
    ["not a URL", { given: "nope", url: "nope", secrets: [] }],
  ];
  for (const [name, { given, url, authorization, secrets }] of cases) {
    test(name, () => {
      const got = splitBaseUrlCredentials(given);
      assert.equal(got.url, url);
      assert.equal(got.authorization, authorization);
      assert.deepEqual(got.secrets, secrets);
      assert.equal(withoutUserinfo(given), url);
    });
  }
});
