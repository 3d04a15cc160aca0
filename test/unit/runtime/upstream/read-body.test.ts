import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import zlib from "node:zlib";
import { BodyIdleTimeoutError, ContentEncodingLimitError, parseContentEncoding, readBody } from "../../../../src/runtime/upstream/read-body.js";

const TEXT = Buffer.from("hello, world. ".repeat(2000));

/** Splits a buffer into chunks of `size` bytes (to exercise chunk boundaries). */
function chunked(buffer: Buffer, size = 1000): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

describe("parseContentEncoding", () => {
  const CASES: Array<[string | undefined, ReturnType<typeof parseContentEncoding>]> = [
    [undefined, undefined],
    ["", undefined],
    ["identity", undefined],
    ["gzip", ["gzip"]],
    ["x-gzip", ["gzip"]],
    ["GZIP", ["gzip"]],
    ["deflate", ["deflate"]],
    ["br", ["br"]],
    ["gzip, br", ["br", "gzip"]],
    ["identity, gzip", ["gzip"]],
    ["zstd", undefined],
    ["gzip, compress", undefined],
  ];
  for (const [given, want] of CASES) test(`${JSON.stringify(given)}`, () => assert.deepEqual(parseContentEncoding(given), want));
});

describe("readBody", () => {
  const CASES: Array<
    [string, { given: { chunks: Buffer[]; encoding?: string; maxBytes: number }; want: { body: Buffer; truncated: boolean; decoded: boolean } }]
  > = [
    ["identity", { given: { chunks: chunked(TEXT), maxBytes: 1e6 }, want: { body: TEXT, truncated: false, decoded: false } }],
    ["empty", { given: { chunks: [], maxBytes: 10 }, want: { body: Buffer.alloc(0), truncated: false, decoded: false } }],
    [
      "gzip",
      { given: { chunks: chunked(zlib.gzipSync(TEXT), 7), encoding: "gzip", maxBytes: 1e6 }, want: { body: TEXT, truncated: false, decoded: true } },
    ],
    [
      "deflate (zlib)",
      { given: { chunks: chunked(zlib.deflateSync(TEXT)), encoding: "deflate", maxBytes: 1e6 }, want: { body: TEXT, truncated: false, decoded: true } },
    ],
    [
      "deflate sent raw",
      { given: { chunks: chunked(zlib.deflateRawSync(TEXT)), encoding: "deflate", maxBytes: 1e6 }, want: { body: TEXT, truncated: false, decoded: true } },
    ],
    [
      "br",
      { given: { chunks: chunked(zlib.brotliCompressSync(TEXT)), encoding: "br", maxBytes: 1e6 }, want: { body: TEXT, truncated: false, decoded: true } },
    ],
    [
      "gzip then br",
      {
        given: { chunks: chunked(zlib.brotliCompressSync(zlib.gzipSync(TEXT))), encoding: "gzip, br", maxBytes: 1e6 },
        want: { body: TEXT, truncated: false, decoded: true },
      },
    ],
    [
      "gzip with an empty body",
      { given: { chunks: [], encoding: "gzip", maxBytes: 10 }, want: { body: Buffer.alloc(0), truncated: false, decoded: false } },
    ],
    [
      "unknown coding left as is",
      { given: { chunks: [Buffer.from("abc")], encoding: "zstd", maxBytes: 10 }, want: { body: Buffer.from("abc"), truncated: false, decoded: false } },
    ],
    [
      "exactly at the cap",
      { given: { chunks: chunked(TEXT), maxBytes: TEXT.length }, want: { body: TEXT, truncated: false, decoded: false } },
    ],
    [
      "one byte over the cap",
      { given: { chunks: chunked(TEXT), maxBytes: TEXT.length - 1 }, want: { body: TEXT.subarray(0, -1), truncated: true, decoded: false } },
    ],
    [
      "cap inside a chunk",
      { given: { chunks: chunked(TEXT), maxBytes: 1500 }, want: { body: TEXT.subarray(0, 1500), truncated: true, decoded: false } },
    ],
    [
      "cap counted after decompression",
      {
        given: { chunks: [zlib.gzipSync(TEXT)], encoding: "gzip", maxBytes: 4000 },
        want: { body: TEXT.subarray(0, 4000), truncated: true, decoded: true },
      },
    ],
    [
      "cap of zero",
      { given: { chunks: [Buffer.from("x")], maxBytes: 0 }, want: { body: Buffer.alloc(0), truncated: true, decoded: false } },
    ],
  ];
  for (const [name, { given, want }] of CASES) {
    test(name, async () => {
      const got = await readBody(Readable.from(given.chunks), { contentEncoding: given.encoding, maxBytes: given.maxBytes });
      assert.equal(got.truncated, want.truncated);
      assert.equal(got.decoded, want.decoded);
      assert.ok(got.body.equals(want.body), `body of ${got.body.length} bytes, want ${want.body.length}`);
    });
  }

  test("truncation destroys the source", async () => {
    const source = Readable.from(chunked(TEXT));
    const got = await readBody(source, { contentEncoding: undefined, maxBytes: 100 });
    assert.equal(got.truncated, true);
    assert.equal(source.destroyed, true);
  });

  test("a gzip bomb stops decompressing at the cap", async () => {
    // 1 GB of zeros as 1,000 concatenated gzip members of 1 MB each (~1 KB apiece on the wire).
    const member = zlib.gzipSync(Buffer.alloc(1 << 20));
    let pulled = 0;
    function* bomb(): Generator<Buffer> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield member;
      }
    }
    const got = await readBody(Readable.from(bomb()), { contentEncoding: "gzip", maxBytes: 2 << 20 });
    assert.equal(got.truncated, true);
    assert.equal(got.body.length, 2 << 20);
    assert.ok(got.body.every((byte) => byte === 0));
    assert.ok(pulled < 50, `pulled ${pulled} of 1000 members`);
  });

  test("a corrupt gzip body rejects", async () => {
    await assert.rejects(
      readBody(Readable.from([Buffer.from("definitely not gzip")]), { contentEncoding: "gzip", maxBytes: 1000 }),
      (error: Error & { code?: string }) => error.code === "Z_DATA_ERROR",
    );
  });

  test("a source error rejects", async () => {
    const source = new Readable({ read() {} });
    const pending = readBody(source, { contentEncoding: undefined, maxBytes: 1000 });
    source.push(Buffer.from("partial"));
    source.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    await assert.rejects(pending, (error: Error & { code?: string }) => error.code === "ECONNRESET");
  });

  test("a source closed without an error rejects", async () => {
    const source = new Readable({ read() {} });
    const pending = readBody(source, { contentEncoding: undefined, maxBytes: 1000 });
    source.destroy();
    await assert.rejects(pending, (error: Error & { code?: string }) => error.code === "ECONNRESET");
  });

  test("a stalled source times out and is destroyed", async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.from("first chunk"));
    await assert.rejects(
      readBody(source, { contentEncoding: undefined, maxBytes: 1000, idleTimeoutMs: 50 }),
      (error) => error instanceof BodyIdleTimeoutError && error.idleTimeoutMs === 50,
    );
    assert.equal(source.destroyed, true);
  });

  test("the idle timer restarts on every chunk", async () => {
    const source = new Readable({ read() {} });
    const pending = readBody(source, { contentEncoding: undefined, maxBytes: 1000, idleTimeoutMs: 200 });
    for (let i = 0; i < 5; i++) {
      source.push(Buffer.from("x"));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    source.push(null);
    assert.equal((await pending).body.toString(), "xxxxx");
  });
});

