/**
 * Reads a response body into one Buffer, decoding `Content-Encoding` (gzip, deflate, br; RFC 9110
 * §8.4) with node:zlib streams and stopping at a cap counted AFTER decoding, so a compression bomb
 * never allocates past it: on reaching the cap every stream is destroyed (for an HTTP response that
 * closes the socket). The number of codings is capped too: each layer is a decoder, and an upstream
 * that sends `Content-Encoding: gzip, gzip, …` three thousand times over a small body ties up the CPU
 * far past any deadline. The owner of the read (the call's deadline, a cancellation) can stop it at
 * any moment, decoders included, even after the source has ended. Imports only node:*: this folder
 * is copied verbatim.
 */
import type { Readable, Transform } from "node:stream";
import zlib from "node:zlib";

/** How to read one body. */
export interface ReadBodyOptions {
  /** The response's `Content-Encoding` header; unknown codings leave the body as received. */
  contentEncoding: string | undefined;
  /** Most bytes kept, after decoding. */
  maxBytes: number;
  /** Longest gap between two chunks from the source before giving up; none when undefined. */
  idleTimeoutMs?: number;
  /** Most content codings undone; more is a {@link ContentEncodingLimitError}. Default {@link DEFAULT_MAX_CONTENT_ENCODINGS}. */
  maxEncodings?: number;
  /**
   * Receives, synchronously, a function that stops the read: it rejects with the given error and
   * destroys the source and every decoder. The deadline and cancellation call it: destroying the
   * source alone does not stop decoders still working through a body that has fully arrived.
   */
  onStop?: (stop: (error: Error) => void) => void;
}

/**
 * Content codings undone by default: real servers send one, rarely two; Node's `fetch` (undici)
 * refuses more than five for the same reason.
 */
export const DEFAULT_MAX_CONTENT_ENCODINGS = 5;

/** The response lists more content codings than `maxEncodings`; nothing was decoded. */
export class ContentEncodingLimitError extends Error {
  constructor(
    readonly codings: number,
    readonly maxEncodings: number,
  ) {
    super(`the response declares ${codings} content codings; at most ${maxEncodings} are decoded`);
    this.name = "ContentEncodingLimitError";
  }
}

/** A body as read. */
export interface ReadBodyResult {
  body: Buffer;
  /** The body had more than `maxBytes` bytes (after decoding); `body` holds the first `maxBytes`. */
  truncated: boolean;
  /** Content codings were undone (false for an empty body, which never reached a decoder). */
  decoded: boolean;
}

/** The source sent nothing for `idleTimeoutMs`. */
export class BodyIdleTimeoutError extends Error {
  readonly idleTimeoutMs: number;

  constructor(idleTimeoutMs: number) {
    super(`response body stalled for ${idleTimeoutMs} ms`);
    this.name = "BodyIdleTimeoutError";
    this.idleTimeoutMs = idleTimeoutMs;
  }
}

type Coding = "gzip" | "deflate" | "br";

const EMPTY = Buffer.alloc(0);
const GZIP_OPTIONS: zlib.ZlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * The codings to undo, outermost (last applied) first; undefined when there is nothing to undo or a
 * coding is unknown (then the body is returned as received, with its header).
 */
export function parseContentEncoding(header: string | undefined): Coding[] | undefined {
  if (header === undefined) return undefined;
  let codings: Coding[] | undefined;
  for (const part of header.split(",")) {
    const coding = part.trim().toLowerCase();
    if (coding === "" || coding === "identity") continue;
    const known = coding === "x-gzip" ? "gzip" : coding;
    if (known !== "gzip" && known !== "deflate" && known !== "br") return undefined;
    (codings ??= []).push(known);
  }
  return codings?.reverse();
}

function createDecoder(coding: Coding, firstChunk: Buffer | undefined): Transform {
  if (coding === "gzip") return zlib.createGunzip(GZIP_OPTIONS);
  if (coding === "br") return zlib.createBrotliDecompress(BROTLI_OPTIONS);
  // "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate: a zlib
  // stream starts with CM = 8 in the low nibble of its first byte.
  const raw = firstChunk !== undefined && (firstChunk[0]! & 0x0f) !== 0x08;
  return raw ? zlib.createInflateRaw(GZIP_OPTIONS) : zlib.createInflate(GZIP_OPTIONS);
}

/** Reads `source` to its end or to `maxBytes` decoded bytes, whichever comes first. */
export function readBody(source: Readable, options: ReadBodyOptions): Promise<ReadBodyResult> {
  const codings = parseContentEncoding(options.contentEncoding);
  const maxEncodings = options.maxEncodings ?? DEFAULT_MAX_CONTENT_ENCODINGS;
  if (codings !== undefined && codings.length > maxEncodings) {
    source.on("error", noop);
    source.destroy();
    return Promise.reject(new ContentEncodingLimitError(codings.length, maxEncodings));
  }
  const maxBytes = options.maxBytes;
  return new Promise<ReadBodyResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    let decoders: Transform[] | undefined;
    let head: Transform | undefined;
    const idle = options.idleTimeoutMs;
    const timer = idle === undefined ? undefined : setTimeout(onIdle, idle);

    function teardown(): void {
      if (timer !== undefined) clearTimeout(timer);
      source.destroy();
      if (decoders !== undefined) for (const decoder of decoders) decoder.destroy();
    }
    function finish(truncated: boolean): void {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      const body = length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      resolve({ body, truncated, decoded: head !== undefined });
    }
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      teardown();
      reject(error);
    }
    function onIdle(): void {
      fail(new BodyIdleTimeoutError(idle!));
    }
    options.onStop?.(fail);
    function collect(chunk: Buffer): void {
      if (settled) return;
      const room = maxBytes - length;
      if (chunk.length <= room) {
        chunks.push(chunk);
        length += chunk.length;
        return;
      }
      if (room > 0) {
        chunks.push(chunk.subarray(0, room));
        length = maxBytes;
      }
      finish(true);
      teardown();
    }
    function resumeSource(): void {
      source.resume();
    }
    function startDecoding(firstChunk: Buffer): Transform {
      decoders = codings!.map((coding, i) => createDecoder(coding, i === 0 ? firstChunk : undefined));
      for (let i = 0; i < decoders.length; i++) {
        const decoder = decoders[i]!;
        decoder.on("error", fail);
        if (i + 1 < decoders.length) decoder.pipe(decoders[i + 1]!);
      }
      const tail = decoders[decoders.length - 1]!;
      tail.on("data", collect);
      tail.once("end", () => finish(false));
      return decoders[0]!;
    }

    source.on("data", (chunk: Buffer) => {
      if (settled) return;
      timer?.refresh();
      if (codings === undefined) return collect(chunk);
      head ??= startDecoding(chunk);
      if (!head.write(chunk)) {
        source.pause();
        head.once("drain", resumeSource);
      }
    });
    source.once("end", () => {
      if (head !== undefined) head.end();
      else finish(false);
    });
    source.on("error", fail);
    // A destroyed source without an error (e.g. a response whose socket closed) never ends.
    source.once("close", () => {
      if (!settled && !source.readableEnded) fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    });
  });
}

function noop(): void {}
