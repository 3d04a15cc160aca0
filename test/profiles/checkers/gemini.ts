/**
 * Gemini's rules for a function declaration's `parameters`, written from the vendor's pages:
 * - https://ai.google.dev/api/caching#Schema — "a select subset of an OpenAPI 3.0 schema object":
 *   type (one of STRING, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT), format, title, description,
 *   nullable, enum (for STRING), maxItems, minItems, properties, required, minProperties,
 *   maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default, items,
 *   minimum, maximum. Formats: NUMBER float/double, INTEGER int32/int64, STRING enum/date-time.
 * - https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/FunctionDeclaration — name starts
 *   with a letter or underscore, then a-z, A-Z, 0-9, underscores, dots, dashes, at most 64 (63 on
 *   the older Gemini page); parameter names start with a letter or underscore, then a-z, A-Z, 0-9
 *   or underscores, at most 64.
 * - An OBJECT other than the parameters object needs properties; an ARRAY needs items.
 */
import { isSchema, visitSchemas, type ListedTool } from "./walk.js";

const KEYWORDS = new Set([
  "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required", "minProperties",
  "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum",
]);
const TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const FORMATS: Record<string, Set<string>> = { number: new Set(["float", "double"]), integer: new Set(["int32", "int64"]), string: new Set(["enum", "date-time"]) };

/** Problems of one tool as a Gemini function declaration; empty when it passes. */
export function checkGeminiTool(tool: ListedTool): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/.test(tool.name)) problems.push(`name "${tool.name}" does not start with a letter or _ and use [A-Za-z0-9_.-], at most 63`);
  const root = tool.inputSchema;
  if (root.type !== "object") problems.push("parameters is not type object");
  for (const { schema, at } of visitSchemas(root)) {
    for (const keyword of Object.keys(schema)) if (!KEYWORDS.has(keyword)) problems.push(`${at}: keyword ${keyword} is not in Gemini's Schema`);
    if (schema.anyOf === undefined) {
      if (typeof schema.type !== "string" || !TYPES.has(schema.type)) problems.push(`${at}: type ${JSON.stringify(schema.type)} is not one Gemini type`);
    }
    if (schema.enum !== undefined && (schema.type !== "string" || !(schema.enum as unknown[]).every((v) => typeof v === "string"))) problems.push(`${at}: enum on a non-string`);
    if (typeof schema.format === "string" && !(FORMATS[String(schema.type)]?.has(schema.format) ?? false)) problems.push(`${at}: format ${schema.format} on ${String(schema.type)}`);
    if (schema.type === "object" && at !== "" && (!isSchema(schema.properties) || Object.keys(schema.properties).length === 0)) problems.push(`${at}: OBJECT without properties`);
    if (schema.type === "array" && !isSchema(schema.items)) problems.push(`${at}: ARRAY without items`);
    if (isSchema(schema.properties)) {
      for (const name of Object.keys(schema.properties)) if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) problems.push(`${at}: parameter name "${name}"`);
      for (const r of Array.isArray(schema.required) ? (schema.required as string[]) : []) if (!Object.hasOwn(schema.properties, r)) problems.push(`${at}: required "${r}" is not a property`);
    }
  }
  return problems;
}
