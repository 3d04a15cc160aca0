/**
 * A tool's `outputSchema` from its operation's JSON response schema
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#output-schema). MCP
 * requires an object schema, and clients validate `structuredContent` against it, so the schema is
 * loosened: a truncated or partial result must still pass.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";

/** Keywords whose value is a map of name → subschema (the names are not keywords). */
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/** Keywords whose value is one subschema. */
const SCHEMA_VALUES = [
  "items",
  "additionalItems",
  "additionalProperties",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];

/** The outcome of {@link responseToOutputSchema}: a schema, or why there is none. */
export type OutputSchemaOutcome = { schema: JsonSchema } | { reason: string };

/**
 * The output schema for a response schema. An object schema is loosened
 * ({@link loosenSchema}). An array schema is loosened and wrapped as
 * `{ type: "object", properties: { items: <array> }, required: ["items"] }`: the runtime must then
 * send `structuredContent` as `{ items: <body> }`. Anything else has no output schema.
 */
export function responseToOutputSchema(responseSchema: JsonSchema | undefined): OutputSchemaOutcome {
  if (responseSchema === undefined) return { reason: "the operation declares no JSON response schema" };
  if (responseSchema.type === "object") return { schema: loosenSchema(responseSchema) };
  if (responseSchema.type === "array") {
    return {
      schema: { type: "object", properties: { items: loosenSchema(responseSchema) }, required: ["items"] },
    };
  }
  return { reason: "its JSON response schema is neither an object nor an array" };
}

/**
 * A deep copy of `schema` with every `required` list and every `additionalProperties: false` /
 * `unevaluatedProperties: false` removed, at every depth. Only schema positions are visited:
 * a property named `required` and values inside `const`, `enum` or `default` are left alone.
 */
export function loosenSchema(schema: JsonSchema): JsonSchema {
  const copy = structuredClone(schema);
  loosenInPlace(copy);
  return copy;
}

function loosenInPlace(schema: JsonValue | undefined): void {
  if (!isSchemaObject(schema)) return;
  if (Array.isArray(schema.required)) delete schema.required;
  if (schema.additionalProperties === false) delete schema.additionalProperties;
  if (schema.unevaluatedProperties === false) delete schema.unevaluatedProperties;
  for (const keyword of SCHEMA_MAPS) {
    const map = schema[keyword];
    if (isSchemaObject(map)) Object.values(map).forEach(loosenInPlace);
  }
  for (const keyword of SCHEMA_VALUES) loosenInPlace(schema[keyword]);
  for (const keyword of SCHEMA_LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach(loosenInPlace);
  }
}

function isSchemaObject(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
