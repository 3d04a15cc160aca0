/**
 * The stateless Streamable HTTP server: one SDK Server multiplexed across requests. Raw HTTP
 * requests, so the protocol checks are visible; a real loopback upstream behind it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ToolDefinition } from "../../src/runtime/core/tool-definition.js";
import { startFaultServer } from "../helpers/fault-server.js";

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("stateless HTTP transport", () => {
  let upstream: PetstoreUpstream;
  let server: RunningHttpServer;

  before(async () => {
    upstream = await startPetstoreUpstream();
    const { server: definition } = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
    const slow: ToolDefinition = {
      name: "slow", description: "slow", inputSchema: { type: "object", properties: { ms: { type: "integer" } } }, annotations: {},
      http: { method: "GET", path: "/slow", arguments: [{ argument: "ms", required: false, target: { in: "query", name: "ms", style: "form", explode: true, allowReserved: false } }] },
      security: [], policy: { timeoutMs: 10_000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
    };
    const { prepared } = prepareRuntime({ ...definition, tools: [...definition.tools, slow] }, { OPENAPI_MCP_AUTH_API_KEY: "k-1234" }, { baseUrl: upstream.url, writeLog: () => {} });
    server = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    await server.close();
    await upstream.close();
  });

  const post = (body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
    fetch(server.url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const call = (id: number | string, name: string, args: Record<string, unknown>) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

  it("answers concurrent clients that reuse the same id, each with its own result", async () => {
    const replies = await Promise.all([1, 2, 3, 4, 5].map((petId) => post(call(1, "get_pet", { petId })).then((r) => r.json() as Promise<{ id: number; result: { content: Array<{ text: string }> } }>)));
    assert.deepEqual(replies.map((r) => r.id), [1, 1, 1, 1, 1]);
    assert.deepEqual(replies.map((r) => JSON.parse(r.result.content[0]!.text).id), [1, 2, 3, 4, 5]);
  });

  it("answers a batch with an array in the same order", async () => {
    const reply = (await (await post([call("a", "get_pet", { petId: 1 }), { jsonrpc: "2.0", method: "notifications/initialized" }, call("b", "get_pet", { petId: 2 })])).json()) as Array<{ id: string }>;
    assert.deepEqual(reply.map((r) => r.id), ["a", "b"]);
  });

  it("answers notifications alone with 202 and no body", async () => {
    const reply = await post({ jsonrpc: "2.0", method: "notifications/initialized" });
    assert.equal(reply.status, 202);
    assert.equal(await reply.text(), "");
  });

  const refusals: Array<[string, { body: unknown; headers?: Record<string, string>; status: number; code: number }]> = [
    ["no text/event-stream in Accept", { body: call(1, "get_pet", { petId: 1 }), headers: { "content-type": "application/json", accept: "application/json" }, status: 406, code: -32000 }],
    ["a non-JSON content type", { body: "x", headers: { "content-type": "text/plain", accept: JSON_HEADERS.accept }, status: 415, code: -32000 }],
    ["an unsupported protocol version", { body: call(1, "get_pet", { petId: 1 }), headers: { ...JSON_HEADERS, "mcp-protocol-version": "1999-01-01" }, status: 400, code: -32000 }],
    ["invalid JSON", { body: "{nope", status: 400, code: -32700 }],
    ["a message that is not JSON-RPC", { body: { hello: "world" }, status: 400, code: -32700 }],
    ["an empty batch", { body: [], status: 400, code: -32700 }],
  ];
  for (const [name, { body, headers, status, code }] of refusals) {
    it(`refuses ${name}`, async () => {
      const reply = await post(body, headers);
      assert.equal(reply.status, status);
      assert.equal(((await reply.json()) as { error: { code: number } }).error.code, code);
    });
  }

  it("a client that disconnects cancels its call, and the upstream socket closes", async () => {
    const fault = await startFaultServer();
    fault.route("/hang", { hang: true });
    const hang: ToolDefinition = {
      name: "hang", description: "hang", inputSchema: { type: "object" }, annotations: {},
      http: { method: "GET", path: "/hang", serverUrl: fault.origin, arguments: [] },
      security: [], policy: { timeoutMs: 20_000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
    };
    const { prepared } = prepareRuntime({ name: "t", version: "1", securitySchemes: {}, tools: [hang] }, {}, { writeLog: () => {} });
    const local = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
    try {
      const { request } = await import("node:http");
      const req = request(local.url, { method: "POST", headers: JSON_HEADERS });
      req.on("error", () => {});
      req.end(JSON.stringify(call(1, "hang", {})));
      const started = Date.now();
      while (fault.requests.length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 20));
      assert.equal(fault.requests.length, 1, "the call reached the upstream");
      assert.equal(fault.sockets.closed, 0);
      req.destroy();
      await fault.waitForSocketsClosed();
      assert.equal(fault.sockets.closed, fault.sockets.opened, "the upstream request was aborted");
      assert.ok(Date.now() - started < 10_000, "well before the 20 s deadline");
      const next = await post(call(11, "get_pet", { petId: 1 }));
      assert.equal(next.status, 200, "the server keeps serving");
    } finally {
      await local.close();
      await fault.close();
    }
  });
});
