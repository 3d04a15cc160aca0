/**
 * Small helpers over plain JSON data (and JSON pointers) shared by the schema converter, `mergeAllOf` and
 * `flattenToObject`: type guards and structural equality.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { appendPointer, parsePointer } from "./json-pointer.js";

/** A converted schema as it may appear nested: an object, or a 2020-12 boolean schema. */
export type SchemaValue = JsonSchema | boolean;

/** True for a non-null, non-array object (a schema object or a JSON object value). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for anything that can stand where a schema is expected: an object or `true`/`false`. */
export function isSchemaLike(value: unknown): value is Record<string, unknown> | boolean {
  return typeof value === "boolean" || isPlainObject(value);
}

/**
 * A canonical string for a JSON value: object keys sorted, so that `{a:1,b:2}` and `{b:2,a:1}`
 * give the same key. Used to dedupe `enum` values and compare subschemas.
 */
export function jsonKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonKey).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jsonKey(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || jsonKey(a) === jsonKey(b);
}

/** Removes duplicate JSON values, keeping the first of each. */
export function uniqueJson<T extends JsonValue>(values: T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = jsonKey(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The `type` keyword as a list (`"string"` → `["string"]`, absent → `undefined`). */
export function typeList(schema: JsonSchema): string[] | undefined {
  const type = schema.type;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return undefined;
}

/** Writes a type list back in its simplest form: one name as a string, several as an array. */
export function typeValue(types: string[]): JsonValue {
  return types.length === 1 ? (types[0] as string) : types;
}

/** The last token of a pointer (`Pet` for `#/components/schemas/Pet`), decoded; `""` for the root. */
export function lastPointerToken(pointer: string): string {
  const raw = pointer.slice(pointer.lastIndexOf("/") + 1);
  if (!raw.includes("~") && !raw.includes("%")) return raw;
  return parsePointer(pointer).at(-1) ?? "";
}

/** `appendPointer` for one token, with a fast path for tokens that need no escaping (most of them). */
export function childPointer(pointer: string, token: string | number): string {
  if (typeof token === "number" || !(token.includes("~") || token.includes("/"))) return `${pointer}/${token}`;
  return appendPointer(pointer, token);
}
