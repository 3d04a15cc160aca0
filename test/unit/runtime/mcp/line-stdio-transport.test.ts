import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import { LineStdioTransport } from "../../../../src/runtime/mcp/line-stdio-transport.js";

function setup(maxMessageBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const transport = new LineStdioTransport(input, output, {
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    log: (level, message, fields) => logged.push({ level, message, ...(fields ? { fields } : {}) }),
  });
  const messages: unknown[] = [];
  const errors: string[] = [];
  const answers: Array<{ id: unknown; error: { code: number; message: string } }> = [];
  let partial = "";
  output.on("data", (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const line of lines) answers.push(JSON.parse(line));
  });
  transport.onmessage = (m) => messages.push(m);
  transport.onerror = (e) => errors.push(e.message);
  return { input, output, transport, messages, errors, answers, logged };
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
  it("keeps a multi-byte UTF-8 character that two reads split (issue 9, defect 3)", async () => {
    const { input, transport, messages } = setup();
    await transport.start();
    const line = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{"q":"café 😀"}}}\n', "utf8");
    const e = line.indexOf(Buffer.from("é")) + 1; // inside é's two bytes
    const emoji = line.indexOf(Buffer.from("😀")) + 2; // inside the emoji's four bytes
    input.write(line.subarray(0, e));
    await tick();
    input.write(line.subarray(e, emoji));
    await tick();
    input.write(line.subarray(emoji));
    await tick();
    assert.deepEqual(messages, [JSON.parse(line.toString("utf8"))]);
    assert.equal((messages[0] as { params: { arguments: { q: string } } }).params.arguments.q, "café 😀");
  });
  it("answers a line that is not JSON with -32700 and one that is not JSON-RPC with -32600, and logs each kind (defect 4)", async () => {
    const { input, transport, answers, logged, messages } = setup();
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,\n[{"jsonrpc":"2.0","id":2,"method":"ping"}]\n{"jsonrpc":"1.0","id":"x","method":"ping"}\n{"jsonrpc":"2.0","id":3,"method":7}\n{"jsonrpc":"2.0","id":4,"method":"ping"}\n');
    await tick();
    assert.deepEqual(answers.map((a) => [a.id, a.error.code]), [[null, -32700], [null, -32600], ["x", -32600], [3, -32600]]);
    assert.match(answers[1]!.error.message, /batches/);
    assert.match(answers[2]!.error.message, /"jsonrpc" member must be exactly "2\.0"/);
    // One line per kind within a second (the log is throttled; the answers are not).
    assert.deepEqual(logged.map((l) => l.message), ["refused an inbound line that is not JSON", "refused an inbound line that is not a JSON-RPC 2.0 message"]);
    assert.ok(logged.every((l) => l.level === "warn"));
    assert.deepEqual(messages, [{ jsonrpc: "2.0", id: 4, method: "ping" }]);
  });
  it("refuses a line over the message limit without buffering it, names the setting, and reads on (defect 4)", async () => {
    const { input, transport, answers, logged, messages } = setup(1024);
    await transport.start();
    // The SDK's client writes "id" last: the answer still reaches the right request.
    input.write(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"t","arguments":{"q":"${"x".repeat(600)}`);
    input.write(`${"y".repeat(600)}"}},"id":41}\n{"jsonrpc":"2.0","id":42,"method":"ping"}\n`);
    input.write(`{"jsonrpc":"2.0","id":"a","method":"ping","params":{"q":"${"z".repeat(2000)}"}}\r\n`);
    await tick();
    assert.deepEqual(answers.map((a) => [a.id, a.error.code]), [[41, -32600], ["a", -32600]]);
    assert.match(answers[0]!.error.message, /over the limit of 1024 bytes.*OPENAPI_MCP_MAX_MESSAGE_BYTES/);
    assert.equal(logged.length, 1, "the second refusal within a second is counted, not logged");
    assert.equal(logged[0]!.fields?.setting, "OPENAPI_MCP_MAX_MESSAGE_BYTES");
    assert.deepEqual(messages, [{ jsonrpc: "2.0", id: 42, method: "ping" }]);
  });
  it("a flood of bad lines is answered line by line but logged once per kind, with its count", async () => {
    const { input, transport, answers, logged } = setup(64);
    await transport.start();
    input.write("not json\n".repeat(500) + `{"q":"${"x".repeat(100)}"}\n`.repeat(500));
    await tick();
    assert.equal(answers.length, 1000);
    assert.deepEqual(logged.map((l) => [l.message, l.fields?.hits]), [["refused an inbound line that is not JSON", 1], ["refused an inbound message over the size limit", 1]]);
  });
  it("reads a line at exactly the limit, and answers an oversized one with no id it can find with id null", async () => {
    const { input, transport, answers, messages } = setup(64);
    await transport.start();
    const exact = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"p":"';
    const line = `${exact}${"a".repeat(64 - exact.length - 3)}"}}`;
    assert.equal(Buffer.byteLength(line), 64);
    input.write(`${line}\n{"jsonrpc":"2.0","method":"x","params":{"id":5,"q":"${"b".repeat(100)}"}}\n`);
    await tick();
    assert.equal(messages.length, 1);
    assert.deepEqual(answers.map((a) => [a.id, a.error.code]), [[null, -32600]]);
  });
  it("costs linear time on a huge line: 64 MiB in 16 KiB reads is refused in seconds (defect 4: was quadratic)", async () => {
    const { input, transport, answers } = setup(4 * 1024 * 1024);
    await transport.start();
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const started = process.hrtime.bigint();
    input.write('{"jsonrpc":"2.0","id":7,"method":"ping","params":{"q":"');
    for (let i = 0; i < 4096; i++) {
      input.write(chunk);
      if (i % 256 === 0) await tick();
    }
    input.write('"}}\n{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
    await tick();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.deepEqual(answers.map((a) => a.id), [7]);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
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
  it("writes a large message (past the corked-write size) as one line, in order with small ones", async () => {
    const { output, transport } = setup();
    let written = "";
    output.on("data", (d: Buffer) => (written += d.toString()));
    const text = `é"\\${"x".repeat(40_000)}\n`;
    const sends = [
      transport.send({ jsonrpc: "2.0", id: 1, result: { text } }),
      transport.send({ jsonrpc: "2.0", id: 2, result: {} }),
      transport.send({ jsonrpc: "2.0", id: 3, result: { text } }),
    ];
    await Promise.all(sends);
    await tick();
    const lines = written.split("\n");
    assert.equal(lines.pop(), "", "every message ends with a newline");
    assert.deepEqual(lines.map((line) => JSON.parse(line) as unknown), [
      { jsonrpc: "2.0", id: 1, result: { text } },
      { jsonrpc: "2.0", id: 2, result: {} },
      { jsonrpc: "2.0", id: 3, result: { text } },
    ]);
  });
  it("while other requests await answers, writes the answers made in one turn with one write; a lone answer at once", async () => {
    // What reaches the stream's _write/_writev: one entry per system call on a real stdout.
    const writes: string[][] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push([chunk.toString()]);
        done();
      },
      writev(chunks, done) {
        writes.push(chunks.map((c) => (c.chunk as Buffer).toString()));
        done();
      },
    });
    const input = new PassThrough();
    const transport = new LineStdioTransport(input, output);
    await transport.start();
    input.write([1, 2, 3, 4, 5, 6].map((id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call"}\n`).join(""));
    input.write('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":6}}\n');
    await tick();
    const big = "y".repeat(10_000);
    await Promise.all([1, 2, 3].map((id) => transport.send({ jsonrpc: "2.0", id, result: {} })));
    await transport.send({ jsonrpc: "2.0", id: 4, result: { big } });
    assert.equal(writes.length, 0, "request 5 still awaits its answer: these wait for the end of the turn");
    await tick();
    assert.equal(writes.length, 1, `one write for the four: ${JSON.stringify(writes.map((w) => w.length))}`);
    const lines = writes[0]!.join("").split("\n");
    assert.equal(lines.pop(), "");
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { id: number }).id), [1, 2, 3, 4], "in the order they were sent");
    // Request 6 was cancelled, so 5 is the last one awaited: its answer goes out at once.
    void transport.send({ jsonrpc: "2.0", id: 5, result: {} });
    assert.deepEqual(writes[1], ['{"jsonrpc":"2.0","id":5,"result":{}}\n']);
  });
  it("writes queued answers when it is closed, and waits for a backed-up stdout to drain", async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 16 });
    const transport = new LineStdioTransport(input, output);
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await tick();
    void transport.send({ jsonrpc: "2.0", id: 1, result: {} });
    await transport.close();
    assert.equal(output.read()?.toString(), '{"jsonrpc":"2.0","id":1,"result":{}}\n', "written at close, not lost");
    void transport.send({ jsonrpc: "2.0", id: 7, result: { pad: "z".repeat(64) } });
    await tick();
    let drained = false;
    const sent = transport.send({ jsonrpc: "2.0", id: 8, result: {} }).then(() => (drained = true));
    await tick();
    assert.equal(drained, false, "stdout is over its high-water mark: the send waits");
    while (output.read() !== null);
    await sent;
    assert.equal(drained, true);
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
