/**
 * Keywords that hold subschemas: object keywords (`properties`, `additionalProperties`, ...),
 * array keywords (`items`, `prefixItems`, `contains`) and applicators (`allOf`, `oneOf`, `not`,
 * `if`/`then`/`else`). Each converter reads the raw OpenAPI node and writes converted keywords
 * into `out`; recursion goes through the walker.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { isRef } from "./resolve-ref.js";
import type { SchemaWalker } from "./schema-context.js";
import { childPointer, isPlainObject, isSchemaLike, lastPointerToken, type SchemaValue } from "./schema-json-value.js";
import { compilesAsUnicodeRegex, normaliseNames } from "./schema-keywords.js";

type RawSchema = Record<string, unknown>;

/**
 * `properties`, `required`, `additionalProperties`, `patternProperties`, `propertyNames`,
 * `dependentRequired`. Properties hidden in this direction (`readOnly` in requests, `writeOnly`
 * in responses, https://spec.openapis.org/oas/v3.0.3#fixed-fields-19) are removed, and from
 * `required` too. A draft-03 style `required: true` on a property is moved into `required`.
 */
export function convertObjectKeywords(node: RawSchema, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  const hidden: string[] = [];
  const lifted: string[] = [];
  if (node.properties !== undefined) {
    const properties = convertProperties(node.properties, childPointer(pointer, "properties"), w, hidden, lifted);
    if (properties !== undefined) out.properties = properties;
  }
  if (node.required !== undefined || lifted.length > 0) {
    const listed = node.required === undefined ? [] : normaliseNames(node.required, childPointer(pointer, "required"), w.report);
    const required = [...new Set([...(listed ?? []), ...lifted])].filter((name) => !hidden.includes(name));
    if (required.length > 0) out.required = required;
  }
  convertSubschema(node, "additionalProperties", pointer, w, out);
  convertSubschema(node, "propertyNames", pointer, w, out);
  if (node.patternProperties !== undefined) {
    const patterns = convertPatternProperties(node.patternProperties, childPointer(pointer, "patternProperties"), w);
    if (patterns !== undefined) out.patternProperties = patterns;
  }
  if (node.dependentRequired !== undefined) {
    const dependent = convertDependentRequired(node.dependentRequired, childPointer(pointer, "dependentRequired"), w);
    if (dependent !== undefined) out.dependentRequired = dependent;
  }
}

function convertProperties(
  raw: unknown,
  pointer: string,
  w: SchemaWalker,
  hidden: string[],
  lifted: string[],
): JsonSchema | undefined {
  if (!isPlainObject(raw)) {
    w.report(pointer, "properties is not an object; dropped");
    return undefined;
  }
  const out: JsonSchema = {};
  for (const [name, value] of Object.entries(raw)) {
    const at = childPointer(pointer, name);
    if (!isSchemaLike(value)) {
      w.report(at, "property schema is not an object; property dropped");
      continue;
    }
    if (isHidden(value, at, w)) {
      hidden.push(name);
      continue;
    }
    let schema: unknown = value;
    if (isPlainObject(value) && typeof value.required === "boolean") {
      // JSON Schema draft-03 put `required: true` on the property itself; OpenAPI never did.
      const { required, ...rest } = value;
      if (required) lifted.push(name);
      w.report(childPointer(at, "required"), `"required": ${required} on a property; moved to the parent's "required" list`);
      schema = rest;
    }
    out[name] = withoutEchoedTitle(w.child(schema, at), name);
  }
  return out;
}

/**
 * A property's `title` that only repeats its name (`pull_number` titled "Pull Number") tells a model
 * nothing the key does not; it goes. The converted schema may be shared, so it is copied, not edited.
 */
function withoutEchoedTitle(schema: SchemaValue, name: string): SchemaValue {
  if (typeof schema === "boolean" || typeof schema.title !== "string") return schema;
  const words = (text: string): string => text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().replace(/[^a-z0-9]+/g, "");
  if (words(schema.title) !== words(name)) return schema;
  const { title: _echo, ...rest } = schema;
  return rest;
}

/**
 * True when the property is marked `readOnly` (requests) or `writeOnly` (responses), on itself,
 * on the schema it references, or on one of its `allOf` branches (a common way to annotate a `$ref`
 * in 3.0, where siblings of `$ref` are ignored).
 */
function isHidden(raw: unknown, pointer: string, w: SchemaWalker): boolean {
  return isMarked(raw, pointer, w.ctx.direction === "request" ? "readOnly" : "writeOnly", w, 2);
}

function isMarked(node: unknown, pointer: string, flag: string, w: SchemaWalker, levels: number): boolean {
  if (!isPlainObject(node)) return false;
  if (node[flag] === true) return true;
  if (levels === 0) return false;
  if (isRef(node)) {
    const target = w.resolve(node, pointer);
    return isMarked(target.value, target.pointer, flag, w, levels - 1);
  }
  const allOf = node.allOf;
  if (!Array.isArray(allOf)) return false;
  return allOf.some((b, i) => isMarked(b, childPointer(childPointer(pointer, "allOf"), i), flag, w, levels - 1));
}

