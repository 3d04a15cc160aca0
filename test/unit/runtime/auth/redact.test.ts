import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyAuth } from "../../../../src/runtime/auth/apply-auth.js";
import { readCredentials } from "../../../../src/runtime/auth/credentials.js";
import { clientBasicCredentials } from "../../../../src/runtime/auth/oauth-client-credentials.js";
import { createRedactor, REDACTED, redactHeaders, secretsOf } from "../../../../src/runtime/auth/redact.js";
import type { SecuritySchemeDefinition } from "../../../../src/runtime/core/tool-definition.js";

const CANARY = "canary-s3cr3t-9f8e7d";
/** A canary with characters that every encoding changes. */
const ODD = "cän ary+/=&;\"\\s3cr3t";

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

function encodings(secret: string): Array<[string, string]> {
  return [
    ["raw", `token=${secret} end`],
    ["JSON", JSON.stringify({ message: `failed with ${secret}` })],
    ["encodeURIComponent", `https://x.example/?k=${encodeURIComponent(secret)}&b=1`],
    ["form (URLSearchParams)", `body: ${new URLSearchParams({ k: secret }).toString()}`],
    ["lower-case percent hex", encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (t) => t.toLowerCase())],
    ["base64", `Authorization: Basic ${b64(secret)}`],
    ["base64 of user:secret", `Authorization: Basic ${b64(`user:${secret}`)}`],
    ["base64 of ab:secret", `Authorization: Basic ${b64(`ab:${secret}`)}`],
    ["base64 of a:secret", `Authorization: Basic ${b64(`a:${secret}`)}`],
    ["base64 with a suffix", b64(`${secret} and then some more text`)],
    ["base64url inside a JWT-like string", `eyJhbGciOi.${b64url(`{"sub":"x","key":"${secret}"}`)}.sig`],
    // Issue 9, defect 1a: forms an upstream or a log can give a secret that no fixed list of variants holds.
    ["JSON with / escaped as \\/ (PHP's default)", JSON.stringify({ k: secret }).replace(/\//g, "\\/")],
    ["JSON with every character \\u-escaped", `{"k":"${[...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`],
    ["JSON with upper-case \\u hex on some characters", `{"k":"${[...secret].map((c, i) => (i % 2 === 0 ? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : JSON.stringify(c).slice(1, -1))).join("")}"}`],
    ["JSON inside a JSON string (escapes doubled)", JSON.stringify({ body: JSON.stringify({ k: secret }).replace(/\//g, "\\/") })],
    ["every character percent-encoded", [...Buffer.from(secret, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")],
    ["base64 of the URL-encoded secret", b64(`k=${encodeURIComponent(secret)}`)],
  ];
}

describe("createRedactor", () => {
  for (const [label, secret] of [["canary", CANARY], ["odd characters", ODD]] as const) {
    for (const [name, text] of encodings(secret)) {
      test(`${label}: ${name}`, () => {
        const redact = createRedactor([secret]);
        const out = redact(text);
        assert.ok(out.includes(REDACTED), out);
        // The secret must not survive in any form we know how to decode.
        const decodedForms = [out, decodeURIComponentSafe(out)];
        for (const word of out.split(/[^A-Za-z0-9+/=_-]+/)) {
          decodedForms.push(Buffer.from(word, "base64").toString("utf8"), Buffer.from(word, "base64url").toString("utf8"));
        }
        for (const form of decodedForms) assert.ok(!form.includes(secret), `${name}: secret survived in ${JSON.stringify(out)}`);
      });
    }
  }

  test("leaves other text alone; short secrets are ignored", () => {
    const redact = createRedactor(["abc", "", CANARY]);
    assert.equal(redact("abc def"), "abc def");
    assert.equal(redact(`a ${CANARY} b ${CANARY}`), `a ${REDACTED} b ${REDACTED}`);
    assert.equal(createRedactor()("nothing to hide"), "nothing to hide");
  });

  test("secrets added later are redacted from then on", () => {
    const redact = createRedactor([CANARY]);
    assert.equal(redact("tok-later-123456"), "tok-later-123456");
    redact.add("tok-later-123456");
    assert.equal(redact(`Bearer tok-later-123456 and ${CANARY}`), `Bearer ${REDACTED} and ${REDACTED}`);
  });

  test("regex metacharacters in secrets are literal", () => {
    const redact = createRedactor(["a.b*c(d)[e]$"]);
    assert.equal(redact("xa.b*c(d)[e]$y aXbbbcd"), `x${REDACTED}y aXbbbcd`);
  });
});

describe("secretsOf and redactHeaders", () => {
  const schemes: Record<string, SecuritySchemeDefinition> = {
    key: { type: "apiKey", in: "header", name: "X-API-Key" },
    q: { type: "apiKey", in: "query", name: "api_key" },
    basic: { type: "http", scheme: "basic" },
    cc: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: {} } } },
  };
  const env = {
    OPENAPI_MCP_AUTH_KEY: `${CANARY}-h`,
    OPENAPI_MCP_AUTH_Q: `${CANARY} q&`,
    OPENAPI_MCP_AUTH_BASIC_USERNAME: "ann",
    OPENAPI_MCP_AUTH_BASIC_PASSWORD: `${CANARY}-p`,
    OPENAPI_MCP_AUTH_CC_CLIENT_ID: "client id",
    OPENAPI_MCP_AUTH_CC_CLIENT_SECRET: `${CANARY}+c`,
  };

  test("secretsOf lists the secret values, not user names or client IDs alone", () => {
    const secrets = secretsOf(readCredentials(schemes, env));
    assert.ok(secrets.includes(`${CANARY}-h`));
    assert.ok(secrets.includes(`${CANARY} q&`));
    assert.ok(secrets.includes(`${CANARY}-p`) && secrets.includes(`ann:${CANARY}-p`));
    assert.ok(secrets.includes(`${CANARY}+c`));
    assert.ok(!secrets.includes("ann") && !secrets.includes("client id"));
  });

  test("a request with every credential applied, redacted, holds no canary", async () => {
    const store = readCredentials(schemes, env);
    const redact = createRedactor(secretsOf(store));
    const req = { method: "GET", url: "https://api.example.com/pets", headers: {} as Record<string, string> };
    await applyAuth(req, [{ key: [], q: [], basic: [] }], { store, schemes });
    const log = `${req.method} ${req.url} ${JSON.stringify(req.headers)} client=Basic ${clientBasicCredentials("client id", `${CANARY}+c`)}`;
    assert.ok(log.includes("Basic "), "sanity: credentials were applied");
    const out = redact(log);
    assert.ok(!out.includes(CANARY), out);
    assert.ok(!Buffer.from(out.match(/Basic (\S+?)"/)?.[1] ?? "", "base64").toString().includes("s3cr3t"));
  });

  test("redactHeaders masks credential headers and apiKey headers, case-insensitively", () => {
    const headers = {
      authorization: "Bearer x",
      "Proxy-Authorization": "Basic y",
      Cookie: "a=1",
      "set-cookie": ["s=1", "t=2"],
      "x-api-key": "k",
      Accept: "application/json",
      "X-Absent": undefined,
    };
    assert.deepEqual(redactHeaders(headers, schemes), {
      authorization: REDACTED,
      "Proxy-Authorization": REDACTED,
      Cookie: REDACTED,
      "set-cookie": REDACTED,
      "x-api-key": REDACTED,
      Accept: "application/json",
      "X-Absent": undefined,
    });
    assert.deepEqual(redactHeaders({ "X-API-Key": "k" }), { "X-API-Key": "k" }, "apiKey headers come from the schemes");
    assert.deepEqual(headers.authorization, "Bearer x", "input unchanged");
  });
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
