import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isJsonBytes as isJsonBytesChosen } from "../../../../src/runtime/result/json-validity.js";
import { isJsonBytesJs } from "../../../../src/runtime/result/json-validity-js.js";
import { isJsonBytesWasm, MAX_WASM_BODY_BYTES } from "../../../../src/runtime/result/json-validity-wasm.js";
import { mulberry32 } from "../../../../bench/generate/helpers.js";

/** The judge: what the scanner promises to equal (its file comment states the contract). */
function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

const bytesOf = (input: string | number[] | Uint8Array): Uint8Array =>
  typeof input === "string" ? Buffer.from(input, "utf8") : Uint8Array.from(input);

const show = (bytes: Uint8Array): string => {
  const text = Buffer.from(bytes).toString("latin1");
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text);
};


/** The WebAssembly validator, required to answer (its fallback would hide a broken module). */
function isJsonBytesWasmOnly(bytes: Uint8Array): boolean {
  const answer = isJsonBytesWasm(bytes);
  if (answer === undefined) throw new Error(`the WebAssembly validator did not answer for a ${bytes.length}-byte body`);
  return answer;
}

/** Both implementations go through every test below; json-validity.ts states the contract they share. */
const IMPLEMENTATIONS: Array<[string, (bytes: Uint8Array) => boolean]> = [
  ["JS scanner (isJsonBytesJs)", isJsonBytesJs],
  ["WebAssembly validator (isJsonBytesWasm)", isJsonBytesWasmOnly],
];

