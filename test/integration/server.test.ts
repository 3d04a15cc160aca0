/**
 * The runtime server wired to a real SDK Client through InMemoryTransport, calling the real petstore
 * upstream on loopback. Covers what a model sees: the tool list, validation before I/O, upstream
 * errors as results, credentials never leaking, truncation within budget, retries.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ListToolsResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { startFaultServer } from "../helpers/fault-server.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { connectMcpServer, createMcpServer, type PreparedServer } from "../../src/runtime/mcp/create-server.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

const CANARY = "canary-s3cr3t-9f8e7d";

/** Extra tools against the upstream's test routes, built by hand as the IR would. */
function extraTool(name: string, path: string, query: string[], policy: Partial<ToolDefinition["policy"]> = {}): ToolDefinition {
  return {
    name,
    description: name,
    inputSchema: { type: "object", properties: Object.fromEntries(query.map((q) => [q, { type: ["string", "integer"] }])) },
    annotations: { readOnlyHint: true },
    http: {
      method: "GET",
      path,
      arguments: query.map((q) => ({ argument: q, required: false, target: { in: "query", name: q, style: "form", explode: true, allowReserved: false } })),
    },
    security: [],
    policy: { timeoutMs: 10_000, retries: 2, maxResponseTokens: 2_000, ...policy },
    pagingArguments: ["offset"],
  };
}

/** How the server meets its transport: the lane both transports use, or the SDK's own dispatch alone. */
const CONNECTIONS = {
  "tools/call lane": (prepared: PreparedServer, transport: Transport) => connectMcpServer(prepared, transport),
  "SDK dispatch only": (prepared: PreparedServer, transport: Transport) => createMcpServer(prepared).connect(transport),
} as const;

