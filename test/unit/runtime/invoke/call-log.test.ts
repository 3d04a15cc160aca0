import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { callTool } from "../../../../src/runtime/mcp/create-server.js";
import { prepareRuntime, type RuntimeOptions } from "../../../../src/runtime/prepare-runtime.js";
import type { ServerDefinition, ToolDefinition } from "../../../../src/runtime/core/tool-definition.js";
import { startFaultServer, type FaultServer } from "../../../helpers/fault-server.js";

const SECRET = "sk-call-log-secret-77";

describe("one log line per tool call", () => {
  let fault: FaultServer;
  let definition: ServerDefinition;
  before(async () => {
    fault = await startFaultServer();
    fault.route("/items/42", { status: 503 }, { status: 200, headers: { "content-type": "application/json" }, body: `{"id":42,"echo":"${SECRET}"}` });
    fault.route("/items/7", { status: 404, body: "no such item" });
    const tool: ToolDefinition = {
      name: "get_item", description: "get", inputSchema: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] }, annotations: {},
      http: { method: "GET", path: "/items/{id}", serverUrl: fault.origin, arguments: [{ argument: "id", required: true, target: { in: "path", name: "id", style: "simple", explode: false, allowReserved: false } }] },
      security: [], policy: { timeoutMs: 10_000, retries: 2, maxResponseTokens: 1000 }, pagingArguments: [],
    };
    definition = { name: "t", version: "1", securitySchemes: {}, tools: [tool] };
  });
  after(async () => fault?.close());

  /** Runs calls on a runtime at `level` and returns what it logged. */
  async function logged(level: string | undefined, calls: Array<Record<string, unknown>>, options: RuntimeOptions = {}): Promise<string[]> {
    const lines: string[] = [];
    const env = level === undefined ? {} : { OPENAPI_MCP_LOG_LEVEL: level };
    const { prepared } = prepareRuntime(definition, env, { ...options, writeLog: (line) => lines.push(line) });
    for (const args of calls) await callTool(prepared, { name: "get_item", arguments: args });
    return lines.filter((l) => l.includes("tool call"));
  }

  it("at debug, a successful call: tool, method, the path template, status, ms, retries, bytes", async () => {
    const [line, ...rest] = await logged("debug", [{ id: 42 }]);
    assert.equal(rest.length, 0);
    const fields = JSON.parse(/^debug: tool call (\{.*\})\n$/.exec(line!)![1]!) as Record<string, unknown>;
    assert.equal(typeof fields.ms, "number");
    assert.deepEqual({ ...fields, ms: 0 }, { tool: "get_item", method: "GET", path: "/items/{id}", status: 200, ms: 0, retries: 1, bytes: `{"id":42,"echo":"${SECRET}"}`.length });
    assert.ok(!line!.includes("/items/42"), "the filled path stays out");
    assert.ok(!line!.includes(SECRET), "response text stays out (the line holds no response text, redactor or not)");
  });

  it("at info (the default), successful calls log nothing and failed ones a line each", async () => {
    const lines = await logged(undefined, [{ id: 42 }, { id: 7 }, { id: 42 }]);
    assert.equal(lines.length, 1, lines.join(""));
    assert.match(lines[0]!, /^info: tool call \{"tool":"get_item",.*"status":404,.*"isError":true\}\n$/);
  });

  it("levels are the caller's to set: the one-shot call command logs its successful call at info", async () => {
    const lines = await logged(undefined, [{ id: 42 }], { callLogLevels: { success: "info", failure: "info" } });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^info: tool call \{.*"status":200/);
  });

  it("an error result says so; an argument that fails validation logs no status", async () => {
    const lines = await logged("info", [{ id: 7 }, { id: "seven" }]);
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /"status":404,.*"isError":true/);
    assert.match(lines[1]!, /"status":null,"ms":\d+,"retries":0,"bytes":0,"isError":true/);
    assert.ok(!lines.join("").includes("seven"), "argument values stay out");
  });

  it("JSON format carries the same fields", async () => {
    const lines: string[] = [];
    const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_LOG_FORMAT: "json" }, { writeLog: (line) => lines.push(line) });
    await callTool(prepared, { name: "get_item", arguments: { id: 7 } });
    const entry = JSON.parse(lines.find((l) => l.includes("tool call"))!) as Record<string, unknown>;
    assert.equal(entry.level, "info");
    assert.equal(entry.path, "/items/{id}");
    assert.equal(entry.status, 404);
  });

  for (const level of ["warn", "error"]) {
    it(`at ${level}: no line, and nothing is measured (logCall unset)`, async () => {
      assert.deepEqual(await logged(level, [{ id: 7 }]), []);
      assert.equal(prepareRuntime(definition, { OPENAPI_MCP_LOG_LEVEL: level }, { writeLog: () => {} }).prepared.invoke.logCall, undefined);
    });
  }
});
