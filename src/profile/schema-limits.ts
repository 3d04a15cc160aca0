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

/** Measures `schema`; `weights` (when given) receives each argument path's own subtree weight. */
export function measureSchema(schema: JsonValue, weights?: Map<string, number>): SchemaSize {
  const size: SchemaSize = { properties: 0, objectDepth: 0, stringLength: 0, enumValues: 0 };
  walk(schema, "", 0, size, weights);
  return size;
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

function walk(node: JsonValue, path: string, depth: number, size: SchemaSize, weights: Map<string, number> | undefined): number {
  if (!isPlainObject(node)) return 0;
  let weight = 0;
  const count = (n: number): void => {
    weight += n;
  };
  if (Array.isArray(node.enum)) {
    size.enumValues += node.enum.length;
    const chars = node.enum.reduce<number>((sum, v) => sum + (typeof v === "string" ? v.length : String(v).length), 0);
    size.stringLength += chars;
    count(node.enum.length + chars / 20);
  }
  if (Object.hasOwn(node, "const")) {
    const chars = String(node.const).length;
    size.stringLength += chars;
    count(chars / 20);
  }
  let level = depth;
  if (isPlainObject(node.properties)) {
    level = depth + 1;
    size.objectDepth = Math.max(size.objectDepth, level);
    for (const [name, child] of Object.entries(node.properties)) {
      size.properties++;
      size.stringLength += name.length;
      const childPath = path === "" ? name : `${path}.${name}`;
      const childWeight = 1 + name.length / 20 + walk(child as JsonValue, childPath, level, size, weights);
      weights?.set(childPath, childWeight);
      count(childWeight);
    }
  }
  if (isPlainObject(node.items)) count(walk(node.items as JsonValue, `${path}[]`, level, size, weights));
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const list = node[keyword];
    if (Array.isArray(list)) for (const branch of list) count(walk(branch, path, depth, size, weights));
  }
  if (isPlainObject(node.additionalProperties)) count(walk(node.additionalProperties as JsonValue, `${path}{}`, level, size, weights));
  return weight;
}

/** Whether `schema` is within `limits`. */
export function withinLimits(schema: JsonSchema, limits: SchemaLimits): boolean {
  return overLimits(measureSchema(schema), limits).length === 0;
}
