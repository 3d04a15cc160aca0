/**
 * The lean paths against the SDK's own: the same requests, sent to a server with the lean
 * `tools/call` paths (the stdio lane, the HTTP multiplex lane, the 2026 HTTP fast path) and to one
 * that leaves every message to the SDK's dispatch, must get byte-for-byte the same answers — in
 * both protocol eras (2025-11-25 after `initialize`; 2026-07-28 with the `_meta` envelope) and over
 * both transports. The SDK's path is the judge: whatever it answers, the lean path must too.
 *
 * Covered: a valid call, an argument error and an upstream error (both `isError` results), an
 * unknown tool, `params.name` not a string, `arguments` not an object, an unknown method, a
 * malformed envelope, `tools/list` (with a bad cursor too), notifications (answered by nothing),
 * and cancellation (no answer at all); in the 2026 era also a wrong, missing or unsupported
 * `_meta` protocol version, a missing client-capabilities key, and over HTTP headers that
 * disagree with the body or are missing.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import type { PreparedServer } from "../../src/runtime/mcp/create-server.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { serveStdioStreams } from "../../src/runtime/mcp/stdio-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

const MODERN = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientInfo": { name: "diff", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };

/** A tool that waits upstream, to cancel it mid-call. */
const SLOW: ToolDefinition = {
  name: "slow",
  description: "waits",
  inputSchema: { type: "object", properties: { ms: { type: "integer" } } },
  annotations: { readOnlyHint: true },
  http: { method: "GET", path: "/slow", arguments: [{ argument: "ms", required: false, target: { in: "query", name: "ms", style: "form", explode: true, allowReserved: false } }] },
  security: [],
  policy: { timeoutMs: 10_000, retries: 0, maxResponseTokens: 2_000 },
  pagingArguments: [],
};

type Era = "2025-11-25" | "2026-07-28";
interface Case {
  name: string;
  /** The JSON-RPC message (or raw text when a string). */
  body: unknown;
  /** HTTP headers beyond the defaults of the era. */
  headers?: Record<string, string | undefined>;
  /** Whether an answer is expected (notifications and cancelled calls get none). */
  answered?: boolean;
}

let nextId = 100;
function call(era: Era, name: string, args: unknown, meta: unknown = META): Record<string, unknown> {
  const params: Record<string, unknown> = { name, arguments: args };
  if (era === MODERN && meta !== undefined) params._meta = meta;
  return { jsonrpc: "2.0", id: nextId++, method: "tools/call", params };
}
function request(era: Era, method: string, params: Record<string, unknown> = {}): Record<string, unknown> {
  return { jsonrpc: "2.0", id: nextId++, method, params: era === MODERN ? { ...params, _meta: META } : params };
}

function cases(era: Era): Case[] {
  const list: Case[] = [
    { name: "a valid call", body: call(era, "get_pet", { petId: 1 }) },
    { name: "an argument error (isError result)", body: call(era, "get_pet", { petId: "one" }) },
    { name: "an upstream error (isError result)", body: call(era, "get_pet", { petId: 987654 }) },
    { name: "an unknown tool", body: call(era, "no_such_tool", {}), headers: { "mcp-name": "no_such_tool" } },
    { name: "params.name not a string", body: call(era, 42 as unknown as string, {}), headers: { "mcp-name": undefined } },
    { name: "arguments not an object", body: call(era, "get_pet", [1]) },
    { name: "arguments absent", body: call(era, "get_inventory", undefined) , headers: { "mcp-name": "get_inventory" } },
    { name: "an unknown method", body: request(era, "no/such_method"), headers: { "mcp-method": "no/such_method", "mcp-name": undefined } },
    { name: "tools/list", body: request(era, "tools/list"), headers: { "mcp-method": "tools/list", "mcp-name": undefined } },
    { name: "tools/list with a cursor we did not issue", body: request(era, "tools/list", { cursor: "bm9wZQ" }), headers: { "mcp-method": "tools/list", "mcp-name": undefined } },
    { name: "a malformed envelope (jsonrpc 1.0)", body: { ...call(era, "get_pet", { petId: 1 }), jsonrpc: "1.0" } },
    { name: "a notification", body: { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99999 } }, answered: false, headers: { "mcp-method": "notifications/cancelled", "mcp-name": undefined } },
  ];
  if (era === MODERN) {
    list.push(
      { name: "_meta names another revision", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/protocolVersion": "2025-11-25" }) },
      { name: "_meta names an unsupported revision", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" }) },
      { name: "_meta without client capabilities", body: call(era, "get_pet", { petId: 1 }, { "io.modelcontextprotocol/protocolVersion": MODERN }) },
      { name: "_meta without client info", body: call(era, "get_pet", { petId: 1 }, { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} }) },
      { name: "_meta with client capabilities not an object", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/clientCapabilities": "all" }) },
    );
  }
  return list;
}

/** Cases only HTTP has: the 2026 headers against the body. */
function headerCases(): Case[] {
  return [
    { name: "Mcp-Name disagrees with params.name", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-name": "get_inventory" } },
    { name: "Mcp-Method disagrees with the method", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-method": "tools/list" } },
    { name: "Mcp-Name missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-name": undefined } },
    { name: "Mcp-Method missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-method": undefined } },
    { name: "MCP-Protocol-Version missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-protocol-version": undefined } },
    { name: "MCP-Protocol-Version disagrees with _meta", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-protocol-version": "2025-11-25" } },
  ];
}

let upstream: PetstoreUpstream;
let prepared: PreparedServer;

before(async () => {
  upstream = await startPetstoreUpstream({ record: false });
  const result = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
  const definition: ServerDefinition = { ...result.server, tools: [...result.server.tools, SLOW] };
  const env = { OPENAPI_MCP_LOG_LEVEL: "error", OPENAPI_MCP_AUTH_API_KEY: "test-key", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "test-token" };
  prepared = prepareRuntime(definition, env, { baseUrl: upstream.url, writeLog: () => {} }).prepared;
});
after(() => upstream.close());

describe("lean paths vs the SDK's own, Streamable HTTP", () => {
  let lean: RunningHttpServer;
  let reference: RunningHttpServer;
  before(async () => {
    lean = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
    reference = await startHttpServer(prepared, { host: "127.0.0.1", port: 0, lean: false });
  });
  after(async () => {
    await lean.close();
    await reference.close();
  });

  async function post(server: RunningHttpServer, era: Era, c: Case): Promise<string> {
    const body = c.body as { method?: string; params?: { name?: unknown } };
    const headers: Record<string, string | undefined> = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": era };
    if (era === MODERN) {
      headers["mcp-method"] = body.method;
      if (typeof body.params?.name === "string") headers["mcp-name"] = body.params.name;
    }
    Object.assign(headers, c.headers ?? {});
    if (era !== MODERN) for (const name of ["mcp-method", "mcp-name"]) delete headers[name];
    const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    const response = await fetch(server.url, { method: "POST", headers: sent, body: JSON.stringify(c.body) });
    return `${response.status} ${response.headers.get("content-type")}\n${await response.text()}`;
  }

  for (const era of ["2025-11-25", MODERN] as const) {
    for (const c of [...cases(era), ...(era === MODERN ? headerCases() : [])]) {
      it(`${era}: ${c.name}`, async () => {
        const expected = await post(reference, era, c);
        const actual = await post(lean, era, c);
        assert.equal(actual, expected);
      });
    }
    it(`${era}: a call whose client goes away is cancelled on both paths: the upstream request is aborted`, async () => {
      for (const server of [reference, lean]) {
        const controller = new AbortController();
        const pending = fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": era, ...(era === MODERN ? { "mcp-method": "tools/call", "mcp-name": "slow" } : {}) },
          body: JSON.stringify(call(era, "slow", { ms: 5000 })),
          signal: controller.signal,
        });
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(prepared.gate.inFlight, 1, "the call is running");
        controller.abort();
        await assert.rejects(pending);
        const deadline = Date.now() + 2000;
        while (prepared.gate.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.equal(prepared.gate.inFlight, 0, "the disconnect cancelled the call");
      }
    });
  }
});

