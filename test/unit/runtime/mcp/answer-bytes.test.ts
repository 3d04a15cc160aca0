/**
 * answerBytes writes a `tools/call` answer from the upstream body's bytes; its promise is to be byte
 * for byte `JSON.stringify(message)` (plus a newline for stdio), whatever the message carries, and to
 * step aside (undefined) for any shape or text it cannot vouch for. The judge is JSON.stringify of
 * the same message.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { answerBytes } from "../../../../src/runtime/mcp/answer-bytes.js";
import { LineStdioTransport } from "../../../../src/runtime/mcp/line-stdio-transport.js";
import { modernResult } from "../../../../src/runtime/mcp/modern-answer.js";
import { jsonTextResult } from "../../../../src/runtime/result/raw-text.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";

const BODIES = [
  '{"a":1}',
  '{"name":"a \\"quoted\\" name","path":"C:\\\\dir","é":"😀\\u2028\u2028","tab":"\\t"}\n',
  `[${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, name: `pet "${i}"`, tags: ["a\\b", "é"] })).join(",")}]`,
  '  {"padded": true} \r\n\t ',
  '"a string"',
  "12345",
];

function legacy(id: string | number, body: string): { message: object; result: ReturnType<typeof jsonTextResult> } {
  const bytes = Buffer.from(body, "utf8");
  const result = jsonTextResult(bytes.toString("utf8").trimEnd(), bytes);
  return { message: { result, jsonrpc: "2.0", id }, result };
}

function same(message: unknown, newline: boolean): void {
  const got = answerBytes(message, newline);
  assert.ok(got !== undefined, "answerBytes stepped aside");
  assert.equal(got.toString("utf8"), JSON.stringify(message) + (newline ? "\n" : ""));
}

describe("answerBytes: JSON.stringify(message), from the body's bytes", () => {
  it("the 2025-era shape, for bodies with quotes, backslashes, non-ASCII, U+2028 and trailing whitespace, with and without a newline", () => {
    for (const body of BODIES) {
      for (const id of [1, 0, -7, 2 ** 53 - 1, "abc", 'q"uo\\te', "é😀"]) {
        same(legacy(id, body).message, false);
        same(legacy(id, body).message, true);
      }
    }
  });

  it("the 2026 shape: resultType and the server identity stamped after the content, non-ASCII identity too", () => {
    for (const body of BODIES) {
      for (const server of [{ name: "bench", version: "1.0.0" }, { name: 'nämé "x"', version: "2\u2028" }]) {
        const { result } = legacy(5, body);
        same(modernResult(5, result, server), false);
        same(modernResult("id-é", { ...result, _meta: { trace: "t" } }, server), true);
      }
    }
  });

  it("the HTTP transport's re-keyed copy ({...message, id}) and other keys after the content (isError, structuredContent)", () => {
    const { message, result } = legacy(9, BODIES[1]!);
    same({ ...message, id: "client-1" }, false);
    same({ result: { ...result, isError: false, structuredContent: { é: ['"'] } }, jsonrpc: "2.0", id: 3 }, false);
  });

  it("steps aside for what it cannot vouch for", () => {
    const { message, result } = legacy(1, BODIES[1]!);
    const block = result.content[0] as { text: string };
    // The text changed after the result was made (a redaction that masked something): not its bytes any more.
    const changed = { result: { content: [{ ...block, text: block.text.replace("quoted", "[REDACTED]") }] }, jsonrpc: "2.0", id: 1 };
    assert.equal(answerBytes(changed, false), undefined);
    block.text = `${block.text} `;
    assert.equal(answerBytes(message, false), undefined);
    // Other shapes: result not first, content not first, two blocks, an extra key on the block, a batch, an error, no bytes.
    const fresh = legacy(1, BODIES[0]!);
    assert.equal(answerBytes({ jsonrpc: "2.0", id: 1, result: fresh.result }, false), undefined);
    assert.equal(answerBytes({ result: { isError: false, content: fresh.result.content }, jsonrpc: "2.0", id: 1 }, false), undefined);
    assert.equal(answerBytes({ result: { content: [...fresh.result.content, { type: "text", text: "x" }] }, jsonrpc: "2.0", id: 1 }, false), undefined);
    assert.equal(answerBytes({ result: { content: [{ ...fresh.result.content[0], annotations: {} }] }, jsonrpc: "2.0", id: 1 }, false), undefined);
    assert.equal(answerBytes([fresh.message], false), undefined);
    assert.equal(answerBytes({ jsonrpc: "2.0", id: 1, error: { code: -1, message: "x" } }, false), undefined);
    assert.equal(answerBytes({ result: { content: [{ type: "text", text: "plain" }] }, jsonrpc: "2.0", id: 1 }, false), undefined);
    assert.equal(answerBytes(null, false), undefined);
    // The spread copy the 2026 stamping makes still carries the bytes: the block itself is shared.
    assert.ok(answerBytes(modernResult(1, fresh.result, { name: "n", version: "v" }), false) !== undefined);
  });

  it("invalid UTF-8 from the upstream: no bytes are kept (the text holds U+FFFD where they do not), so JSON.stringify answers", () => {
    for (const bad of [[0x22, 0xff, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xc3, 0x22], [0x22, 0xf0, 0x9f, 0x98, 0x22], [0x22, 0xc0, 0xaf, 0x22]]) {
      const bytes = Buffer.from(bad);
      const result = jsonTextResult(bytes.toString("utf8"), bytes);
      assert.equal(answerBytes({ result, jsonrpc: "2.0", id: 1 }, false), undefined, `bytes ${bad.join(" ")}`);
    }
  });

  it("the stdio transport writes the answer from the bytes, one line, the same as JSON.stringify would", async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on("data", (c: Buffer) => chunks.push(c));
    const transport = new LineStdioTransport(new PassThrough(), output);
    const { message } = legacy(4, BODIES[2]!);
    await transport.send(message as JSONRPCMessage);
    assert.equal(Buffer.concat(chunks).toString("utf8"), `${JSON.stringify(message)}\n`);
  });
});
