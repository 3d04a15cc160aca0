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

/** How a keyword holds subschemas: one, a list of them, or a map from names to them. */
const SUBSCHEMAS: ReadonlyMap<string, "one" | "list" | "map"> = new Map([
  ...["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "contains", "not", "if", "then", "else"].map((k) => [k, "one"] as const),
  ...["allOf", "anyOf", "oneOf", "prefixItems"].map((k) => [k, "list"] as const),
  ...["properties", "patternProperties", "dependentSchemas", "$defs"].map((k) => [k, "map"] as const),
]);

const leaned = new WeakMap<object, JsonSchema>();

/**
 * The schema with every redundant keyword left out, at every depth: `type` where the values say it
 * ({@link typeSaidByValues}), and `title` where a property's one value says it
 * ({@link titleSaidByTag}). Runs over every argument of every operation, so it reads each node's
 * own keys once and allocates only where something changes.
 */
export function leanSchema(schema: JsonSchema): JsonSchema {
  let out: JsonSchema = schema;
  // Only nodes with subschemas are remembered: a leaf costs less to lean again than to look up.
  let remembered = false;
  const set = (key: string, value: JsonValue | undefined): void => {
    if (out === schema) out = { ...schema };
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  for (const key in schema) {
    const kind = SUBSCHEMAS.get(key);
    if (kind === undefined) continue;
    if (!remembered) {
      const done = leaned.get(schema);
      if (done !== undefined) return done;
      remembered = true;
    }
    const value = schema[key];
    if (kind === "one") {
      if (!isPlainObject(value)) continue;
      const lean = leanSchema(value as JsonSchema);
      if (lean !== value) set(key, lean);
    } else if (kind === "list") {
      if (!Array.isArray(value)) continue;
      let lean: JsonValue[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const child = value[i];
        const leanChild = isPlainObject(child) ? leanSchema(child as JsonSchema) : child;
        if (leanChild !== child) (lean ??= value.slice())[i] = leanChild as JsonValue;
      }
      if (lean !== undefined) set(key, lean);
    } else {
      if (!isPlainObject(value)) continue;
      const lean = leanMap(value as Record<string, JsonValue>);
      if (lean !== value) set(key, lean);
    }
  }
  if (typeSaidByValues(schema)) set("type", undefined);
  if (titleSaidByTag(schema)) set("title", undefined);
  if (remembered) leaned.set(schema, out);
  return out;
}

/** A `properties`-like map with each subschema leaned; the same object when none changed. */
function leanMap(map: Record<string, JsonValue>): Record<string, JsonValue> {
  let out: Record<string, JsonValue> | undefined;
  for (const name in map) {
    const child = map[name];
    const lean = isPlainObject(child) ? leanSchema(child as JsonSchema) : child;
    if (lean === child) continue;
    if (out === undefined) {
      // A copy in the same key order; defineProperty, since a property may be called `__proto__`.
      out = {};
      for (const key in map) Object.defineProperty(out, key, { value: map[key], enumerable: true, writable: true, configurable: true });
    }
    out[name] = lean as JsonValue;
  }
  return out ?? map;
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

/**
 * The one JSON type of a schema's `const` or `enum` values (null aside), if they share one: the
 * `type` a consumer that needs one (a client profile, a summarised argument) writes back.
 */
export function valuesType(schema: JsonSchema): string | undefined {
  if (Object.hasOwn(schema, "const")) return jsonTypes(schema.const as JsonValue)[0];
  if (!Array.isArray(schema.enum)) return undefined;
  const values = (schema.enum as JsonValue[]).filter((v) => v !== null);
  const kinds = new Set(values.map((v) => (typeof v === "number" ? "number" : jsonTypes(v)[0])));
  if (kinds.size !== 1) return undefined;
  return values.every((v) => Number.isInteger(v)) ? "integer" : [...kinds][0];
}

/** The JSON Schema types a value is an instance of (an integer is also a number). */
function jsonTypes(value: JsonValue): string[] {
  if (value === null) return ["null"];
  if (Array.isArray(value)) return ["array"];
  if (typeof value === "number") return Number.isInteger(value) ? ["integer", "number"] : ["number"];
  return [typeof value];
}