describe("lean paths vs the SDK's own, stdio", () => {
  /** One stdio connection: write lines, read the answers. */
  type Connection = ReturnType<typeof connect>;
  function connect(lean: boolean) {
    const input = new PassThrough();
    const output = new PassThrough();
    const served = serveStdioStreams(prepared, input, output, { lean });
    const lines: string[] = [];
    let buffer = "";
    output.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        lines.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    });
    return {
      lines,
      /** Sends one message and returns what came back for it (waits for one line, or `quietMs` when none is expected). */
      async exchange(message: unknown, answered = true, quietMs = 150): Promise<string[]> {
        const from = lines.length;
        input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
        const deadline = Date.now() + (answered ? 5000 : quietMs);
        while (Date.now() < deadline && (answered ? lines.length === from : true)) await new Promise((r) => setTimeout(r, 5));
        return lines.slice(from);
      },
      write(message: unknown): void {
        input.write(`${JSON.stringify(message)}\n`);
      },
      close: () => served.close(),
    };
  }

  for (const era of ["2025-11-25", MODERN] as const) {
    describe(`${era}`, () => {
      let lean: Connection;
      let reference: Connection;
      before(async () => {
        lean = connect(true);
        reference = connect(false);
        // The opening decides the era, as for a real client: the 2025 handshake, or a 2026 discover probe then a request.
        for (const connection of [lean, reference]) {
          if (era === MODERN) {
            await connection.exchange({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: META } });
          } else {
            await connection.exchange({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: era, capabilities: {}, clientInfo: { name: "diff", version: "1" } } });
            await connection.exchange({ jsonrpc: "2.0", method: "notifications/initialized" }, false);
          }
        }
      });
      after(async () => {
        await lean.close();
        await reference.close();
      });

      for (const c of cases(era)) {
        it(c.name, async () => {
          const expected = await reference.exchange(c.body, c.answered ?? true);
          const actual = await lean.exchange(c.body, c.answered ?? true);
          assert.deepEqual(actual, expected);
          if (c.answered !== false) assert.equal(expected.length, 1, "one answer");
        });
      }

      it("notifications/cancelled aborts the call on both paths, and neither answers it", async () => {
        for (const connection of [reference, lean]) {
          const slow = call(era, "slow", { ms: 5000 });
          const from = connection.lines.length;
          connection.write(slow);
          await new Promise((r) => setTimeout(r, 150));
          assert.equal(prepared.gate.inFlight, 1, "the call is running");
          connection.write({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: slow.id, reason: "test", ...(era === MODERN ? { _meta: META } : {}) } });
          const deadline = Date.now() + 2000;
          while (prepared.gate.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.equal(prepared.gate.inFlight, 0, "the call was cancelled");
          await new Promise((r) => setTimeout(r, 100));
          assert.deepEqual(connection.lines.slice(from), [], "a cancelled call is never answered");
        }
      });
    });
  }
});
