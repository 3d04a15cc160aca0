/**
 * Whether a body is JSON, decided in JavaScript over its bytes without building the value: the
 * scanner `isJsonBytes` (json-validity.ts, which states the exact contract) uses for bodies too small
 * to pay for the WebAssembly validator's call, and wherever WebAssembly is unavailable. `JSON.parse`
 * answers the same question but allocates every object, array and string of the document, where this
 * scan reads each byte once (string runs four bytes at a time) and allocates only its bracket stack:
 * about a third of JSON.parse's cost on bodies of many small objects (`npm run bench:json-validity`).
 */

const WHITESPACE = 1;
/** A byte that ends the plain run of a string: a control character, `"` or `\`. */
const STRING_STOP = 2;
const CLASS = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) CLASS[byte] = WHITESPACE;
for (let byte = 0; byte < 0x20; byte++) CLASS[byte]! |= STRING_STOP;
CLASS[0x22]! |= STRING_STOP;
CLASS[0x5c]! |= STRING_STOP;

const HEX = new Uint8Array(256);
for (const ch of "0123456789abcdefABCDEF") HEX[ch.charCodeAt(0)] = 1;
/** The characters that may follow `\` other than `u` (RFC 8259 §7). */
const SHORT_ESCAPE = new Uint8Array(256);
for (const ch of '"\\/bfnrt') SHORT_ESCAPE[ch.charCodeAt(0)] = 1;

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
/** `}` and `]` are their opener plus two, which the scan uses to match a closer to its opener. */
const CLOSE_OFFSET = 2;

/**
 * True when `bytes`, decoded as UTF-8 the way `Buffer#toString("utf8")` decodes, is a text
 * `JSON.parse` accepts; json-validity.ts states the exact contract.
 */
export function isJsonBytesJs(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  let depth = 0;
  /** The opener (`{` or `[`) of each open container, innermost last. */
  let stack = new Uint8Array(64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  value: for (;;) {
    i = skipWhitespace(bytes, i, n);
    if (i >= n) return false;
    const c = bytes[i]!;
    if (c === QUOTE) {
      i = scanString(bytes, view, i + 1, n);
      if (i < 0) return false;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      i = skipWhitespace(bytes, i + 1, n);
      if (i >= n) return false;
      const next = bytes[i]!;
      if (next === c + CLOSE_OFFSET) {
        i++; // `{}` or `[]`: a complete value
      } else {
        if (depth === stack.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[depth++] = c;
        if (c === OPEN_ARRAY) continue value;
        i = scanMemberName(bytes, view, i, n);
        if (i < 0) return false;
        continue value;
      }
    } else if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
      i = scanNumber(bytes, i, n);
      if (i < 0) return false;
    } else {
      i = scanLiteral(bytes, i, n, c);
      if (i < 0) return false;
    }
    // After a complete value: close containers, or a comma that asks for the next value.
    for (;;) {
      i = skipWhitespace(bytes, i, n);
      if (depth === 0) return i === n;
      if (i >= n) return false;
      const d = bytes[i++]!;
      const open = stack[depth - 1]!;
      if (d === COMMA) {
        if (open === OPEN_OBJECT) {
          i = scanMemberName(bytes, view, skipWhitespace(bytes, i, n), n);
          if (i < 0) return false;
        }
        continue value;
      }
      if (d !== open + CLOSE_OFFSET) return false;
      depth--;
    }
  }
}

function skipWhitespace(bytes: Uint8Array, i: number, n: number): number {
  while (i < n && (CLASS[bytes[i]!]! & WHITESPACE) !== 0) i++;
  return i;
}

/** `"name"` then `:` at `i`; returns the index after the colon, or -1. */
function scanMemberName(bytes: Uint8Array, view: DataView, i: number, n: number): number {
  if (i >= n || bytes[i] !== QUOTE) return -1;
  i = scanString(bytes, view, i + 1, n);
  if (i < 0) return -1;
  i = skipWhitespace(bytes, i, n);
  return i < n && bytes[i] === COLON ? i + 1 : -1;
}

/** The rest of a string whose opening quote is at `i - 1`; returns the index after the closing quote, or -1. */
function scanString(bytes: Uint8Array, view: DataView, i: number, n: number): number {
  for (;;) {
    // Four bytes at a time while none of them ends the plain run (SWAR: a byte that is `"`, `\`
    // or below 0x20 sets its top bit in `stop`); long string values are most of many bodies' bytes.
    while (i + 4 <= n) {
      const x = view.getInt32(i, true);
      const quote = x ^ 0x22222222;
      const backslash = x ^ 0x5c5c5c5c;
      const stop = ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash) | ((x - 0x20202020) & ~x);
      if ((stop & 0x80808080) !== 0) break;
      i += 4;
    }
    let c: number;
    do {
      if (i >= n) return -1;
      c = bytes[i++]!;
    } while ((CLASS[c]! & STRING_STOP) === 0);
    if (c === QUOTE) return i;
    if (c !== 0x5c || i >= n) return -1; // a control character, or `\` at the end
    const escape = bytes[i++]!;
    if (escape === 0x75) {
      if (i + 4 > n || !HEX[bytes[i]!] || !HEX[bytes[i + 1]!] || !HEX[bytes[i + 2]!] || !HEX[bytes[i + 3]!]) return -1;
      i += 4;
    } else if (!SHORT_ESCAPE[escape]) {
      return -1;
    }
  }
}

function skipDigits(bytes: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `i`; returns the index after it, or -1. */
function scanNumber(bytes: Uint8Array, i: number, n: number): number {
  if (bytes[i] === MINUS) i++;
  if (i >= n) return -1;
  const first = bytes[i]!;
  if (first === 0x30) i++;
  else if (first >= 0x31 && first <= 0x39) i = skipDigits(bytes, i + 1, n);
  else return -1;
  if (i < n && bytes[i] === 0x2e) {
    const end = skipDigits(bytes, i + 1, n);
    if (end === i + 1) return -1;
    i = end;
  }
  if (i < n && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (i < n && (bytes[i] === 0x2b || bytes[i] === MINUS)) i++;
    const end = skipDigits(bytes, i, n);
    if (end === i) return -1;
    i = end;
  }
  return i;
}

/** `true`, `false` or `null` at `i` (whose first byte is `c`); returns the index after it, or -1. */
function scanLiteral(bytes: Uint8Array, i: number, n: number, c: number): number {
  // Spelled out rather than looped over a word table: a literal follows most values in typical
  // API bodies (flags, nulls), and the unrolled compare is measurably cheaper there.
  if (c === 0x74) return i + 4 <= n && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x75 && bytes[i + 3] === 0x65 ? i + 4 : -1; // true
  if (c === 0x66) return i + 5 <= n && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x6c && bytes[i + 3] === 0x73 && bytes[i + 4] === 0x65 ? i + 5 : -1; // false
  if (c === 0x6e) return i + 4 <= n && bytes[i + 1] === 0x75 && bytes[i + 2] === 0x6c && bytes[i + 3] === 0x6c ? i + 4 : -1; // null
  return -1;
}
