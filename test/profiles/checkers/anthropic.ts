/**
 * Anthropic's rules for a custom tool, written from the vendor's pages:
 * - https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use — `name` must
 *   match `^[a-zA-Z0-9_-]{1,64}$`; `input_schema` is a JSON Schema object (type object).
 * - The Messages API refuses an input_schema with `oneOf`, `allOf` or `anyOf` at its top level.
 * The schema must also be valid JSON Schema 2020-12 (checked with Ajv's meta-schema).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ListedTool } from "./walk.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false });

/** Problems of one tool under Anthropic's tool-use rules; empty when it passes. */
export function checkAnthropicTool(tool: ListedTool): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) problems.push(`name "${tool.name}" is not ^[a-zA-Z0-9_-]{1,64}$`);
  const root = tool.inputSchema;
  if (root.type !== "object") problems.push("input_schema is not type object");
  for (const k of ["oneOf", "allOf", "anyOf"]) if (root[k] !== undefined) problems.push(`input_schema has ${k} at its top level`);
  if (!ajv.validateSchema(root)) problems.push(`not valid JSON Schema 2020-12: ${ajv.errorsText(ajv.errors)}`);
  return problems;
}
