/**
 * A text result that remembers the upstream bytes it was decoded from, so the answer carrying it can
 * be written from those bytes (mcp/answer-bytes.ts) instead of through `JSON.stringify` and a UTF-8
 * encode of a string that is often 200 KB of JSON. That serialisation is the largest cost of a large
 * call on our side: at 200 KB of typical JSON (one quote in five bytes) `JSON.stringify` of the text
 * takes ~520 µs of CPU, the UTF-8 encode for the socket ~150 more, against ~70 for the WebAssembly
 * escaper over the bytes (json-validity-wasm.c).
 *
 * The text stays a real string on the result: every other reader (redaction, output checks, the SDK's
 * own path, logs) sees a plain {@link ToolResult}. The bytes ride on the content block under a
 * symbol, which `JSON.stringify` and `Object.keys` do not see, together with the text they decode
 * to; a writer uses them only while the block's `text` is still that same text, so a result changed
 * after it was made (a redaction that masked something, a later rewrite) falls back to the string.
 */
import { isUtf8 } from "node:buffer";
import { textResult, type ContentBlock, type ToolResult } from "../core/tool-results.js";

const RAW = Symbol("openapi-mcp.rawText");

/** What a text block's bytes are remembered as. */
interface RawText {
  /** The text the bytes decode to, when they were attached. */
  readonly text: string;
  /** Valid UTF-8 whose decoding is `text`. */
  readonly bytes: Uint8Array;
}

type RawBlock = ContentBlock & { [RAW]?: RawText };

/** JSON whitespace (RFC 8259 §2), the only whitespace that may end a JSON text. */
function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * A text result of a JSON text `text`, decoded from `bytes` and cut of its final whitespace; the bytes
 * are remembered (cut the same way) when they are valid UTF-8. Only then do they decode to the text
 * exactly: Node's decoder turns a malformed sequence into U+FFFD, which the bytes do not hold.
 *
 * `text` must be `bytes.toString("utf8").trimEnd()` of a JSON text: its end is JSON whitespace only
 * (the last token is never whitespace), so the bytes are cut the same way.
 */
export function jsonTextResult(text: string, bytes: Uint8Array): ToolResult {
  const result = textResult(text);
  let end = bytes.length;
  while (end > 0 && isJsonWhitespace(bytes[end - 1]!)) end--;
  const kept = end === bytes.length ? bytes : bytes.subarray(0, end);
  if (isUtf8(kept)) (result.content[0] as RawBlock)[RAW] = { text, bytes: kept };
  return result;
}

/**
 * The bytes of a text block, when it carries them and still holds exactly the text they decode to,
 * and it is a plain `{"type":"text","text":…}` block (no other key); else undefined.
 */
export function rawTextBytes(block: unknown): Uint8Array | undefined {
  if (block === null || typeof block !== "object") return undefined;
  const raw = (block as RawBlock)[RAW];
  if (raw === undefined) return undefined;
  const b = block as { type?: unknown; text?: unknown };
  if (b.type !== "text" || b.text !== raw.text) return undefined;
  let keys = 0;
  for (const key in block) {
    if ((keys === 0 && key !== "type") || (keys === 1 && key !== "text") || keys > 1) return undefined;
    keys++;
  }
  return keys === 2 ? raw.bytes : undefined;
}
