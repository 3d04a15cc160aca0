/** resolveOAuthSettings: flags beat the file, and an unsafe or half-made configuration is refused at start. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveOAuthSettings } from "../../../../src/runtime/core/oauth-settings.js";
import { parseServeSettings, ServeConfigError } from "../../../../src/runtime/core/serve-settings.js";
import type { OAuthResourceSettings } from "../../../../src/runtime/core/tool-definition.js";

const FILE: OAuthResourceSettings = { issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp", requiredScopes: ["mcp:tools"] };

describe("resolveOAuthSettings", () => {
  const accepted: Array<[string, { flags?: Partial<OAuthResourceSettings>; file?: OAuthResourceSettings; want: OAuthResourceSettings | undefined }]> = [
    ["neither: no OAuth", { want: undefined }],
    ["the file alone", { file: FILE, want: FILE }],
    ["flags beat the file, key by key", { flags: { issuer: "https://other.example.com", requiredScopes: ["a", "a", "b"] }, file: FILE, want: { ...FILE, issuer: "https://other.example.com", requiredScopes: ["a", "b"] } }],
    ["flags alone", { flags: { issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp", introspection: true }, want: { issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp", requiredScopes: [], introspection: true } }],
    ["http: issuer on 127.0.0.1", { flags: { issuer: "http://127.0.0.1:9000", audience: "http://127.0.0.1:3000/mcp" }, want: { issuer: "http://127.0.0.1:9000", audience: "http://127.0.0.1:3000/mcp", requiredScopes: [] } }],
    ["http: issuer on [::1] and localhost", { flags: { issuer: "http://[::1]:9000/tenant", audience: "http://localhost:3000/mcp" }, want: { issuer: "http://[::1]:9000/tenant", audience: "http://localhost:3000/mcp", requiredScopes: [] } }],
  ];
  for (const [name, { flags, file, want }] of accepted) {
    it(`accepts ${name}`, () => assert.deepEqual(resolveOAuthSettings(flags, file), want));
  }

  const refused: Array<[string, Partial<OAuthResourceSettings>, RegExp]> = [
    ["an issuer without an audience", { issuer: "https://auth.example.com" }, /--oauth-audience .* is missing/],
    ["an audience without an issuer", { audience: "https://mcp.example.com/mcp" }, /--oauth-issuer .* is missing/],
    ["an http: issuer beyond loopback", { issuer: "http://auth.example.com", audience: FILE.audience }, /must be an https: URL.*loopback/],
    ["an issuer with a query", { issuer: "https://auth.example.com/?tenant=1", audience: FILE.audience }, /no query or fragment/],
    ["an issuer that is not a URL", { issuer: "auth.example.com", audience: FILE.audience }, /absolute URL/],
    ["an audience with a fragment", { issuer: FILE.issuer, audience: "https://mcp.example.com/mcp#x" }, /fragment/],
    ["an audience that is not a URI", { issuer: FILE.issuer, audience: "mcp" }, /absolute URI/],
  ];
  for (const [name, flags, message] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(() => resolveOAuthSettings(flags, undefined), (error: unknown) => error instanceof ServeConfigError && message.test(error.message));
    });
  }

  it("the --oauth-* flags parse into settings", () => {
    const settings = parseServeSettings(["--oauth-issuer", "https://a.example", "--oauth-audience", "https://m.example/mcp", "--oauth-scope", "x", "--oauth-scope", "y", "--oauth-introspection"]);
    assert.deepEqual(settings.oauth, { issuer: "https://a.example", audience: "https://m.example/mcp", requiredScopes: ["x", "y"], introspection: true });
    assert.equal(parseServeSettings([]).oauth, undefined);
  });
});
