/**
 * Issue 9, hostile input over stdio, end to end: `openapi-mcp serve` as a real process, JSON-RPC
 * written to its stdin byte by byte as a hostile or unlucky client would, and a recording upstream
 * on loopback that shows what reached it. Defects 3 (split UTF-8), 4 (line cap, malformed lines),
 * 5 (argument depth and `__proto__`) and 11a (unknown arguments refused).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";
import { startServeStdio, type StdioServeProcess } from "../helpers/start-processes.js";

const MAX_MESSAGE_BYTES = 1024 * 1024;

interface Answer {
  id: unknown;
  result?: { isError?: boolean; content: Array<{ type: string; text: string }> };
  error?: { code: number; message: string };
}

describe("serve over stdio: hostile input", () => {
  let upstream: RecordingUpstream;
  let serve: StdioServeProcess;
  let read = 0;

  /** Waits for the next answer line on stdout (the server writes nothing else there). */
  async function nextAnswer(): Promise<Answer> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const out = serve.process.stdout();
      const end = out.indexOf("\n", read);
      if (end !== -1) {
        const line = out.slice(read, end);
        read = end + 1;
        return JSON.parse(line) as Answer;
      }
      if (Date.now() > deadline) throw new Error(`no answer; stderr:\n${serve.process.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  function write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => serve.process.child.stdin!.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  const call = (id: number, name: string, args: unknown): string => `${JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } })}\n`;

  before(async () => {
    upstream = await startRecordingUpstream();
    serve = await startServeStdio({ baseUrl: upstream.origin, env: { OPENAPI_MCP_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), OPENAPI_MCP_AUTH_PETSTORE_AUTH: "token-1", OPENAPI_MCP_AUTH_API_KEY: "key-1" } });
    await write(`${JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`);
    await nextAnswer();
    await write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  });
  after(async () => {
    await serve.stop();
    await upstream.close();
  });

  it("sends a multi-byte character split across two pipe writes intact (defect 3)", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    const line = Buffer.from(call(1, "add_pet", { name: "café 😀", photoUrls: [] }), "utf8");
    const split = line.indexOf(Buffer.from("😀")) + 2;
    await write(line.subarray(0, split));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await write(line.subarray(split));
    const answer = await nextAnswer();
    assert.equal(answer.id, 1);
    assert.notEqual(answer.result?.isError, true, JSON.stringify(answer));
    assert.equal(upstream.requests.length, 1);
    assert.equal((JSON.parse(upstream.requests[0]!.body.toString("utf8")) as { name: string }).name, "café 😀");
  });

  it("answers malformed lines with -32700 and -32600 and logs them (defect 4)", async () => {
    await write('{"jsonrpc":"2.0","id":\n{"jsonrpc":"2.0","id":2}\n');
    assert.deepEqual([await nextAnswer(), await nextAnswer()].map((a) => [a.id, a.error?.code]), [[null, -32700], [2, -32600]]);
    assert.match(serve.process.stderr(), /refused an inbound line that is not JSON/);
    assert.match(serve.process.stderr(), /refused an inbound line that is not a JSON-RPC 2\.0 message/);
  });

  it("refuses a line over OPENAPI_MCP_MAX_MESSAGE_BYTES with an error for its id, then serves the next (defect 4)", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await write(call(3, "add_pet", { name: "x".repeat(2 * MAX_MESSAGE_BYTES), photoUrls: [] }));
    const refused = await nextAnswer();
    assert.equal(refused.id, 3);
    assert.equal(refused.error?.code, -32600);
    assert.match(refused.error!.message, /over the limit of 1048576 bytes.*OPENAPI_MCP_MAX_MESSAGE_BYTES/);
    assert.match(serve.process.stderr(), /refused an inbound message over the size limit/);
    await write(`${JSON.stringify({ jsonrpc: "2.0", id: 4, method: "ping" })}\n`);
    assert.deepEqual(await nextAnswer(), { jsonrpc: "2.0", id: 4, result: {} });
    assert.equal(upstream.requests.length, 0);
  });

  it("never forwards a nested __proto__ key (defect 5)", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await write(`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"add_pet","arguments":{"name":"rex","photoUrls":[],"category":{"__proto__":{"isAdmin":true}}}}}\n`);
    const answer = await nextAnswer();
    assert.equal(answer.result?.isError, true);
    assert.match(answer.result!.content[0]!.text, /category\.__proto__: the key "__proto__" is never forwarded/);
    assert.equal(upstream.requests.length, 0);
  });

  it("refuses arguments nested 100,000 deep with a result naming the limit, not a stack overflow (defect 5)", async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    await write(`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"add_pet","arguments":{"name":"rex","photoUrls":[],"category":${deep}}}}\n`);
    const answer = await nextAnswer();
    assert.equal(answer.result?.isError, true, JSON.stringify(answer).slice(0, 500));
    assert.match(answer.result!.content[0]!.text, /nest deeper than 64 levels.*OPENAPI_MCP_MAX_ARGUMENT_DEPTH/);
    assert.match(serve.process.stderr(), /refused a tool call's arguments at a limit.*maxArgumentDepth/);
    assert.equal(upstream.requests.length, 0);
  });

  it("refuses unknown arguments, Authorization and Host included, instead of dropping them (11a)", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await write(call(7, "get_pet", { petId: 1, Authorization: "Bearer stolen", Host: "evil.example", verbose: true }));
    const answer = await nextAnswer();
    assert.equal(answer.result?.isError, true);
    const text = answer.result!.content[0]!.text;
    assert.match(text, /Authorization: unknown argument; the server alone sets Authorization/);
    assert.match(text, /Host: unknown argument; the server alone sets Host/);
    assert.match(text, /verbose: unknown argument/);
    assert.equal(upstream.requests.length, 0);
  });
});