function convertPatternProperties(raw: unknown, pointer: string, w: SchemaWalker): JsonSchema | undefined {
  if (!isPlainObject(raw)) {
    w.report(pointer, "patternProperties is not an object; dropped");
    return undefined;
  }
  const out: JsonSchema = {};
  for (const [pattern, value] of Object.entries(raw)) {
    const at = childPointer(pointer, pattern);
    if (!compilesAsUnicodeRegex(pattern)) w.report(at, "pattern is not a valid Unicode regular expression; dropped");
    else if (!isSchemaLike(value)) w.report(at, "schema is not an object; dropped");
    else out[pattern] = w.child(value, at);
  }
  return out;
}

function convertDependentRequired(raw: unknown, pointer: string, w: SchemaWalker): JsonSchema | undefined {
  if (!isPlainObject(raw)) {
    w.report(pointer, "dependentRequired is not an object; dropped");
    return undefined;
  }
  const out: JsonSchema = {};
  for (const [name, value] of Object.entries(raw)) {
    const names = normaliseNames(value, childPointer(pointer, name), w.report);
    if (names !== undefined) out[name] = names;
  }
  return out;
}

/**
 * `items`, `prefixItems`, `contains`. A list under `items` is the tuple form of older drafts,
 * which 2020-12 spells `prefixItems` (with `additionalItems` becoming `items`,
 * https://json-schema.org/draft/2020-12/release-notes#changes-to-items-and-additionalitems).
 */
export function convertArrayKeywords(node: RawSchema, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  if (Array.isArray(node.items)) {
    w.report(childPointer(pointer, "items"), "items is a list (tuple form); converted to prefixItems");
    const prefix = convertSchemaList(node.items, childPointer(pointer, "items"), w);
    if (prefix !== undefined) out.prefixItems = prefix;
    convertSubschema(node, "additionalItems", pointer, w, out, "items");
  } else {
    convertSubschema(node, "items", pointer, w, out);
  }
  if (node.prefixItems !== undefined && out.prefixItems === undefined) {
    const prefix = convertSchemaList(node.prefixItems, childPointer(pointer, "prefixItems"), w);
    if (prefix !== undefined) out.prefixItems = prefix;
  }
  convertSubschema(node, "contains", pointer, w, out);
}

/**
 * `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`. A `oneOf`/`anyOf` branch that is a `$ref`
 * gets the referenced component's name as `title` when it has none, so alternatives stay
 * recognisable once references are inlined.
 */
export function convertApplicators(node: RawSchema, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
    if (node[keyword] === undefined) continue;
    const decorate = keyword === "allOf" ? undefined : titleFromRef;
    const list = convertSchemaList(node[keyword], childPointer(pointer, keyword), w, decorate);
    if (list !== undefined) out[keyword] = list;
  }
  convertSubschema(node, "not", pointer, w, out);
  convertConditional(node, pointer, w, out);
}

/** `if` alone, or `then`/`else` without `if`, does nothing, and strict validators refuse it. */
function convertConditional(node: RawSchema, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  const present = (["if", "then", "else"] as const).filter((k) => node[k] !== undefined);
  if (present.length === 0) return;
  const usable = isSchemaLike(node.if) && (isSchemaLike(node.then) || isSchemaLike(node.else));
  if (!usable) {
    w.report(childPointer(pointer, present[0] as string), "if/then/else without both a condition and a branch; dropped");
    return;
  }
  for (const keyword of present) convertSubschema(node, keyword, pointer, w, out);
}

function titleFromRef(schema: SchemaValue, raw: unknown): SchemaValue {
  if (!isRef(raw) || typeof schema === "boolean" || schema.title !== undefined) return schema;
  const name = lastPointerToken(raw.$ref);
  return name ? { title: name, ...schema } : schema;
}

/** A non-empty list of subschemas (validators refuse empty `allOf`/`anyOf`/`oneOf`/`prefixItems`). */
function convertSchemaList(
  raw: unknown,
  pointer: string,
  w: SchemaWalker,
  decorate: (schema: SchemaValue, raw: unknown) => SchemaValue = (schema) => schema,
): SchemaValue[] | undefined {
  if (!Array.isArray(raw)) {
    w.report(pointer, "not a list of schemas; dropped");
    return undefined;
  }
  const list: SchemaValue[] = [];
  raw.forEach((item, i) => {
    const at = childPointer(pointer, i);
    if (isSchemaLike(item)) list.push(decorate(w.child(item, at), item));
    else w.report(at, "schema is not an object; dropped");
  });
  if (list.length > 0) return list;
  w.report(pointer, "empty list of schemas; dropped");
  return undefined;
}

/** Converts the single subschema under `keyword`, written to `out[as]`. */
function convertSubschema(
  node: RawSchema,
  keyword: string,
  pointer: string,
  w: SchemaWalker,
  out: JsonSchema,
  as: string = keyword,
): void {
  const raw = node[keyword];
  if (raw === undefined) return;
  const at = childPointer(pointer, keyword);
  if (isSchemaLike(raw)) out[as] = w.child(raw, at) as JsonValue;
  else w.report(at, `${keyword} is not a schema; dropped`);
}
