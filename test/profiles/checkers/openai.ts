/**
 * OpenAI's rules for a function tool with `strict: true`, written from the vendor's pages:
 * - https://platform.openai.com/docs/guides/function-calling — function name: a-z, A-Z, 0-9,
 *   underscores and dashes, at most 64 characters; at most 128 functions in one request.
 * - https://platform.openai.com/docs/guides/structured-outputs#supported-schemas — supported types
 *   (string, number, boolean, integer, object, array, enum, anyOf) and keywords (string: pattern,
 *   format from a fixed list; number: multipleOf, maximum, exclusiveMaximum, minimum,
 *   exclusiveMinimum; array: minItems, maxItems); every object `additionalProperties: false` and
 *   every property in `required`; the root an object and not anyOf; at most 5,000 properties, 10
 *   levels of nesting, 120,000 characters of property names and enum/const values, 1,000 enum values.
 */
import { isSchema, visitSchemas, type ListedTool } from "./walk.js";

const KEYWORDS = new Set([
  "type", "description", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$defs", "$ref",
  "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "minItems", "maxItems", "title",
]);
const TYPES = new Set(["string", "number", "boolean", "integer", "object", "array", "null"]);
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);

export const OPENAI_MAX_TOOLS = 128;

/** Problems of one tool under OpenAI strict function calling; empty when it passes. */
export function checkOpenAiTool(tool: ListedTool): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) problems.push(`name "${tool.name}" is not [a-zA-Z0-9_-]{1,64}`);
  const root = tool.inputSchema;
  if (root.type !== "object") problems.push("root is not type object");
  if (root.anyOf !== undefined) problems.push("root is anyOf");
  let properties = 0;
  let chars = 0;
  let enums = 0;
  for (const { schema, at, objectLevel } of visitSchemas(root)) {
    for (const keyword of Object.keys(schema)) if (!KEYWORDS.has(keyword)) problems.push(`${at}: keyword ${keyword} is not supported`);
    const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
    if (types.length === 0 && schema.anyOf === undefined && schema.$ref === undefined && schema.enum === undefined && schema.const === undefined) problems.push(`${at}: no type`);
    for (const t of types) if (!TYPES.has(t)) problems.push(`${at}: type ${t}`);
    if (typeof schema.format === "string" && !FORMATS.has(schema.format)) problems.push(`${at}: format ${schema.format} is not supported`);
    if (types.includes("object") || isSchema(schema.properties)) {
      if (schema.additionalProperties !== false) problems.push(`${at}: additionalProperties is not false`);
      const names = Object.keys(isSchema(schema.properties) ? schema.properties : {});
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      for (const name of names) if (!required.has(name)) problems.push(`${at}: property ${name} is not required`);
      properties += names.length;
      chars += names.reduce((sum, n) => sum + n.length, 0);
      if (objectLevel > 10) problems.push(`${at}: ${objectLevel} levels of nesting (limit 10)`);
    }
    if (types.includes("array") && !isSchema(schema.items)) problems.push(`${at}: array without items`);
    if (Array.isArray(schema.enum)) {
      enums += schema.enum.length;
      chars += schema.enum.reduce<number>((sum, v) => sum + String(v).length, 0);
    }
    if (schema.const !== undefined) chars += String(schema.const).length;
  }
  if (properties > 5000) problems.push(`${properties} object properties (limit 5,000)`);
  if (chars > 120_000) problems.push(`${chars} characters of names and enum values (limit 120,000)`);
  if (enums > 1000) problems.push(`${enums} enum values (limit 1,000)`);
  return problems;
}
