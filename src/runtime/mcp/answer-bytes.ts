/**
 * The bytes of a `tools/call` answer whose text came from an upstream JSON body, built from that
 * body's bytes (result/raw-text.ts) rather than by `JSON.stringify` of the message and a UTF-8 encode
 * of the string it makes. The text is escaped straight from the bytes by the WebAssembly escaper;
 * everything around it (the rest of the result, `jsonrpc`, `id`, a 2026 result's stamping) is still
 * `JSON.stringify` of the message itself, with the text block left out and put back, so the answer
 * is byte for byte what `JSON.stringify(message)` would make (test/unit/runtime/mcp/answer-bytes.test.ts
 * holds that, and the lean-differential test the lean paths against the SDK's).
 *
 * Only the shape both lean paths send is handled — a response whose first key is `result`, whose
 * first key is `content`, holding one plain text block that still carries its bytes (JSON-RPC 2.0
 * https://www.jsonrpc.org/specification#response_object; MCP
 * https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools). Anything
 * else is undefined, and the caller serialises the message as before.
 */
import type { ServerResponse } from "node:http";
import { escapeJsonStringWasm } from "../result/json-validity-wasm.js";
import { rawTextBytes } from "../result/raw-text.js";

/** How `JSON.stringify` starts the handled shape with an empty `content`, and then with its one text block. */
const EMPTY_HEAD = '{"result":{"content":[]';
const TEXT_HEAD = '{"result":{"content":[{"type":"text","text":"';
const NO_CONTENT: readonly never[] = [];

/**
 * `JSON.stringify(message)` (and a newline when `newline`), UTF-8 encoded, when `message` has the
 * handled shape and its text can be written from its bytes; undefined otherwise.
 */
export function answerBytes(message: unknown, newline: boolean): Buffer | undefined {
  const result = (message as { result?: unknown } | null)?.result;
  if (result === null || typeof result !== "object") return undefined;
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content) || content.length !== 1) return undefined;
  const bytes = rawTextBytes(content[0]);
  if (bytes === undefined) return undefined;
  // The message with an empty content: its serialisation is the answer's, less the text block.
  const rest = JSON.stringify({ ...(message as object), result: { ...result, content: NO_CONTENT } });
  if (!rest.startsWith(EMPTY_HEAD)) return undefined;
  const escaped = escapeJsonStringWasm(bytes);
  if (escaped === undefined) return undefined;
  // `rest` goes on from the `]` that closes the empty content.
  const tail = `"}${rest.slice(EMPTY_HEAD.length - 1)}${newline ? "\n" : ""}`;
  const at = TEXT_HEAD.length + escaped.length;
  const out = Buffer.allocUnsafe(at + Buffer.byteLength(tail));
  out.write(TEXT_HEAD, 0, "latin1");
  out.set(escaped, TEXT_HEAD.length);
  out.write(tail, at, "utf8");
  return out;
}

/**
 * Writes `message` as a 200 `application/json` HTTP answer: from {@link answerBytes} when it can,
 * else `JSON.stringify`. One `end` with the length known up front (a flat header list: `writeHead`
 * skips walking an object).
 */
export function sendJsonAnswer(res: ServerResponse, message: unknown): void {
  const body = answerBytes(message, false) ?? JSON.stringify(message);
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  res.writeHead(200, ["content-type", "application/json", "content-length", String(length)]).end(body);
}
