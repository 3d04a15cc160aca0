/**
 * resolveStaticHeaders and withStaticHeaders: the defaults (User-Agent, Accept), the curation
 * layers over them, `${env:NAME}` read once, and the per-call merge.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { headerVariables, resolveStaticHeaders, StaticHeaderError, withStaticHeaders } from "../../../../src/runtime/request/static-headers.js";
import { ServeConfigError } from "../../../../src/runtime/core/serve-settings.js";
import type { ServerDefinition, ToolDefinition } from "../../../../src/runtime/core/tool-definition.js";

function tool(name: string, extra: Partial<ToolDefinition> = {}, responseMediaTypes?: string[]): ToolDefinition {
  return {
    name,
    description: name,
    inputSchema: { type: "object" },
    annotations: {},
    http: { method: "GET", path: `/${name}`, arguments: [], ...(responseMediaTypes ? { responseMediaTypes } : {}) },
    security: [],
    policy: { timeoutMs: 1000, retries: 0, maxResponseTokens: 1000 },
    pagingArguments: [],
    ...extra,
  };
}

function definition(tools: ToolDefinition[], headers?: Record<string, string>): ServerDefinition {
  return { name: "t", version: "1", securitySchemes: {}, tools, ...(headers ? { headers } : {}) };
}

describe("resolveStaticHeaders", () => {
  const cases: Array<[string, { tools: ToolDefinition[]; headers?: Record<string, string>; userAgent?: string; want: Array<Record<string, string>> }]> = [
    ["no user agent, no media types: nothing", { tools: [tool("a")], want: [{}] }],
    ["User-Agent and Accept from the 2xx media types, joined", { tools: [tool("a", {}, ["application/json", "application/xml"])], userAgent: "x/1.0.0", want: [{ "User-Agent": "x/1.0.0", Accept: "application/json, application/xml" }] }],
    [
      "server headers beat the defaults, whatever their case",
      { tools: [tool("a", {}, ["application/json"])], headers: { accept: "application/vnd.github+json", "user-agent": "mine" }, userAgent: "x/1", want: [{ accept: "application/vnd.github+json", "user-agent": "mine" }] },
    ],
    [
      "tool headers beat server headers, for that tool only",
      {
        tools: [tool("a", { headers: { "x-v": "tool" } }), tool("b")],
        headers: { "X-V": "server" },
        want: [{ "x-v": "tool" }, { "X-V": "server" }],
      },
    ],
  ];
  for (const [name, { tools, headers, userAgent, want }] of cases) {
    it(name, () => {
      const resolved = resolveStaticHeaders(definition(tools, headers), {}, userAgent);
      assert.deepEqual(tools.map((t) => ({ ...resolved.byTool.get(t)!.headers })), want);
      assert.deepEqual(resolved.secrets, []);
    });
  }

  it("reads ${env:NAME} once, anywhere in a value, and reports the values as secrets", () => {
    const t = tool("a", { headers: { Authorization: "token ${env:GH_TOKEN}" } });
    const env: Record<string, string> = { GH_TOKEN: " ghp_abc123 ", API_VERSION: "2022-11-28" };
    const resolved = resolveStaticHeaders(definition([t], { "X-Version": "${env:API_VERSION}" }), env);
    env.GH_TOKEN = "changed later";
    assert.deepEqual({ ...resolved.byTool.get(t)!.headers }, { "X-Version": "2022-11-28", Authorization: "token ghp_abc123" });
    assert.deepEqual(resolved.secrets.sort(), ["2022-11-28", "ghp_abc123", "token ghp_abc123"]);
  });

  it("an unset or empty variable stops the start, naming header and variable", () => {
    for (const env of [{}, { GH_TOKEN: "  " }]) {
      assert.throws(
        () => resolveStaticHeaders(definition([tool("a")], { Authorization: "Bearer ${env:GH_TOKEN}" }), env),
        (error: unknown) =>
          error instanceof StaticHeaderError &&
          error instanceof ServeConfigError &&
          error.variable === "GH_TOKEN" &&
          error.message === "header Authorization reads ${env:GH_TOKEN}, but GH_TOKEN is not set: set it in the server's environment",
      );
    }
  });

  it("a variable holding CR/LF is refused without echoing it", () => {
    assert.throws(
      () => resolveStaticHeaders(definition([tool("a")], { "X-A": "${env:A}" }), { A: "x\r\nInjected: yes" }),
      (error: unknown) => error instanceof StaticHeaderError && /control characters/.test(error.message) && !error.message.includes("Injected"),
    );
  });
});

describe("withStaticHeaders", () => {
  const t = tool("a", {}, ["application/json"]);
  const fixed = resolveStaticHeaders(definition([t], { "X-V": "1" }), {}, "ua/1").byTool.get(t)!;

  it("a request without headers gets a copy of the static ones", () => {
    const out = withStaticHeaders({}, fixed);
    assert.deepEqual(out, { "User-Agent": "ua/1", Accept: "application/json", "X-V": "1" });
    out["X-V"] = "changed";
    assert.equal(fixed.headers["X-V"], "1", "the static headers are not shared with the request");
  });

  it("what the request carries wins, compared without case", () => {
    assert.deepEqual(withStaticHeaders({ "user-agent": "arg", "Content-Type": "application/json" }, fixed), {
      Accept: "application/json",
      "X-V": "1",
      "user-agent": "arg",
      "Content-Type": "application/json",
    });
  });

  it("without static headers, the request's own object", () => {
    const built = { A: "b" };
    assert.equal(withStaticHeaders(built, undefined), built);
  });
});

describe("headerVariables", () => {
  it("lists each variable once, naming the headers that read it", () => {
    const server = definition([tool("a", { headers: { "X-Key": "${env:KEY}" } }), tool("b", { headers: { "X-Other": "${env:KEY}-${env:SUFFIX}" } })], { "X-Key": "${env:KEY}", "X-Plain": "1" });
    assert.deepEqual(headerVariables(server), [
      { name: "KEY", description: "Value for the X-Key, X-Key (tool a), X-Other (tool b) headers (curation headers; required, secret)", secret: true },
      { name: "SUFFIX", description: "Value for the X-Other (tool b) header (curation headers; required, secret)", secret: true },
    ]);
  });
});
