/**
 * Curation `fields: true` (issue 11): the tool gains an optional argument listing the dotted paths
 * of the JSON answer to keep (see the runtime's result/select-fields.ts). The selection runs before
 * the response budget, so a model can ask for `items.title` of a hundred items instead of getting
 * the first five whole ones.
 */
import type { JsonSchema, ToolDefinition } from "../runtime/core/tool-definition.js";

/** The argument's schema as listed to the model. */
export const FIELDS_ARGUMENT_SCHEMA: JsonSchema = {
  type: "array",
  items: { type: "string" },
  description:
    'Return only these fields of the JSON answer, as dotted paths (e.g. ["number", "user.login"]); a path through a list applies to every element (items.title). Omit for the whole answer.',
};

/**
 * Adds the argument to a (shallow-copied) tool: named `fields`, or `result_fields` when the operation
 * already has a `fields` argument of its own (many APIs do: Google's, Graph's `$select` cousins), and
 * a number after that. Returns the name chosen.
 */
export function addFieldsArgument(tool: ToolDefinition): string {
  const properties = { ...((tool.inputSchema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const taken = new Set([...Object.keys(properties), ...tool.http.arguments.map((b) => b.argument)]);
  let name = taken.has("fields") ? "result_fields" : "fields";
  for (let n = 2; taken.has(name); n++) name = `result_fields_${n}`;
  properties[name] = FIELDS_ARGUMENT_SCHEMA;
  tool.inputSchema = { ...tool.inputSchema, properties };
  tool.resultFields = name;
  return name;
}
