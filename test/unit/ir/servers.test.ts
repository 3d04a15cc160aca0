import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serverListToUrl, swagger2ServerUrl } from "../../../src/ir/servers.js";
import type { Diagnostic } from "../../../src/ir/types.js";

const fileCtx = () => ({ location: "/specs/api.yaml", isUrl: false, warnings: [] as Diagnostic[] });
const urlCtx = () => ({ location: "https://example.com/specs/api.yaml", isUrl: true, warnings: [] as Diagnostic[] });

describe("serverListToUrl", () => {
  const cases: Array<[string, { given: unknown; url?: boolean; want: string | undefined }]> = [
    ["absolute", { given: [{ url: "https://api.x.com/v1/" }], want: "https://api.x.com/v1" }],
    ["variables take defaults", { given: [{ url: "https://{r}.x.com/{v}", variables: { r: { default: "eu" }, v: { default: "v2" } } }], want: "https://eu.x.com/v2" }],
    ["variable without default takes first enum", { given: [{ url: "https://{r}.x.com", variables: { r: { enum: ["us", "eu"] } } }], want: "https://us.x.com" }],
    ["relative against spec URL", { given: [{ url: "/api/v3" }], url: true, want: "https://example.com/api/v3" }],
    ["relative against a local file is unknown", { given: [{ url: "/api/v3" }], want: undefined }],
    ["none", { given: undefined, want: undefined }],
    ["empty list", { given: [], want: undefined }],
  ];
  for (const [name, { given, url, want }] of cases) {
    it(name, () => assert.equal(serverListToUrl(given, "#/servers", url ? urlCtx() : fileCtx()), want));
  }
  it("warns about a relative URL it cannot resolve, with the pointer and a fix", () => {
    const ctx = fileCtx();
    serverListToUrl([{ url: "/api" }], "#/servers", ctx);
    assert.equal(ctx.warnings[0]?.pointer, "#/servers/0/url");
    assert.match(ctx.warnings[0]?.hint ?? "", /--base-url/);
  });
});

describe("swagger2ServerUrl", () => {
  const cases: Array<[string, { given: Record<string, unknown>; want: string | undefined }]> = [
    ["prefers https", { given: { host: "api.x.com", basePath: "/v1", schemes: ["http", "https"] }, want: "https://api.x.com/v1" }],
    ["only http", { given: { host: "api.x.com", schemes: ["http"] }, want: "http://api.x.com" }],
    ["no host, local file", { given: { basePath: "/v1" }, want: undefined }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(swagger2ServerUrl(given, fileCtx()), want));
});
