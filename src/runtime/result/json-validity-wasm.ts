/**
 * Whether a body is JSON, by the WebAssembly (SIMD128) validator compiled from json-validity-wasm.c:
 * the same contract as the JS scanner (json-validity.ts states it), several times faster on large
 * bodies because it classifies 16 bytes per instruction and visits only tokens, never string insides.
 * The module (a few KB, carried as base64 in json-validity-wasm-bytes.ts) is compiled and
 * instantiated synchronously on first use, once per process (under a millisecond on an idle machine),
 * rather than at import, so a process that never checks a JSON body never pays for it. Each call
 * copies the body into linear memory (grown as needed, up to MAX_WASM_BODY_BYTES; ~5 µs for 200 KB)
 * and calls `validate`.
 *
 * The same module escapes a body as a JSON string's contents (`escape`, ~70 µs at 200 KB of typical
 * JSON against ~520 for `JSON.stringify` of the decoded text), so that a tool result's answer can be
 * written from the upstream bytes (mcp/answer-bytes.ts); test/unit/runtime/result/json-escape.test.ts
 * holds it to `JSON.stringify`.
 *
 * WebAssembly types are not in this project's `lib` (ES2023, Node types only), so the few members
 * used are declared here; https://webassembly.github.io/spec/js-api/ defines them.
 */
import { JSON_VALIDITY_WASM_BASE64 } from "./json-validity-wasm-bytes.js";

/** The validator's exports (json-validity-wasm.c). */
interface ValidatorExports {
  memory: { buffer: ArrayBuffer };
  /** Room for an n-byte body: the address to copy it to, or 0 when memory cannot grow. */
  prepare(n: number): number;
  /** 1 when the n bytes at prepare(n)'s address are JSON. */
  validate(n: number): number;
  /** Room to escape an n-byte body into at most `cap` bytes: the output's address, or 0. */
  escape_room(n: number, cap: number): number;
  /** Escapes the n bytes at prepare(n)'s address; the length written, or 0xffffffff past `cap`. */
  escape(n: number, cap: number): number;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * Bodies above this stay on the JS scanner: linear memory never shrinks, and the validator needs
 * about 1.13 times the body, so one huge body would pin that much memory for the process's life.
 * 32 MiB is above the default response cap (maxResponseBytes) with room to spare.
 */
export const MAX_WASM_BODY_BYTES = 32 * 1024 * 1024;

/** undefined: not loaded yet; null: WebAssembly (or SIMD128) is unavailable here. */
let validator: ValidatorExports | null | undefined;

function loadValidator(): ValidatorExports | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    const module = new api.Module(Buffer.from(JSON_VALIDITY_WASM_BASE64, "base64"));
    return new api.Instance(module, {}).exports as ValidatorExports;
  } catch {
    // A runtime without SIMD128 (or with WebAssembly disabled, e.g. --jitless) refuses the module.
    return null;
  }
}

/**
 * True when `bytes` is a JSON text by the WebAssembly validator; undefined when it cannot answer
 * (WebAssembly unavailable, the body above MAX_WASM_BODY_BYTES, or memory cannot grow) and the
 * caller should use the JS scanner.
 */
export function isJsonBytesWasm(bytes: Uint8Array): boolean | undefined {
  if (bytes.length > MAX_WASM_BODY_BYTES) return undefined;
  if (validator === undefined) validator = loadValidator();
  if (validator === null) return undefined;
  const at = validator.prepare(bytes.length);
  if (at === 0) return undefined;
  // After prepare: growing memory replaces `memory.buffer`.
  new Uint8Array(validator.memory.buffer, at, bytes.length).set(bytes);
  return validator.validate(bytes.length) === 1;
}

/**
 * Bodies above this are escaped by `JSON.stringify`, not here: the escaper's output region (twice the
 * body) comes on top of the validator's, and linear memory never shrinks. 10 MiB is the default
 * response cap (maxResponseBytes), so only an operator who raised it meets the limit; at most about
 * 33 MiB of memory stays with the process.
 */
export const MAX_WASM_ESCAPE_BYTES = 10 * 1024 * 1024;

/** The escaper's failure value: the output would pass its cap. */
const OVER_CAP = 0xffffffff;

/**
 * The bytes `JSON.stringify(text)` puts between its quotes, UTF-8 encoded, where `text` is `bytes`
 * decoded as UTF-8 — for `bytes` the caller has checked are valid UTF-8 (json-validity-wasm.c says
 * why that matters). The answer is a view of linear memory, valid until the next call into this
 * module: copy it out first. undefined when the module cannot answer (no WebAssembly, a body above
 * {@link MAX_WASM_ESCAPE_BYTES}, or memory cannot grow);
 * the caller then serialises in JS.
 */
export function escapeJsonStringWasm(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length > MAX_WASM_ESCAPE_BYTES) return undefined;
  if (validator === undefined) validator = loadValidator();
  if (validator === null) return undefined;
  // Quotes and backslashes double; a JSON text has control bytes (6 each as `\u00xx`) only as
  // whitespace between tokens (2 each). So twice the body is room enough but for other text, which
  // is tried again with room for the worst case.
  return escapeInto(validator, bytes, 2 * bytes.length + 16) ?? escapeInto(validator, bytes, 6 * bytes.length + 16);
}

function escapeInto(wasm: ValidatorExports, bytes: Uint8Array, cap: number): Uint8Array | undefined {
  const n = bytes.length;
  const out = wasm.escape_room(n, cap);
  if (out === 0) return undefined;
  const at = wasm.prepare(n);
  // After escape_room: growing memory replaces `memory.buffer`.
  new Uint8Array(wasm.memory.buffer, at, n).set(bytes);
  // WebAssembly returns an i32: the u32 failure value arrives as -1.
  const length = wasm.escape(n, cap) >>> 0;
  if (length === OVER_CAP) return undefined;
  return new Uint8Array(wasm.memory.buffer, out, length);
}
