/**
 * Issue 9, defects 8 and 10 over HTTP: slow and numerous clients cannot hold the listener, and a
 * graceful shutdown lets calls in flight finish. Raw sockets, so what a hostile client does is
 * exactly what the test does; a real loopback upstream behind the server.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { defaultLimits, type ServeLimits } from "../../src/runtime/core/serve-settings.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

const slowTool: ToolDefinition = {
  name: "slow", description: "slow", inputSchema: { type: "object", properties: { ms: { type: "integer" } } }, annotations: {},
  http: { method: "GET", path: "/slow", arguments: [{ argument: "ms", required: false, target: { in: "query", name: "ms", style: "form", explode: true, allowReserved: false } }] },
  security: [], policy: { timeoutMs: 10_000, retries: 0, maxResponseTokens: 1000 }, pagingArguments: [],
};

const call = (id: number, ms: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "slow", arguments: { ms } } });

/** Opens a raw socket, writes `text`, and resolves with everything received until the server closes it, and when. */
async function rawExchange(port: number, text: string, opened: Array<net.Socket> = []): Promise<{ received: string; closedAfterMs: number }> {
  const socket = net.connect(port, "127.0.0.1");
  opened.push(socket);
  await once(socket, "connect");
  const start = performance.now();
  socket.write(text);
  let received = "";
  socket.on("data", (d: Buffer) => (received += d.toString()));
  socket.on("error", () => {});
  await once(socket, "close");
  return { received, closedAfterMs: performance.now() - start };
}

