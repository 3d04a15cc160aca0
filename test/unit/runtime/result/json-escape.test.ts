/**
 * The WebAssembly JSON string escaper (`escapeJsonStringWasm`, json-validity-wasm.c), held
 * differentially to its judge: for bytes that are valid UTF-8, the escaper's output must be exactly
 * the UTF-8 bytes of `JSON.stringify(bytes.toString("utf8"))` between the quotes. Inputs: the
 * JSONTestSuite files that are valid UTF-8, every ASCII byte and pair, every Unicode scalar value,
 * every byte that needs escaping at every offset of a 16-byte vector and in runs, seeded random
 * text and documents, bodies that grow linear memory, and views into larger buffers.
 */
import assert from "node:assert/strict";
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { escapeJsonStringWasm, MAX_WASM_ESCAPE_BYTES } from "../../../../src/runtime/result/json-validity-wasm.js";
import { mulberry32 } from "../../../../bench/generate/helpers.js";

/** The judge: JSON.stringify of the decoded text, without its quotes, as UTF-8. */
function judge(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return Buffer.from(JSON.stringify(text).slice(1, -1), "utf8");
}

function escaped(bytes: Uint8Array): Buffer {
  const view = escapeJsonStringWasm(bytes);
  if (view === undefined) throw new Error(`the escaper did not answer for a ${bytes.length}-byte body`);
  return Buffer.from(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

const show = (bytes: Uint8Array): string => {
  const text = Buffer.from(bytes).toString("utf8");
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text);
};

function agree(bytes: Uint8Array, label = ""): void {
  assert.ok(isUtf8(bytes), `test input must be valid UTF-8: ${label} ${show(bytes)}`);
  const got = escaped(bytes);
  const want = judge(bytes);
  if (!got.equals(want)) assert.fail(`${label} ${show(bytes)}: escaped ${JSON.stringify(got.toString("latin1").slice(0, 200))}, JSON.stringify ${JSON.stringify(want.toString("latin1").slice(0, 200))}`);
}


describe("escapeJsonStringWasm: JSON.stringify's escaping, from the bytes (differential)", () => {
  it("the JSONTestSuite files that are valid UTF-8 (and there are both kinds)", () => {
    const suite = JSON.parse(readFileSync(new URL("../../../../fixtures/json-test-suite.json", import.meta.url), "utf8")) as { cases: Record<string, string> };
    let checked = 0;
    for (const [name, base64] of Object.entries(suite.cases)) {
      const bytes = Buffer.from(base64, "base64");
      if (!isUtf8(bytes)) continue;
      agree(bytes, name);
      checked++;
    }
    assert.ok(checked > 250 && checked < 316, `${checked} files`);
  });

  it("every ASCII byte alone, and every pair of ASCII bytes", () => {
    for (let a = 0; a < 128; a++) {
      agree(Uint8Array.of(a), `byte ${a}`);
      for (let b = 0; b < 128; b++) agree(Uint8Array.of(a, b), `bytes ${a} ${b}`);
    }
  });

  it("every Unicode scalar value (1-, 2-, 3- and 4-byte UTF-8; U+2028, U+2029, U+FEFF, U+FFFD and the noncharacters included)", () => {
    let chars: string[] = [];
    let count = 0;
    const flush = (): void => {
      agree(Buffer.from(chars.join(""), "utf8"), `scalars up to U+${(count - 1).toString(16)}`);
      chars = [];
    };
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // surrogates are not scalar values: UTF-8 cannot hold them
      chars.push(String.fromCodePoint(cp));
      count = cp + 1;
      if (chars.length === 65_536) flush();
    }
    flush();
  });

  it("each byte that needs escaping, at every offset of the first 40 bytes, among plain bytes and among multibyte characters", () => {
    const specials = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f"];
    for (const filler of ["a", "é", "€", "😀"]) {
      for (const special of specials) {
        for (let offset = 0; offset < 40; offset++) {
          for (const after of [0, 1, 15, 16, 17, 40]) {
            agree(Buffer.from(filler.repeat(offset) + special + filler.repeat(after), "utf8"), `${JSON.stringify(special)} at ${offset} among ${filler}`);
          }
        }
      }
    }
  });

  it("runs of 1 to 40 quotes, backslashes and mixes at every offset (several escapes in one vector)", () => {
    for (const unit of ['"', "\\", '\\"', '"a', "\\\\a\"", "\n\""]) {
      for (let run = 1; run <= 40; run++) {
        for (let offset = 0; offset < 20; offset++) agree(Buffer.from(`${"x".repeat(offset)}${unit.repeat(run)}yz`, "utf8"), `${JSON.stringify(unit)}×${run} at ${offset}`);
      }
    }
  });

  it("text that is nothing but control bytes (more than twice its length escaped: the worst case's room)", () => {
    for (const n of [1, 15, 16, 17, 1000, 70_000]) {
      agree(Buffer.alloc(n, 1), `${n} × U+0001`);
      agree(Buffer.from(Array.from({ length: n }, (_, i) => i % 32)), `${n} control bytes`);
    }
  });

  it("20,000 seeded random texts over quotes, backslashes, control bytes and multibyte characters", () => {
    const next = mulberry32(0x5eed);
    const alphabet = ['"', "\\", "/", "a", "Z", " ", "\n", "\r", "\t", "\u0000", "\u0001", "\u001f", "\u007f", "é", "€", "😀", "\u2028", "\u2029", "\ufeff", "\ufffd"];
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(next() * 100);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      agree(Buffer.from(text, "utf8"), `seed 0x5eed case ${i}`);
    }
  });

  it("3,000 seeded random JSON documents, compact and indented", () => {
    const next = mulberry32(20261206);
    const value = (depth: number): unknown => {
      const pick = Math.floor(next() * (depth > 3 ? 4 : 6));
      if (pick === 0) return Math.floor(next() * 1e6) / 7;
      if (pick === 1) return next() < 0.5 ? null : true;
      if (pick <= 3) return Array.from({ length: Math.floor(next() * 12) }, () => ['a"b', "c\\d", "\\/", "é😀", "\u2028", "x\ty", "<\u0001>"][Math.floor(next() * 7)]).join("");
      if (pick === 4) return Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, k) => [`k${k}"\\`, value(depth + 1)]));
    };
    for (let i = 0; i < 3_000; i++) agree(Buffer.from(JSON.stringify(value(0), null, next() < 0.3 ? 2 : undefined), "utf8"), `seed 20261206 case ${i}`);
  });

  it("bodies that grow linear memory (200 KB, 1, 6 and 10 MB), then a small one again", () => {
    const item = JSON.stringify({ id: 1, name: 'a "quoted" name', path: "C:\\dir\\file", text: "é€😀\u2028", tab: "\t" });
    for (const size of [200_000, 1_000_000, 6_000_000, MAX_WASM_ESCAPE_BYTES - 200]) {
      const body = `[${Array.from({ length: Math.floor(size / (Buffer.byteLength(item) + 1)) }, () => item).join(",")}]`;
      agree(Buffer.from(body, "utf8"), `${body.length} bytes`);
    }
    agree(Buffer.from('{"small":"a\\"b"}', "utf8"), "small after large");
  });

  it("a view into a larger buffer is read only within its bounds", () => {
    const outside = '"\\"outside"';
    const whole = Buffer.from(`${outside}inside "quoted" \\ text${outside}`, "utf8");
    const view = whole.subarray(outside.length, whole.length - outside.length);
    assert.equal(escaped(view).toString("utf8"), 'inside \\"quoted\\" \\\\ text');
    agree(view, "view");
  });

  it(`a body above MAX_WASM_ESCAPE_BYTES (${MAX_WASM_ESCAPE_BYTES}) is left to JSON.stringify (undefined)`, () => {
    assert.equal(escapeJsonStringWasm(Buffer.alloc(MAX_WASM_ESCAPE_BYTES + 1, 0x61)), undefined);
    assert.ok(escapeJsonStringWasm(Buffer.alloc(MAX_WASM_ESCAPE_BYTES, 0x61)) !== undefined);
  });

  it("the empty text", () => {
    assert.equal(escaped(new Uint8Array(0)).length, 0);
  });
});
