/**
 * Userinfo in a tool's own server URL (an operation- or path-level `servers` entry) follows the
 * base URL's rule, applied in one place at start (prepare-runtime.ts): HTTP Basic as a static header
 * of that tool, which a security scheme's credentials beat, the password redacted everywhere, and the
 * request sent to the origin without the userinfo.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { invokeTool } from "../../src/runtime/invoke/invoke-tool.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.js";

const PASSWORD = "PW-own/server-77";

describe("userinfo in a tool's own server URL (issue 9)", () => {
  let upstream: FaultServer;
  before(async () => {
    upstream = await startFaultServer();
  });
  after(async () => upstream?.close());

  function definition(security: boolean): ServerDefinition {
    const own = new URL(upstream.url("/own"));
    own.username = "svc";
    own.password = encodeURIComponent(PASSWORD);
    const tool: ToolDefinition = {
      name: "echo", description: "echo", inputSchema: { type: "object", properties: {} }, annotations: {},
      http: { method: "GET", path: "/echo", serverUrl: own.href, arguments: [] },
      security: security ? [{ key: [] }] : [], policy: { timeoutMs: 5000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
    };
    return { name: "t", version: "1", securitySchemes: { key: { type: "http", scheme: "bearer" } }, tools: [tool] };
  }

  it("becomes Basic auth on that tool's requests, sent to the origin without userinfo, and is redacted", async () => {
    upstream.route("/own/echo", { status: 200, headers: { "content-type": "text/plain" }, body: `you sent ${PASSWORD}` });
    const logs: string[] = [];
    const def = definition(false);
    const { prepared } = prepareRuntime(def, { OPENAPI_MCP_LOG_LEVEL: "debug" }, { writeLog: (line) => logs.push(line) });
    const result = await invokeTool(def.tools[0]!, {}, prepared.invoke);
    const sent = upstream.requestsTo("/own/echo").at(-1)!;
    assert.equal(sent.headers.authorization, `Basic ${Buffer.from(`svc:${PASSWORD}`).toString("base64")}`);
    const out = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    assert.equal(out, "you sent [REDACTED]");
    assert.ok(!logs.join("").includes(PASSWORD));
  });

  it("a security scheme's credentials beat it", async () => {
    upstream.route("/own/echo", { status: 200, headers: { "content-type": "text/plain" }, body: "ok" });
    const def = definition(true);
    const { prepared } = prepareRuntime(def, { OPENAPI_MCP_AUTH_KEY: "tok-scheme-123456" }, { writeLog: () => {} });
    await invokeTool(def.tools[0]!, {}, prepared.invoke);
    assert.equal(upstream.requestsTo("/own/echo").at(-1)!.headers.authorization, "Bearer tok-scheme-123456");
  });
});
