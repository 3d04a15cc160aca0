/**
 * A property named in `properties` that also matches a `patternProperties` pattern must satisfy
 * both subschemas (https://json-schema.org/draft/2020-12/json-schema-core#section-10.3.2.2). Ajv in
 * strict mode refuses such overlaps ("property x matches pattern p"), so the converter states the
 * same thing without the overlap: the pattern's subschema is merged into each named property, and
 * the pattern is rewritten to skip those names.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { mergeAllOf } from "./merge-all-of.js";
import { isPlainObject } from "./schema-json-value.js";

/** Removes overlaps between `properties` and `patternProperties`, keeping the meaning. */
export function separatePatternProperties(schema: JsonSchema): JsonSchema {
  const properties = schema.properties;
  const patterns = schema.patternProperties;
  if (!isPlainObject(properties) || !isPlainObject(patterns)) return schema;
  const names = Object.keys(properties);
  const newProperties: Record<string, JsonValue> = { ...(properties as Record<string, JsonValue>) };
  const newPatterns: Record<string, JsonValue> = {};
  let changed = false;
  for (const [pattern, subschema] of Object.entries(patterns as Record<string, JsonValue>)) {
    const matching = names.filter((name) => new RegExp(pattern, "u").test(name));
    if (matching.length === 0) {
      newPatterns[pattern] = subschema;
      continue;
    }
    changed = true;
    for (const name of matching) newProperties[name] = mergeAllOf({ allOf: [newProperties[name] as JsonValue, subschema] });
    newPatterns[excludeNames(pattern, matching)] = subschema;
  }
  return changed ? { ...schema, properties: newProperties, patternProperties: newPatterns } : schema;
}

/** A pattern matching what `pattern` matches, except the exact strings in `names`. */
export function excludeNames(pattern: string, names: string[]): string {
  const alternatives = names.map((n) => n.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")).join("|");
  // Anchored at the start so the look-ahead sees the whole name; `[\s\S]*?` lets `pattern` match anywhere, as before.
  return `^(?!(?:${alternatives})$)[\\s\\S]*?(?:${pattern})`;
}
