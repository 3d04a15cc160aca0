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