for (const [connection, connect] of Object.entries(CONNECTIONS)) describe(`MCP server (${connection}) over InMemoryTransport against the petstore upstream`, () => {
  let upstream: PetstoreUpstream;
  let client: Client;
  let definition: ServerDefinition;
  const logs: string[] = [];

  before(async () => {
    upstream = await startPetstoreUpstream();
    const result = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
    definition = {
      ...result.server,
      tools: [...result.server.tools, extraTool("large_list", "/large", ["count", "offset"]), extraTool("flaky", "/flaky", ["key", "failures"]),
        extraTool("get_user", "/user/{username}", [])],
    };
    definition.tools[definition.tools.length - 1]!.http.arguments = [{ argument: "username", required: true, target: { in: "path", name: "username", style: "simple", explode: false, allowReserved: false } }];
    definition.tools[definition.tools.length - 1]!.inputSchema = { type: "object", properties: { username: { type: "string" } }, required: ["username"] };
    const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_AUTH_API_KEY: CANARY, OPENAPI_MCP_AUTH_PETSTORE_AUTH: `${CANARY}-oauth`, OPENAPI_MCP_LOG_LEVEL: "debug" }, {
      baseUrl: upstream.url,
      writeLog: (line) => logs.push(line),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connect(prepared, serverSide);
    client = new Client({ name: "test", version: "1" });
    await client.connect(clientSide);
  });
  after(async () => {
    await client.close();
    await upstream.close();
  });

  const text = (result: Record<string, unknown>): string => (result.content as Array<{ text: string }>).map((c) => c.text).join("\n");

  it("tools/list returns exactly the definitions' MCP projection", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools, definition.tools.map(toMcpTool));
  });

  it("a valid call reaches the upstream and returns its JSON", async () => {
    upstream.reset();
    const result = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
    assert.equal(result.isError, undefined);
    assert.equal(JSON.parse(text(result)).id, 1);
    assert.equal(upstream.requests.length, 1);
    assert.equal(upstream.requests[0]!.path, "/api/v3/pet/1");
  });

  const invalid: Array<[string, { name: string; args: Record<string, unknown>; want: RegExp }]> = [
    ["a missing required argument", { name: "get_pet", args: {}, want: /petId: required argument is missing/ }],
    ["a mistyped argument", { name: "get_pet", args: { petId: "seven" }, want: /petId: expected integer/ }],
    ["`..` in a path argument", { name: "get_user", args: { username: ".." }, want: /username/ }],
    ["an encoded `..` in a path argument", { name: "get_user", args: { username: "%2e%2e" }, want: /username/ }],
    ["a bad enum value", { name: "find_pets", args: { status: "lost" }, want: /status: expected one of \["available","pending","sold"\]/ }],
  ];
  for (const [name, { name: tool, args, want }] of invalid) {
    it(`refuses ${name} with an isError result and no upstream request`, async () => {
      upstream.reset();
      const result = await client.callTool({ name: tool, arguments: args });
      assert.equal(result.isError, true);
      assert.match(text(result), want);
      assert.equal(upstream.requests.length, 0);
    });
  }

  it("an unknown method is MethodNotFound; malformed tools/call params are InvalidParams", async () => {
    await assert.rejects(client.request({ method: "resources/list", params: {} }, ListToolsResultSchema), (e: unknown) => e instanceof McpError && e.code === -32601);
    await assert.rejects(client.request({ method: "tools/call", params: { name: 42 } } as never, ListToolsResultSchema), (e: unknown) => e instanceof McpError && e.code === -32602);
    await assert.rejects(client.request({ method: "tools/call", params: { name: "get_pet", arguments: [1] } } as never, ListToolsResultSchema), (e: unknown) => e instanceof McpError && e.code === -32602);
  });

  it("an unknown tool is a JSON-RPC InvalidParams error", async () => {
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e: unknown) => e instanceof McpError && e.code === -32602);
  });

  it("an upstream 404 is an isError result naming status, method and path; the next call works", async () => {
    const result = await client.callTool({ name: "get_pet", arguments: { petId: 9999 } });
    assert.equal(result.isError, true);
    assert.match(text(result), /^HTTP 404 from GET \/pet\/\{petId\}: Not Found: Pet 9999 not found\. Retrying the same call will not help/);
    const next = await client.callTool({ name: "get_pet", arguments: { petId: 2 } });
    assert.equal(next.isError, undefined);
  });

  it("credentials come from configuration, reach the upstream, and never appear in results or logs", async () => {
    upstream.reset();
    const result = await client.callTool({ name: "get_inventory", arguments: {} });
    assert.equal(result.isError, undefined, text(result));
    assert.equal(upstream.requests[0]!.headers.api_key, CANARY);
    const failing = await client.callTool({ name: "delete_pet", arguments: { petId: 424242 } });
    for (const output of [text(result), text(failing), JSON.stringify(failing), ...logs]) assert.equal(output.includes(CANARY), false, output);
  });

  it("a 10,000-item list comes back within the budget as valid JSON with a marker of both counts", async () => {
    const result = await client.callTool({ name: "large_list", arguments: { count: 10_000 } });
    const body = text(result);
    assert.equal(body.length <= 2_000 * 4, true, `length ${body.length}`);
    const parsed = JSON.parse(body) as { items: unknown[]; _truncated: { originalCount: number; keptCount: number; note: string } };
    assert.equal(parsed._truncated.originalCount, 10_000);
    assert.equal(parsed._truncated.keptCount, parsed.items.length);
    assert.match(parsed._truncated.note, /offset/);
  });

  it("GET 503, 503, 200 returns the 200 after exactly 3 upstream requests", async () => {
    upstream.reset();
    const result = await client.callTool({ name: "flaky", arguments: { key: "k1", failures: 2 } });
    assert.equal(result.isError, undefined, text(result));
    assert.deepEqual(JSON.parse(text(result)), { attempt: 3 });
    assert.equal(upstream.requests.length, 3);
  });
});

for (const [connection, connect] of Object.entries(CONNECTIONS)) describe(`MCP server (${connection}): cancellation`, () => {
  it("notifications/cancelled aborts the upstream request, closes its socket, and the next call works", async () => {
    const fault = await startFaultServer();
    fault.route("/hang", { hang: true });
    fault.route("/ok", { status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' });
    const tool = (name: string, path: string): ToolDefinition => ({
      name, description: name, inputSchema: { type: "object" }, annotations: {},
      http: { method: "GET", path, serverUrl: fault.origin, arguments: [] },
      security: [], policy: { timeoutMs: 20_000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
    });
    const { prepared } = prepareRuntime({ name: "t", version: "1", securitySchemes: {}, tools: [tool("hang", "/hang"), tool("ok", "/ok")] }, {}, { writeLog: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connect(prepared, serverSide);
    const client = new Client({ name: "test", version: "1" });
    await client.connect(clientSide);
    try {
      const controller = new AbortController();
      const pending = client.callTool({ name: "hang", arguments: {} }, undefined, { signal: controller.signal });
      const started = Date.now();
      while (fault.requests.length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
      assert.equal(fault.requests.length, 1, "the call reached the upstream");
      controller.abort("the user gave up");
      await assert.rejects(pending);
      await fault.waitForSocketsClosed();
      assert.equal(fault.sockets.closed, fault.sockets.opened, "the upstream request was aborted");
      assert.ok(Date.now() - started < 10_000, "well before the 20 s deadline");
      const next = await client.callTool({ name: "ok", arguments: {} });
      assert.deepEqual(next.content, [{ type: "text", text: '{"ok":true}' }]);
    } finally {
      await client.close();
      await fault.close();
    }
  });
});
