/**
 * `tools[].arguments`: edits to a tool's arguments, applied to its input schema and its
 * {@link ArgumentBinding}s.
 */
import type { ArgumentBinding, JsonSchema, JsonValue, ToolDefinition } from "../runtime/core/tool-definition.js";
import { formatCurationPath, type CurationPath, type PathedProblem } from "./curation-path.js";
import type { ArgumentEdit } from "./curation-schema.js";
import { didYouMean } from "./did-you-mean.js";

/** What applying argument edits found. */
export interface ArgumentEditReport {
  problems: PathedProblem[];
  warnings: string[];
}

/**
 * Applies argument edits to `tool` in place (the caller passes a clone). Keys are argument names
 * ({@link ArgumentBinding.argument}); an unknown one is a problem with a suggestion.
 *
 * - `description` replaces the property's description; `default` sets the schema `default` and
 *   `defaultValue`.
 * - `value` sets `fixedValue` and hides the argument: it leaves `properties`, `required` and
 *   `pagingArguments`, and the binding gets `hidden: true`. With `hidden: false` it stays visible,
 *   with `const: <value>`, and leaves `required` (the runtime always supplies it).
 * - `hidden: true` without `value` hides an optional argument; on a required one it is a problem.
 * - `default` next to `value` is ignored, with a warning.
 */
export function applyArgumentEdits(
  tool: ToolDefinition,
  edits: Record<string, ArgumentEdit>,
  base: CurationPath,
): ArgumentEditReport {
  const report: ArgumentEditReport = { problems: [], warnings: [] };
  // Copy on write: inside one tool, properties may still share schema objects after structuredClone.
  const properties = tool.inputSchema.properties;
  if (isObject(properties)) tool.inputSchema = { ...tool.inputSchema, properties: { ...properties } };
  const names = tool.http.arguments.map((binding) => binding.argument);
  for (const [name, edit] of Object.entries(edits)) {
    const path = [...base, name];
    const binding = tool.http.arguments.find((candidate) => candidate.argument === name);
    if (!binding) {
      report.problems.push({
        path,
        message: `tool ${JSON.stringify(tool.name)} has no argument ${JSON.stringify(name)}`,
        hint: didYouMean(name, names) ?? (names.length > 0 ? `its arguments are: ${names.join(", ")}` : "it takes no arguments"),
      });
      continue;
    }
    const property = propertyOf(tool, name);
    if (edit.description !== undefined && property) property.description = edit.description;
    if (edit.value !== undefined) {
      if (edit.default !== undefined) {
        report.warnings.push(`${formatCurationPath(path)}: "default" is ignored because "value" is set`);
      }
      binding.fixedValue = edit.value;
      if (edit.hidden === false) {
        if (property) property.const = edit.value;
        removeRequired(tool, name);
      } else {
        hide(tool, binding);
      }
      continue;
    }
    if (edit.default !== undefined) {
      binding.defaultValue = edit.default;
      if (property) property.default = edit.default;
    }
    if (edit.hidden === true) {
      if (binding.required || isRequired(tool, name)) {
        report.problems.push({
          path: [...path, "hidden"],
          message: "a hidden required argument needs a value",
          hint: `set "value" (sent on every call) or drop "hidden"`,
        });
      } else {
        hide(tool, binding);
      }
    }
  }
  return report;
}

/**
 * The argument's property schema, replaced by a shallow copy (another property may share the
 * object) that the caller may change; `true` or another non-object becomes `{}`.
 */
function propertyOf(tool: ToolDefinition, name: string): JsonSchema | undefined {
  const properties = tool.inputSchema.properties;
  if (!isObject(properties) || !(name in properties)) return undefined;
  const property = properties[name];
  const copy: JsonSchema = isObject(property) ? { ...property } : {};
  properties[name] = copy;
  return copy;
}

function isRequired(tool: ToolDefinition, name: string): boolean {
  const required = tool.inputSchema.required;
  return Array.isArray(required) && required.includes(name);
}

function removeRequired(tool: ToolDefinition, name: string): void {
  const required = tool.inputSchema.required;
  if (!Array.isArray(required)) return;
  const rest = required.filter((entry) => entry !== name);
  if (rest.length > 0) tool.inputSchema.required = rest;
  else delete tool.inputSchema.required;
}

function hide(tool: ToolDefinition, binding: ArgumentBinding): void {
  const properties = tool.inputSchema.properties;
  if (isObject(properties)) delete properties[binding.argument];
  removeRequired(tool, binding.argument);
  tool.pagingArguments = tool.pagingArguments.filter((argument) => argument !== binding.argument);
  binding.hidden = true;
}

function isObject(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
