/**
 * Writing data as TypeScript source, safely: every piece of text from a spec or curation file goes
 * into generated code only as a JSON-escaped string literal, so no text can end a literal, open a
 * template or comment, or otherwise become code. Objects and arrays are written the way Prettier
 * would lay them out (2-space indent, trailing commas).
 */
import type { CodeBlockWriter } from "ts-morph";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Arrays of primitives whose one-line form is at most this long stay on one line. */
const INLINE_ARRAY_WIDTH = 72;

/**
 * A double-quoted TypeScript string literal holding exactly `text`. JSON escaping covers quotes,
 * backslashes, control characters and lone surrogates; U+2028/U+2029 are escaped too (line
 * terminators to some tools). A final backslash is written `\u005c` so that writers which scan for
 * an unescaped closing quote (ts-morph's CodeBlockWriter) never misread `"...\\"`.
 */
export function tsString(text: string): string {
  let literal = JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  if (literal.endsWith('\\\\"')) literal = `${literal.slice(0, -3)}\\u005c"`;
  return literal;
}

/** `name` is usable bare as a property name (or binding name, reserved words aside). */
export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * A key in an object literal. `__proto__` is written computed (`["__proto__"]`): written plainly it
 * would set the object's prototype instead of creating a property.
 */
export function literalKey(name: string): string {
  if (name === "__proto__") return `[${tsString(name)}]`;
  return isIdentifierName(name) ? name : tsString(name);
}

/** A property name in a type literal or interface (no prototype trap in types). */
export function typePropertyName(name: string): string {
  return isIdentifierName(name) ? name : tsString(name);
}

/** Code that a caller vouches for, written as-is inside a literal (e.g. a reference to a constant). */
export class RawCode {
  constructor(readonly code: string) {}
}

/** A JSON primitive as a literal. Throws on values JSON cannot carry, so nothing is silently lost. */
export function primitiveLiteral(value: string | number | boolean | null): string {
  if (typeof value === "string") return tsString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as JSON data`);
    return Object.is(value, -0) ? "0" : JSON.stringify(value);
  }
  return String(value);
}

/**
 * Writes JSON data (plus {@link RawCode}) as a TypeScript expression. Object keys keep their order;
 * properties whose value is `undefined` are left out, as JSON would.
 */
export function writeLiteral(writer: CodeBlockWriter, value: unknown): void {
  if (value instanceof RawCode) {
    writer.write(value.code);
    return;
  }
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    writer.write(primitiveLiteral(value));
    return;
  }
  if (Array.isArray(value)) {
    writeArray(writer, value);
    return;
  }
  if (typeof value === "object" && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      writer.write("{}");
      return;
    }
    writer.write("{").newLine();
    writer.indent(() => {
      for (const [key, item] of entries) {
        writer.write(`${literalKey(key)}: `);
        writeLiteral(writer, item);
        writer.write(",").newLine();
      }
    });
    writer.write("}");
    return;
  }
  throw new TypeError(`cannot write a ${typeof value} as JSON data`);
}

function writeArray(writer: CodeBlockWriter, items: unknown[]): void {
  if (items.length === 0) {
    writer.write("[]");
    return;
  }
  if (items.every(isPrimitive)) {
    const inline = `[${items.map((item) => primitiveLiteral(item)).join(", ")}]`;
    if (inline.length <= INLINE_ARRAY_WIDTH) {
      writer.write(inline);
      return;
    }
  }
  writer.write("[").newLine();
  writer.indent(() => {
    for (const item of items) {
      // JSON has no holes or undefined in arrays; null keeps positions if one slips through.
      writeLiteral(writer, item === undefined ? null : item);
      writer.write(",").newLine();
    }
  });
  writer.write("]");
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
