import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { decodeUtf8 } from "../../../src/load/decode-utf8.js";

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** Mostly-ASCII JSON-ish text with multi-byte characters (2, 3 and 4 bytes) scattered through it. */
function mostlyAscii(bytes: number, seed: number): Buffer {
  const rand = random(seed);
  const wide = ["é", "€", "漢", "😀", "ß", "\u2028"];
  let text = "";
  while (text.length < bytes) {
    text += rand() < 0.002 ? wide[Math.floor(rand() * wide.length)] : String.fromCharCode(32 + Math.floor(rand() * 95));
  }
  return Buffer.from(text, "utf8");
}

describe("decodeUtf8", () => {
  it("matches toString('utf8') on mostly-ASCII text, wherever the multi-byte characters fall", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const buffer = mostlyAscii(300_000 + seed * 4099, seed);
      assert.equal(decodeUtf8(buffer), buffer.toString("utf8"), `seed ${seed}`);
    }
  });
  it("keeps a character that straddles a 16 KiB run boundary whole", () => {
    for (const char of ["é", "€", "😀"]) {
      for (let shift = 0; shift < 4; shift++) {
        const prefix = "a".repeat(16 * 1024 - shift);
        const buffer = Buffer.from(prefix + char + "b".repeat(300_000), "utf8");
        assert.equal(decodeUtf8(buffer), buffer.toString("utf8"), `${char} shifted ${shift}`);
      }
    }
  });
  it("keeps a byte-order mark, and decodes invalid UTF-8 exactly as toString does", () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("x".repeat(300_000) + "é")]);
    assert.equal(decodeUtf8(bom), bom.toString("utf8"));
    assert.equal(decodeUtf8(bom).charCodeAt(0), 0xfeff);
    const invalid = Buffer.concat([Buffer.from("y".repeat(16 * 1024 - 1)), Buffer.from([0xe2, 0x82]), Buffer.from("z".repeat(300_000))]);
    assert.equal(decodeUtf8(invalid), invalid.toString("utf8"));
  });
  it("small and pure-ASCII inputs come out as toString gives them", () => {
    for (const text of ["", "plain", "é", "x".repeat(400_000)]) {
      const buffer = Buffer.from(text, "utf8");
      assert.equal(decodeUtf8(buffer), text);
    }
  });
  it("decodes a real spec with non-ASCII text the same way", () => {
    const buffer = readFileSync("node_modules/@octokit/openapi/generated/api.github.com.json");
    assert.equal(decodeUtf8(buffer), buffer.toString("utf8"));
  });
});
