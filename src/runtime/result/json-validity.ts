/**
 * Whether a response body is JSON, decided over its bytes without building the value. The compact
 * fast path of `shapeResponse` returns a JSON body as it came and needs only a yes/no; `JSON.parse`
 * answers it too, but allocates every object, array and string of the document.
 *
 * Two implementations give the same answer: a WebAssembly SIMD128 validator (json-validity-wasm.ts,
 * from json-validity-wasm.c) and a JS byte scanner (json-validity-js.ts). `npm run bench:json-validity`
 * decides which runs. The WebAssembly one is faster at every size measured (CPU µs per call, its copy
 * into linear memory included: ~5 µs of it at 200 KB): an 18-byte object 0.09 against 0.19 (the call
 * and the copy cost less than the JS scanner's set-up); 1 KB of small objects 0.8 against 2.1; 200 KB
 * of them ~150 against ~440 (JSON.parse ~1,200); 200 KB of long strings ~46 against ~130 (JSON.parse
 * ~85); 200 KB of PHP-style `\/` URLs ~105 against ~400. So it always runs where WebAssembly is
 * available, and the JS scanner answers where it is not, or for a body too large to
 * copy into linear memory (MAX_WASM_BODY_BYTES).
 *
 * The contract is exactly `JSON.parse(Buffer.from(bytes).toString("utf8"))` succeeding, which is
 * RFC 8259's grammar (https://www.rfc-editor.org/rfc/rfc8259#section-2) as ECMA-262's JSON.parse
 * applies it, over the text Node's UTF-8 decoder produces:
 * - whitespace is only space, tab, LF and CR — a byte-order mark is not whitespace (JSON.parse
 *   rejects U+FEFF, and `toString("utf8")` keeps it);
 * - inside a string any byte ≥ 0x80 passes: the decoder turns an invalid sequence into U+FFFD,
 *   which a string may hold, and never swallows an ASCII byte after a bad lead byte; outside a
 *   string no such byte (nor its U+FFFD) is valid JSON;
 * - `\u` escapes need four hex digits and nothing more (lone surrogates are fine, as in JSON.parse);
 * - nesting depth is unlimited (the stack grows; JSON.parse in V8 is iterative too).
 * test/unit/runtime/result/json-validity.test.ts holds the equivalence for both implementations,
 * differentially against JSON.parse: JSONTestSuite's test_parsing files, hand-written cases by
 * category, every sequence of up to 3 bytes over the JSON alphabet, seeded random documents and
 * their mutants, and (for the 64-byte blocks of the WebAssembly one) every token at every offset.
 */
import { isJsonBytesJs } from "./json-validity-js.js";
import { isJsonBytesWasm } from "./json-validity-wasm.js";

/**
 * True when `bytes`, decoded as UTF-8 the way `Buffer#toString("utf8")` decodes, is a text
 * `JSON.parse` accepts; see the file comment for the exact contract.
 */
export function isJsonBytes(bytes: Uint8Array): boolean {
  return isJsonBytesWasm(bytes) ?? isJsonBytesJs(bytes);
}
