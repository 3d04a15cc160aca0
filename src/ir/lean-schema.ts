/**
 * Argument schemas without keywords that say nothing their neighbours do not already say (issue 11
 * item 3, a leaner surface losing nothing). Every rule here leaves the set of valid values exactly
 * as it was — the same schema, in JSON Schema's meaning, written shorter — so the model reads the
 * same facts, the runtime validates the same arguments (only annotations and keywords implied by
 * others go), and a client profile that needs the longer form (Gemini, OpenAI strict) writes it
 * back (`src/profile/profile-schema.ts` infers `type` from `enum`/`const`).
 *
 * Pure and copy-on-write: schemas share sub-objects across the IR (a component inlined at every
 * use), so an unchanged node is returned as it is, and each node is leaned once.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { isPlainObject } from "./schema-json-value.js";

/** Keywords whose value is one subschema. */
const ONE = ["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "contains", "not", "if", "then", "else"];
/** Keywords whose value is a list of subschemas. */
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to subschemas. */
const MAP = ["properties", "patternProperties", "dependentSchemas", "$defs"];

const leaned = new WeakMap<object, JsonSchema>();

/**
 * The schema with every redundant keyword left out, at every depth: `type` where the values say it
 * ({@link typeSaidByValues}), and `title` where a property's one value says it
 * ({@link titleSaidByTag}).
 */
export function leanSchema(schema: JsonSchema): JsonSchema {
  const done = leaned.get(schema);
  if (done !== undefined) return done;
  let out: JsonSchema = schema;
  const set = (key: string, value: JsonValue | undefined): void => {
    if (out === schema) out = { ...schema };
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  for (const key of ONE) {
    const child = schema[key];
    if (isPlainObject(child)) {
      const lean = leanSchema(child as JsonSchema);
      if (lean !== child) set(key, lean);
    }
  }
  for (const key of LIST) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const lean = list.map((child) => (isPlainObject(child) ? leanSchema(child as JsonSchema) : child));
    if (lean.some((child, i) => child !== list[i])) set(key, lean);
  }
  for (const key of MAP) {
    const map = schema[key];
    if (!isPlainObject(map)) continue;
    let changed = false;
    const lean: Record<string, JsonValue> = {};
    for (const [name, child] of Object.entries(map)) {
      const value = isPlainObject(child) ? leanSchema(child as JsonSchema) : (child as JsonValue);
      if (value !== child) changed = true;
      // defineProperty: a property may be called `__proto__`.
      Object.defineProperty(lean, name, { value, enumerable: true, writable: true, configurable: true });
    }
    if (changed) set(key, lean);
  }
  if (typeSaidByValues(schema)) set("type", undefined);
  if (titleSaidByTag(schema)) set("title", undefined);
  leaned.set(schema, out);
  return out;
}

/**
 * Whether `type` only repeats what `enum` or `const` already fixes: every allowed value is of a
 * listed type (`{"type": "string", "enum": ["asc", "desc"]}`), so the values alone admit exactly
 * the same instances (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1 —
 * the keywords are a conjunction, and `enum` is the narrower). A model reads the type off the
 * values (`"asc"` is a string, `1` an integer). On GitHub's spec about 3,100 o200k tokens.
 */
export function typeSaidByValues(schema: JsonSchema): boolean {
  const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  if (types === undefined) return false;
  const values = Object.hasOwn(schema, "const") ? [schema.const as JsonValue] : Array.isArray(schema.enum) ? (schema.enum as JsonValue[]) : undefined;
  if (values === undefined || values.length === 0) return false;
  return values.every((value) => jsonTypes(value).some((t) => types.includes(t)));
}

/**
 * Whether `title` only repeats the one value a property of the same object must have: a union
 * branch tagged by that value (GitHub's ruleset rules: `{"title": "creation", "properties": {"type":
 * {"enum": ["creation"]}}}`). A title is an annotation, never validated
 * (https://json-schema.org/draft/2020-12/json-schema-validation#section-9.1), and the tag is in
 * the schema for the model to read. On GitHub's spec about 540 o200k tokens.
 */
export function titleSaidByTag(schema: JsonSchema): boolean {
  if (typeof schema.title !== "string" || !isPlainObject(schema.properties)) return false;
  return Object.values(schema.properties).some((property) => {
    if (!isPlainObject(property)) return false;
    if (Object.hasOwn(property, "const")) return property.const === schema.title;
    return Array.isArray(property.enum) && property.enum.length === 1 && property.enum[0] === schema.title;
  });
}

/** The JSON Schema types a value is an instance of (an integer is also a number). */
function jsonTypes(value: JsonValue): string[] {
  if (value === null) return ["null"];
  if (Array.isArray(value)) return ["array"];
  if (typeof value === "number") return Number.isInteger(value) ? ["integer", "number"] : ["number"];
  return [typeof value];
}
