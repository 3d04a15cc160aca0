/**
 * Size of a schema as OpenAI's Structured Outputs limits count it
 * (https://platform.openai.com/docs/guides/structured-outputs#objects-have-limitations-on-nesting-depth-and-size):
 * object properties in total, levels of nested objects, characters of property names plus enum and
 * const values, and enum values. `apply-profile.ts` uses it to pick which arguments to pass as JSON
 * text when a tool's schema is over a limit.
 */
import { isPlainObject } from "../ir/schema-json-value.js";
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import type { SchemaLimits } from "./client-profiles.js";

/** The measured size of a schema. */
export interface SchemaSize {
  properties: number;
  objectDepth: number;
  stringLength: number;
  enumValues: number;
}

/** Measures `schema`; `subtrees` (when given) receives each argument path's own subtree size. */
export function measureSchema(schema: JsonValue, subtrees?: Map<string, SchemaSize>): SchemaSize {
  const size = emptySize();
  walk(schema, "", 0, size, subtrees);
  return size;
}

function emptySize(): SchemaSize {
  return { properties: 0, objectDepth: 0, stringLength: 0, enumValues: 0 };
}

/** The limits `size` breaks, in words; empty when within them. */
export function overLimits(size: SchemaSize, limits: SchemaLimits): string[] {
  const out: string[] = [];
  if (size.properties > limits.maxProperties) out.push(`${size.properties} object properties (limit ${limits.maxProperties})`);
  if (size.objectDepth > limits.maxObjectDepth) out.push(`${size.objectDepth} levels of nested objects (limit ${limits.maxObjectDepth})`);
  if (size.stringLength > limits.maxStringLength) out.push(`${size.stringLength} characters of names and enum values (limit ${limits.maxStringLength})`);
  if (size.enumValues > limits.maxEnumValues) out.push(`${size.enumValues} enum values (limit ${limits.maxEnumValues})`);
  return out;
}

/** Adds `node`'s size to `size` (and to every subtree being measured, through `size`'s callers). */
function walk(node: JsonValue, path: string, depth: number, size: SchemaSize, subtrees: Map<string, SchemaSize> | undefined): void {
  if (!isPlainObject(node)) return;
  if (Array.isArray(node.enum)) {
    size.enumValues += node.enum.length;
    size.stringLength += node.enum.reduce<number>((sum, v) => sum + (typeof v === "string" ? v.length : String(v).length), 0);
  }
  if (Object.hasOwn(node, "const")) size.stringLength += String(node.const).length;
  let level = depth;
  if (isPlainObject(node.properties)) {
    level = depth + 1;
    size.objectDepth = Math.max(size.objectDepth, level);
    for (const [name, child] of Object.entries(node.properties)) {
      const childPath = path === "" ? name : `${path}.${name}`;
      const own = emptySize();
      own.properties = 1;
      own.stringLength = name.length;
      walk(child as JsonValue, childPath, level, own, subtrees);
      subtrees?.set(childPath, own);
      add(size, own);
    }
  }
  if (isPlainObject(node.items)) walk(node.items as JsonValue, `${path}[]`, level, size, subtrees);
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const list = node[keyword];
    if (Array.isArray(list)) for (const branch of list) walk(branch, path, depth, size, subtrees);
  }
  if (isPlainObject(node.additionalProperties)) walk(node.additionalProperties as JsonValue, `${path}{}`, level, size, subtrees);
}

function add(into: SchemaSize, from: SchemaSize): void {
  into.properties += from.properties;
  into.stringLength += from.stringLength;
  into.enumValues += from.enumValues;
  into.objectDepth = Math.max(into.objectDepth, from.objectDepth);
}

/** Whether `schema` is within `limits`. */
export function withinLimits(schema: JsonSchema, limits: SchemaLimits): boolean {
  return overLimits(measureSchema(schema), limits).length === 0;
}
