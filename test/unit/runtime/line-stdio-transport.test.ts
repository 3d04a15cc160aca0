import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { LineStdioTransport } from "../../../src/runtime/line-stdio-transport.js";

function setup() {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new LineStdioTransport(input, output);
  const messages: unknown[] = [];
  const errors: string[] = [];
  transport.onmessage = (m) => messages.push(m);
  transport.onerror = (e) => errors.push(e.message);
  return { input, output, transport, messages, errors };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("LineStdioTransport", () => {
  it("reassembles messages split across chunks and accepts CRLF", async () => {
    const { input, transport, messages } = setup();
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,"me');
    input.write('thod":"ping"}\r\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    await tick();
    assert.deepEqual(messages, [{ jsonrpc: "2.0", id: 1, method: "ping" }, { jsonrpc: "2.0", method: "notifications/initialized" }]);
  });
  it("reports a garbage line and keeps reading the next ones", async () => {
    const { input, transport, messages, errors } = setup();
    await transport.start();
    input.write('not json\n{"id":1}\n\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await tick();
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /not JSON/);
    assert.match(errors[1]!, /not a JSON-RPC 2\.0 message/);
    assert.deepEqual(messages, [{ jsonrpc: "2.0", id: 2, method: "ping" }]);
  });
  it("writes one JSON line per message", async () => {
    const { output, transport } = setup();
    let written = "";
    output.on("data", (d: Buffer) => (written += d.toString()));
    await transport.send({ jsonrpc: "2.0", id: 1, result: { text: "a\nb" } });
    await transport.send({ jsonrpc: "2.0", method: "x" });
    await tick();
    assert.equal(written, '{"jsonrpc":"2.0","id":1,"result":{"text":"a\\nb"}}\n{"jsonrpc":"2.0","method":"x"}\n');
  });
  it("stops reading after close", async () => {
    const { input, transport, messages } = setup();
    let closed = false;
    transport.onclose = () => (closed = true);
    await transport.start();
    await transport.close();
    input.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await tick();
    assert.deepEqual(messages, []);
    assert.equal(closed, true);
  });
});
