/**
 * Folds `allOf` branches into one schema. Models read one object with all its properties far
 * better than a conjunction of fragments, and `allOf: [{$ref: Base}, {properties: ...}]` is how
 * OpenAPI specs spell inheritance (https://spec.openapis.org/oas/v3.0.3#composition-and-inheritance-polymorphism).
 *
 * Works on converted 2020-12 schemas and never mutates its input (converted schemas may be
 * shared between several outputs).
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { isPlainObject, jsonEqual, typeList, typeValue } from "./schema-json-value.js";
import { orderKeywords } from "./schema-keywords.js";

const CONFLICT = Symbol("conflict");
type Merged = JsonValue | typeof CONFLICT;
type KeywordMerger = (a: JsonValue, b: JsonValue) => Merged;

/**
 * Merges `schema.allOf` into `schema` as far as possible. Branches are taken in order, after the
 * schema's own keywords: properties are merged (the same property in two places is merged
 * recursively), `required` lists are unioned, `type`s intersected, bounds tightened, and for
 * annotations (`description`, `title`, `default`, ...) the first non-empty value wins. A branch
 * that conflicts (say `type: string` against `type: integer`) is kept in a remaining `allOf`.
 */
export function mergeAllOf(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  let merged: JsonSchema = own;
  const remainder: JsonValue[] = [];
  for (const branch of allOf) {
    if (branch === true) continue;
    if (!isPlainObject(branch)) {
      remainder.push(branch);
      continue;
    }
    const { allOf: nested, ...branchOwn } = mergeAllOf(branch as JsonSchema);
    const next = mergeSchemas(merged, branchOwn);
    if (next === undefined) remainder.push(branchOwn);
    else merged = next;
    if (Array.isArray(nested)) remainder.push(...nested);
  }
  return orderKeywords(remainder.length > 0 ? { ...merged, allOf: remainder } : merged);
}

/**
 * Merges two converted schemas into one that accepts exactly what both accept, or returns
 * `undefined` when some keyword cannot be combined.
 */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema | undefined {
  const out: JsonSchema = { ...a };
  for (const [keyword, value] of Object.entries(b)) {
    const current = out[keyword];
    if (current === undefined) {
      out[keyword] = value;
      continue;
    }
    const merged = (MERGERS[keyword] ?? equalOrConflict)(current, value);
    if (merged === CONFLICT) return undefined;
    out[keyword] = merged;
  }
  return out;
}

/** Merges two subschemas (object or boolean); falls back to an `allOf` of both. */
function mergeSubschemas(a: JsonValue, b: JsonValue): JsonValue {
  if (a === true || jsonEqual(a, b)) return b;
  if (b === true || a === false) return a;
  if (b === false) return false;
  if (!isPlainObject(a) || !isPlainObject(b)) return { allOf: [a, b] };
  return mergeSchemas(a as JsonSchema, b as JsonSchema) ?? mergeAllOf({ allOf: [a, b] });
}

/** Merges two `properties`-like maps key by key. */
function mergeSchemaMaps(a: JsonValue, b: JsonValue): Merged {
  if (!isPlainObject(a) || !isPlainObject(b)) return CONFLICT;
  const out: Record<string, JsonValue> = { ...(a as Record<string, JsonValue>) };
  for (const [name, schema] of Object.entries(b as Record<string, JsonValue>)) {
    const current = out[name];
    out[name] = current === undefined ? schema : mergeSubschemas(current, schema);
  }
  return out;
}

const equalOrConflict: KeywordMerger = (a, b) => (jsonEqual(a, b) ? a : CONFLICT);
const first: KeywordMerger = (a) => a;
const firstNonEmpty: KeywordMerger = (a, b) => (a === "" ? b : a);
const larger: KeywordMerger = (a, b) => (typeof a === "number" && typeof b === "number" ? Math.max(a, b) : CONFLICT);
const smaller: KeywordMerger = (a, b) => (typeof a === "number" && typeof b === "number" ? Math.min(a, b) : CONFLICT);
const either: KeywordMerger = (a, b) => a === true || b === true;

function union(a: JsonValue, b: JsonValue): Merged {
  if (!Array.isArray(a) || !Array.isArray(b)) return CONFLICT;
  return [...new Set([...a, ...b])];
}

function concat(a: JsonValue, b: JsonValue): Merged {
  return Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : CONFLICT;
}

/** `integer` is a subset of `number`, so `number ∩ integer = integer`. */
function intersectTypes(a: JsonValue, b: JsonValue): Merged {
  const left = typeList({ type: a }) ?? [];
  const right = typeList({ type: b }) ?? [];
  const within = (t: string, list: string[]): boolean => list.includes(t) || (t === "integer" && list.includes("number"));
  const both = [...new Set([...left.filter((t) => within(t, right)), ...right.filter((t) => within(t, left))])];
  return both.length === 0 ? CONFLICT : typeValue(both);
}

function intersectEnums(a: JsonValue, b: JsonValue): Merged {
  if (!Array.isArray(a) || !Array.isArray(b)) return CONFLICT;
  const both = a.filter((v) => b.some((w) => jsonEqual(v, w)));
  return both.length === 0 ? CONFLICT : both;
}

function mergeDependentRequired(a: JsonValue, b: JsonValue): Merged {
  if (!isPlainObject(a) || !isPlainObject(b)) return CONFLICT;
  const out: Record<string, JsonValue> = { ...(a as Record<string, JsonValue>) };
  for (const [name, names] of Object.entries(b as Record<string, JsonValue>)) {
    const current = out[name];
    const merged = current === undefined ? names : union(current, names);
    if (merged === CONFLICT) return CONFLICT;
    out[name] = merged;
  }
  return out;
}

/** How each keyword combines; keywords not listed must be equal in both schemas. */
const MERGERS: Record<string, KeywordMerger> = {
  title: firstNonEmpty,
  description: firstNonEmpty,
  default: first,
  examples: first,
  format: first,
  contentMediaType: first,
  contentEncoding: first,
  deprecated: either,
  uniqueItems: either,
  type: intersectTypes,
  enum: intersectEnums,
  minimum: larger,
  exclusiveMinimum: larger,
  minLength: larger,
  minItems: larger,
  minProperties: larger,
  maximum: smaller,
  exclusiveMaximum: smaller,
  maxLength: smaller,
  maxItems: smaller,
  maxProperties: smaller,
  properties: mergeSchemaMaps,
  patternProperties: mergeSchemaMaps,
  required: union,
  dependentRequired: mergeDependentRequired,
  items: mergeSubschemas,
  additionalProperties: mergeSubschemas,
  propertyNames: mergeSubschemas,
  allOf: concat,
};