describe("HTTP listener limits and shutdown (issue 9: defects 8 and 10)", () => {
  let upstream: PetstoreUpstream;
  let definition: ServerDefinition;
  const logs: string[] = [];

  before(async () => {
    upstream = await startPetstoreUpstream();
    const { server } = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
    definition = { ...server, tools: [...server.tools, slowTool] };
  });
  after(async () => {
    await upstream.close();
  });

  async function start(limits: Partial<ServeLimits>): Promise<RunningHttpServer> {
    const { prepared } = prepareRuntime(definition, {}, { baseUrl: upstream.url, writeLog: (line) => logs.push(line), limits: { ...defaultLimits(), ...limits } });
    return startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
  }

  it("closes a socket whose headers never finish, with a 408 naming the setting (slow headers)", async () => {
    const server = await start({ httpHeadersTimeoutMs: 300 });
    try {
      const { received, closedAfterMs } = await rawExchange(server.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
      assert.match(received, /^HTTP\/1\.1 408/);
      assert.match(received, /--http-headers-timeout-ms/);
      assert.ok(closedAfterMs < 2_000, `closed after ${closedAfterMs} ms`);
      assert.ok(logs.some((l) => /request headers did not arrive within 300 ms/.test(l)));
    } finally {
      await server.close();
    }
  });

  it("closes a socket whose body never finishes, with a 408 naming the setting (slow body)", async () => {
    const server = await start({ httpRequestTimeoutMs: 400 });
    try {
      const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\ncontent-length: 1000\r\n\r\n{"jsonrpc"`;
      const { received, closedAfterMs } = await rawExchange(server.port, head);
      assert.match(received, /^HTTP\/1\.1 408/);
      assert.match(received, /--http-request-timeout-ms/);
      assert.ok(closedAfterMs < 2_500, `closed after ${closedAfterMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(logs.some((l) => /the whole request did not arrive within 400 ms/.test(l)));
      assert.ok(!logs.some((l) => /HTTP request failed/.test(l)), "a timed-out body is not an internal error");
    } finally {
      await server.close();
    }
  });

  it("does not count a slow tool call against the request timeout: only receiving the request is timed", async () => {
    const server = await start({ httpRequestTimeoutMs: 200, httpHeadersTimeoutMs: 200 });
    try {
      const reply = await fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: call(1, 1_200) });
      assert.equal(reply.status, 200);
      const body = (await reply.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
      assert.equal(body.result.isError, undefined, body.result.content[0]!.text);
      assert.match(body.result.content[0]!.text, /"waitedMs":1200/);
    } finally {
      await server.close();
    }
  });

  it("answers a connection past the cap with a 503 naming the setting, and takes new ones once others close", async () => {
    const server = await start({ maxConnections: 3, httpHeadersTimeoutMs: 5_000 });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const socket = net.connect(server.port, "127.0.0.1");
        socket.on("error", () => {});
        await once(socket, "connect");
        socket.write("POST /mcp HTTP/1.1\r\n"); // a slow-header client holding its slot
        held.push(socket);
      }
      await new Promise((r) => setTimeout(r, 50));
      const refused = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      assert.match(refused.received, /^HTTP\/1\.1 503/);
      assert.match(refused.received, /max connections; raise it with --max-connections or OPENAPI_MCP_MAX_CONNECTIONS/);
      assert.ok(logs.some((l) => /HTTP connection refused: max connections reached/.test(l)));
      held.shift()!.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const healthy = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.equal(healthy.status, 200);
    } finally {
      for (const socket of held) socket.destroy();
      await server.close();
    }
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const server = await start({ httpKeepAliveTimeoutMs: 300 });
    try {
      const { received, closedAfterMs } = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      assert.match(received, /^HTTP\/1\.1 200/);
      assert.ok(closedAfterMs >= 250 && closedAfterMs < 2_000, `closed after ${closedAfterMs} ms`);
    } finally {
      await server.close();
    }
  });

  it("refuses a body past the max message size with a 413 naming the setting, without reading it all", async () => {
    const server = await start({ maxMessageBytes: 2048 });
    try {
      // Declared too large: refused before a byte of the body is read.
      const declared = await rawExchange(
        server.port,
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\ncontent-length: 100000000\r\n\r\n`,
      );
      assert.match(declared.received, /^HTTP\/1\.1 413/);
      assert.match(declared.received, /--max-message-bytes or OPENAPI_MCP_MAX_MESSAGE_BYTES/);
      // Chunked, no length: cut once past the limit.
      const reply = await fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(5000) } }) });
      assert.equal(reply.status, 413);
    } finally {
      await server.close();
    }
  });

  it("refuses a call past max concurrent calls with an isError result naming the setting", async () => {
    const server = await start({ maxConcurrentCalls: 2 });
    try {
      const replies = await Promise.all([1, 2, 3].map((id, i) => new Promise((r) => setTimeout(r, i * 30)).then(() => fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: call(id, 500) }).then((r) => r.json() as Promise<{ id: number; result: { isError?: boolean; content: Array<{ text: string }> } }>))));
      const refused = replies.filter((r) => r.result.isError === true);
      assert.equal(refused.length, 1);
      assert.equal(refused[0]!.id, 3);
      assert.match(refused[0]!.result.content[0]!.text, /max concurrent calls; raise it with --max-concurrent-calls or OPENAPI_MCP_MAX_CONCURRENT_CALLS/);
      assert.equal(replies.filter((r) => /"waitedMs":500/.test(r.result.content[0]!.text)).length, 2);
    } finally {
      await server.close();
    }
  });

  it("on shutdown lets a call in flight finish and answer, and refuses new connections", async () => {
    const server = await start({});
    const inFlight = fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: call(7, 600) });
    await new Promise((r) => setTimeout(r, 150));
    const stopped = server.shutdown(5_000);
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/healthz`));
    const reply = await inFlight;
    assert.equal(reply.status, 200);
    assert.match(((await reply.json()) as { result: { content: Array<{ text: string }> } }).result.content[0]!.text, /"waitedMs":600/);
    assert.deepEqual(await stopped, { finished: 1, cut: 0 });
  });

  it("on shutdown cuts a call that outlasts the grace period", async () => {
    const server = await start({});
    const inFlight = fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: call(8, 5_000) }).then(
      (r) => r.status,
      () => "cut",
    );
    await new Promise((r) => setTimeout(r, 150));
    const started = performance.now();
    assert.deepEqual(await server.shutdown(300), { finished: 0, cut: 1 });
    assert.ok(performance.now() - started < 2_000);
    assert.equal(await inFlight, "cut");
  });
});