for (const [implementation, isJsonBytes] of IMPLEMENTATIONS) {
  /** Asserts scanner = JSON.parse on each input; returns how many of them parse. */
  function agree(inputs: Iterable<Uint8Array>): number {
    let valid = 0;
    for (const bytes of inputs) {
      const want = parses(bytes);
      assert.equal(isJsonBytes(bytes), want, `${show(bytes)}: JSON.parse ${want ? "accepts" : "rejects"} it`);
      if (want) valid++;
    }
    return valid;
  }

  describe(`${implementation}: against JSONTestSuite (nst/JSONTestSuite test_parsing)`, () => {
    const suite = JSON.parse(readFileSync(new URL("../../../../fixtures/json-test-suite.json", import.meta.url), "utf8")) as { cases: Record<string, string> };
    const cases = Object.entries(suite.cases);

    it("holds all 316 small files", () => assert.equal(cases.length, 316));

    for (const [name, base64] of cases) {
      it(name, () => {
        const bytes = Buffer.from(base64, "base64");
        const got = isJsonBytes(bytes);
        // The suite's own verdict where it has one (y_ must parse, n_ must not), then JSON.parse's.
        if (name.startsWith("y_")) assert.equal(got, true);
        if (name.startsWith("n_")) assert.equal(got, false);
        assert.equal(got, parses(bytes));
      });
    }

    it("the two files left out of the fixture for size: 100,000 open arrays, and an open array of open objects", () => {
      assert.equal(isJsonBytes(bytesOf("[".repeat(100_000))), false);
      assert.equal(isJsonBytes(bytesOf(`[${'{"":['.repeat(50_000)}\n`)), false);
    });
  });

  describe(`${implementation}: by hand-written category`, () => {
    const table: Array<[string, string[]]> = [
      ["scalars", ["0", "-0", "1", "true", "false", "null", '""', '"a"', "tru", "nul", "nulll", "True", "NULL", "undefined", "NaN", "Infinity", "-Infinity"]],
      ["numbers", ["-", "--1", "+1", "01", "-01", "00", "1.", "1.0", ".5", "1e", "1e+", "1e-", "1E5", "1e+5", "1e-05", "1.5e3", "1.e3", "0e0", "-0.0e-0", "1ee2", "1e2.5", "0x10", "1_000", "123456789012345678901234567890", "1e999", "-1e-999", "[1,-]", "[-1.5E+3]", "[1 2]", "[0.]", "[0e]"]],
      ["strings and escapes", ['"\\"', '"\\\\"', '"\\/"', '"\\b\\f\\n\\r\\t"', '"\\a"', '"\\x41"', "\"\\'\"", '"\\U0041"', '"\\u"', '"\\u0"', '"\\u00"', '"\\u004"', '"\\u0041"', '"\\u00Gf"', '"\\uaBcD"', '"\\u00410"', '"\\', '"abc', '"a"b"', "'a'", '"\u007f"', '"é"', '"😀"', '"\\ud83d\\ude00"']],
      ["lone and paired surrogate escapes", ['"\\ud800"', '"\\udfff"', '"\\udc00\\ud800"', '"\\ud800x"', '["\\ud800"]', '{"\\udead":1}']],
      ["containers", ["[]", "{}", "[[]]", "[{}]", "{\"a\":[]}", "[", "]", "{", "}", "[}", "{]", "[1,]", "[,1]", "[,]", "{,}", "{\"a\":1,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{1:1}", "{a:1}", "{\"a\":1 \"b\":2}", "{\"a\":1}}", "[1]]", "[[1]", "{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}", "[true,false,null,\"\",0,{},[]]", "{\"\":\"\"}", "{\"a\":1,\"a\":2}"]],
      ["whitespace", [" 1", "1 ", "\t[\n1\r,\n2 ]\r\n", " { \"a\" : 1 } ", "[\f1]", "[\v1]", "[\u00a01]", "[\u20281]", "[\u30001]", "\u00001", "1\u0000", "", " ", "\n"]],
      ["byte-order mark and trailing garbage", ["\ufeff{}", "{}\ufeff", "{}x", "{} {}", "[1]\n]", "1 2", "true false", "\"a\" \"b\"", "{}//", "/**/{}", "{}#"]],
    ];
    for (const [category, inputs] of table) {
      it(category, () => {
        agree(inputs.map(bytesOf));
      });
    }

    it("every control character, raw inside a string and between tokens", () => {
      const inputs: Uint8Array[] = [];
      for (let c = 0; c < 0x20; c++) {
        inputs.push(bytesOf([0x22, c, 0x22]), bytesOf([0x5b, c, 0x31, 0x5d]), bytesOf([0x22, 0x5c, c, 0x22]));
      }
      agree(inputs);
    });

    it("every byte after a backslash, and every byte as a whole document or a string's content", () => {
      const inputs: Uint8Array[] = [];
      for (let b = 0; b < 256; b++) inputs.push(bytesOf([0x22, 0x5c, b, 0x22]), bytesOf([b]), bytesOf([0x22, b, 0x22]), bytesOf([0x5b, b, 0x5d]));
      assert.ok(agree(inputs) > 0);
    });

    it("malformed UTF-8 inside and outside strings: decoded to U+FFFD, which only a string may hold", () => {
      const bad = [[0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xc3], [0xef, 0xbb, 0xbf]];
      const inputs: Uint8Array[] = [];
      for (const seq of bad) {
        inputs.push(bytesOf([0x22, ...seq, 0x22]), bytesOf([...seq]), bytesOf([0x5b, ...seq, 0x5d]), bytesOf([0x7b, 0x22, ...seq, 0x22, 0x3a, 0x31, 0x7d]));
        // A truncated sequence right before the closing quote or a backslash must not swallow it.
        inputs.push(bytesOf([0x22, ...seq, 0x5c, 0x6e, 0x22]), bytesOf([0x22, 0x61, ...seq]));
      }
      assert.ok(agree(inputs) > 0);
    });

    it("deep nesting: 100,000 levels of arrays and of objects, closed and unclosed", () => {
      const depth = 100_000;
      agree([
        bytesOf("[".repeat(depth) + "]".repeat(depth)),
        bytesOf('{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
        bytesOf("[".repeat(depth) + "]".repeat(depth - 1)),
        bytesOf("[".repeat(depth) + "]".repeat(depth + 1)),
        bytesOf('[{"a":'.repeat(depth) + "0" + "}]".repeat(depth)),
        bytesOf('[{"a":'.repeat(depth) + "0" + "]}".repeat(depth)),
      ]);
    });

    it("every byte at every place in a 4-byte word of a string, at every alignment (the word-at-a-time run)", () => {
      const inputs: Uint8Array[] = [];
      for (let b = 0; b < 256; b++) {
        for (let k = 0; k < 9; k++) {
          const doc = [0x22, ...Array<number>(k).fill(0x61), b, ...Array<number>(8 - k).fill(0x62), 0x22];
          for (let shift = 0; shift < 4; shift++) {
            // The same document at byte offset `shift` of a larger buffer, with a closing quote after it
            // that a read past the view's end would find.
            const backing = new Uint8Array(shift + doc.length + 4).fill(0x22);
            backing.set(doc, shift);
            inputs.push(backing.subarray(shift, shift + doc.length), backing.subarray(shift, shift + doc.length - 1));
          }
        }
      }
      assert.ok(agree(inputs) > 1000);
    });

    it("a view into a larger buffer is read only within its bounds", () => {
      const backing = Buffer.from('xx{"a":[1,2]}yy');
      assert.equal(isJsonBytes(backing.subarray(2, 13)), true);
      assert.equal(isJsonBytes(backing.subarray(2, 12)), false);
      assert.equal(isJsonBytes(new Uint8Array(backing.buffer, backing.byteOffset + 2, 11)), true);
    });
  });

  describe(`${implementation}: over generated corpora (differential against JSON.parse)`, () => {
    /** The bytes that steer a JSON parser, plus a few it must refuse. */
    const ALPHABET = [..."{}[]\":,\\ 0-1.eE+tfnu\n\t", "\u0000", "\u00e9"].flatMap((ch) => [...Buffer.from(ch, "utf8")]);

    it("exhaustively, every sequence of up to 3 bytes over the JSON alphabet", () => {
      const symbols = [...new Set(ALPHABET)];
      let count = 0;
      let valid = 0;
      const walk = (prefix: number[]): void => {
        if (prefix.length > 0) {
          valid += agree([Uint8Array.from(prefix)]);
          count++;
        }
        if (prefix.length === 3) return;
        for (const s of symbols) walk([...prefix, s]);
      };
      walk([]);
      assert.ok(count > 10_000, `${count} sequences`);
      assert.ok(valid > 100, `${valid} valid`);
    });

    /** A random JSON value, with the escapes, numbers and non-ASCII text a parser must handle. */
    function randomValue(next: () => number, depth: number): unknown {
      const pick = Math.floor(next() * (depth > 4 ? 5 : 8));
      switch (pick) {
        case 0: return null;
        case 1: return next() < 0.5;
        case 2: return [0, -0, 1.5, -2e-7, 1e21, 123456789, Math.floor(next() * 1e6) - 5e5][Math.floor(next() * 7)];
        case 3:
        case 4: {
          const chars = ['a', '"', "\\", "/", "\n", "\u0001", "é", "😀", "\ud800", "\u2028", " ", "z"];
          return Array.from({ length: Math.floor(next() * 6) }, () => chars[Math.floor(next() * chars.length)]).join("");
        }
        case 5:
        case 6: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
        default: {
          const out: Record<string, unknown> = {};
          for (let i = Math.floor(next() * 4); i > 0; i--) out[String(randomValue(next, 9))] = randomValue(next, depth + 1);
          return out;
        }
      }
    }

    /** JSON text with random (legal) whitespace between tokens, sometimes escaping `/` as PHP does. */
    function randomDocument(next: () => number): string {
      let text = JSON.stringify(randomValue(next, 0), null, next() < 0.3 ? "\t" : undefined);
      if (next() < 0.3) text = text.replace(/\//g, "\\/");
      if (next() < 0.3) text = ` \r\n${text}\n `;
      return text;
    }

    /** One random edit: the mutations a truncating proxy, a buggy encoder or a hostile upstream make. */
    function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
      const out = [...bytes];
      const at = Math.floor(next() * (out.length + 1));
      const byte = next() < 0.8 ? ALPHABET[Math.floor(next() * ALPHABET.length)]! : Math.floor(next() * 256);
      switch (Math.floor(next() * 5)) {
        case 0: out.splice(at, 1); break;
        case 1: out.splice(at, 0, byte); break;
        case 2: out[Math.min(at, out.length - 1)] = byte; break;
        case 3: out.length = at; break;
        default: out.splice(at, 0, ...out.slice(Math.floor(next() * out.length), Math.floor(next() * out.length)));
      }
      return Uint8Array.from(out);
    }

    it("20,000 random documents with random whitespace all parse, and the scanner says so", () => {
      const next = mulberry32(0x9e3779b9);
      for (let i = 0; i < 20_000; i++) {
        const bytes = bytesOf(randomDocument(next));
        assert.equal(isJsonBytes(bytes), true, `seed 0x9e3779b9 case ${i}: ${show(bytes)}`);
      }
    });

    it("40,000 mutants (1-3 edits each) of random documents: scanner = JSON.parse", () => {
      const next = mulberry32(20260912);
      let valid = 0;
      for (let i = 0; i < 40_000; i++) {
        let bytes = bytesOf(randomDocument(next));
        for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) bytes = mutate(bytes, next);
        const want = parses(bytes);
        assert.equal(isJsonBytes(bytes), want, `seed 20260912 case ${i}: ${show(bytes)}: JSON.parse ${want ? "accepts" : "rejects"} it`);
        if (want) valid++;
      }
      // Both verdicts are exercised in quantity, so the agreement is not a run of one answer.
      assert.ok(valid > 2_000 && valid < 38_000, `${valid} of 40,000 mutants parse`);
    });

    it("every prefix of a real payload is refused, and the whole is accepted (truncated bodies)", () => {
      const whole = bytesOf(JSON.stringify({ items: Array.from({ length: 30 }, (_, i) => ({ id: i, name: `item-${i}`, even: i % 2 === 0, tags: ["a\"b", "\\u00e9", "é"] })), pad: "" }));
      for (let cut = 0; cut < whole.length; cut++) assert.equal(isJsonBytes(whole.subarray(0, cut)), false, `prefix of ${cut} bytes`);
      assert.equal(isJsonBytes(whole), true);
    });
  });


  describe(`${implementation}: tokens at every offset of the 16- and 64-byte blocks`, () => {
    /** Values that straddle a block edge somewhere: strings, escapes, backslash runs, numbers, literals, flaws. */
    const TOKENS = [
      '"a"', '""', '"\\""', '"\\\\"', '"\\\\\\""', '"a\\\\\\\\"', '"\\n\\t\\/"', '"\\u00e9"', '"\\uD83D\\uDE00"', '"\\u00G9"', '"\\u00e"',
      '"\\x"', '"\\', '"abc', '"é😀"', "0", "-0", "-12.5e+3", "123456789012", "1.", "-", "01", "1e", "true", "false", "null", "tru",
      "nulll", "falsey", "[]", "{}", '{"k":[1,{"":""}]}', "[1,]", '{"a"}', "]", ",", ":",
    ].map((text) => bytesOf(text));
    /** Raw bytes a string must not hold or only a string may hold. */
    const RAW = [bytesOf([0x22, 0x61, 0x01, 0x22]), bytesOf([0x22, 0x09, 0x22]), bytesOf([0x22, 0xff, 0x22]), bytesOf([0xff]), bytesOf([0x22, 0x5c, 0x0a, 0x22])];
    const frames: Array<[string, (pad: number, token: Uint8Array) => Uint8Array]> = [
      // after whitespace, after a string, as a member value, and as a member name
      ["[<spaces><token>]", (pad, token) => Buffer.concat([bytesOf("["), Buffer.alloc(pad, 0x20), token, bytesOf("]")])],
      ['["x…x",<token>]', (pad, token) => Buffer.concat([bytesOf(`["${"x".repeat(pad)}",`), token, bytesOf("]")])],
      ['{"k…k":<token>}', (pad, token) => Buffer.concat([bytesOf(`{"${"k".repeat(pad)}":`), token, bytesOf("}")])],
      ["{<token>:1} after tabs", (pad, token) => Buffer.concat([bytesOf("{"), Buffer.alloc(pad, 0x09), token, bytesOf(":1}")])],
    ];

    for (const [frame, build] of frames) {
      it(`${frame}, every pad from 0 to 140 bytes`, () => {
        const inputs: Uint8Array[] = [];
        for (let pad = 0; pad <= 140; pad++) for (const token of [...TOKENS, ...RAW]) inputs.push(build(pad, token));
        const valid = agree(inputs);
        assert.ok(valid > 1000 && valid < inputs.length - 1000, `${valid} of ${inputs.length} valid`);
      });
    }

    it("runs of 1 to 8 backslashes ending at every offset, before a quote (even runs close the string, odd ones escape it)", () => {
      const inputs: Uint8Array[] = [];
      for (let pad = 0; pad <= 140; pad++) {
        for (let run = 1; run <= 8; run++) {
          const text = `["${"x".repeat(pad)}${"\\".repeat(run)}",1`;
          inputs.push(bytesOf(`${text}]`), bytesOf(`${text}"]`));
        }
      }
      assert.equal(agree(inputs), 141 * 8);
    });

    it("a document that ends at every offset: truncated inside a string, an escape, a number or a literal", () => {
      const whole = bytesOf(`{"a":"x\\"\\\\\\u00e9",\t"b":[-1.5e+10,true,false,null,"${"y".repeat(70)}"],"c":{"d":0}}`);
      const inputs: Uint8Array[] = [];
      for (let cut = 0; cut <= whole.length; cut++) inputs.push(whole.subarray(0, cut));
      assert.equal(agree(inputs), 1);
    });
  });

  describe(`${implementation}: depth and size`, () => {
    it("500,000 levels of arrays, and of objects holding arrays, closed, unclosed and mismatched", () => {
      const depth = 500_000;
      const valid = agree([
        bytesOf("[".repeat(depth) + "]".repeat(depth)),
        bytesOf("[".repeat(depth) + "]".repeat(depth - 1)),
        bytesOf('{"":['.repeat(depth / 2) + "0" + "]}".repeat(depth / 2)),
        bytesOf('{"":['.repeat(depth / 2) + "0" + "]}".repeat(depth / 2 - 1) + "}]"),
      ]);
      assert.equal(valid, 2);
    });

    it("bodies that grow linear memory (1, 6 and 14 MB), with a flaw at the last byte or none, then a small one again", () => {
      for (const megabytes of [1, 6, 14]) {
        const items = Buffer.from(JSON.stringify(Array.from({ length: Math.round((megabytes * 1_000_000) / 40) }, (_, i) => ({ id: i, s: "ab\\cd" }))));
        const flawed = Buffer.from(items);
        flawed[flawed.length - 1] = 0x7d; // `]` becomes `}`
        assert.equal(agree([items, flawed, items.subarray(0, items.length - 1)]), 1, `${megabytes} MB`);
      }
      assert.equal(agree([bytesOf("[1]"), bytesOf("[1")]), 1);
    });
  });
}

describe("isJsonBytes chooses the WebAssembly validator and falls back to the JS scanner", () => {
  it("answers as the WebAssembly validator does", () => {
    for (const text of ["{}", "[1,2", '"\\u00e9"', "nul"]) assert.equal(isJsonBytesChosen(bytesOf(text)), isJsonBytesWasmOnly(bytesOf(text)));
  });

  it(`a body above MAX_WASM_BODY_BYTES (${MAX_WASM_BODY_BYTES}) is not copied into linear memory, and the JS scanner answers`, () => {
    const body = Buffer.alloc(MAX_WASM_BODY_BYTES + 3, 0x61);
    body[0] = 0x22;
    body[body.length - 1] = 0x22;
    assert.equal(isJsonBytesWasm(body), undefined);
    assert.equal(isJsonBytesChosen(body), true);
    body[body.length - 1] = 0x61;
    assert.equal(isJsonBytesChosen(body), false);
  });
});