describe("readBody: limits and stopping (issue 9)", () => {
  test("more codings than maxEncodings is refused before any decoding, and the source is destroyed", async () => {
    let body = TEXT;
    for (let i = 0; i < 6; i++) body = zlib.gzipSync(body);
    const source = Readable.from([body]);
    await assert.rejects(readBody(source, { contentEncoding: Array(6).fill("gzip").join(", "), maxBytes: 1 << 20 }), (error: unknown) => {
      assert.ok(error instanceof ContentEncodingLimitError);
      assert.equal(error.codings, 6);
      assert.equal(error.maxEncodings, 5);
      return true;
    });
    assert.equal(source.destroyed, true);
    const five = await readBody(Readable.from([zlib.gzipSync(zlib.gzipSync(TEXT))]), { contentEncoding: "gzip, gzip", maxBytes: 1 << 20, maxEncodings: 2 });
    assert.deepEqual(five.body, TEXT);
  });

  test("onStop's function rejects the read and destroys the decoders, even after the source ended", async () => {
    // 28 MB of text in a few KB: the source ends at once, the decoders work on for many chunks.
    let body = Buffer.concat(Array<Buffer>(1000).fill(TEXT));
    for (let i = 0; i < 3; i++) body = zlib.gzipSync(body);
    const source = Readable.from([body]);
    let stop: ((error: Error) => void) | undefined;
    const reading = readBody(source, { contentEncoding: "gzip, gzip, gzip", maxBytes: 1 << 30, onStop: (s) => (stop = s) });
    assert.ok(stop, "onStop is called synchronously");
    await new Promise((resolve) => source.once("end", resolve));
    stop(new Error("deadline"));
    await assert.rejects(reading, /deadline/);
  });
});
