/**
 * One selected operation → its final tool: the IR's tool, cloned, reshaped by its `tools` entry
 * (if any) and given its policy and output schema.
 */
import { withSummary } from "../ir/description.js";
import type { OperationIr } from "../ir/types.js";
import type { JsonSchema, ToolDefinition } from "../runtime/core/tool-definition.js";
import { applyArgumentEdits } from "./apply-arguments.js";
import { addFieldsArgument } from "./fields-argument.js";
import { fitToolToBudget, type TokenCounter } from "./tool-budget.js";
import type { PathedProblem } from "./curation-path.js";
import type { PolicyDefaults } from "./curation-schema.js";
import { responseToOutputSchema } from "./output-schema.js";
import { resolvePolicy } from "./resolve-policy.js";
import type { ToolEntryRef } from "./select-operations.js";

/** A shaped tool and what shaping it found. */
export interface ShapedTool {
  tool: ToolDefinition;
  problems: PathedProblem[];
  warnings: string[];
}

/**
 * Builds the final tool. The IR is never mutated: its tool is deep-cloned first (schemas may share
 * sub-objects). `name` renames (putting the summary back in front when only the old name said it,
 * {@link withSummary}); `description` replaces; `title` sets the title;
 * `annotations` are merged over the derived ones last, so they win; then
 * `arguments` ({@link applyArgumentEdits}), the policy ({@link resolvePolicy}) and, when
 * `outputSchema` resolves to true, the output schema ({@link responseToOutputSchema}; a warning
 * when the response has no object or array schema); last, `fields: true` adds the field-selection
 * argument ({@link addFieldsArgument}; with a declared output schema it is a problem instead).
 */
export function shapeTool(
  operation: OperationIr,
  ref: ToolEntryRef | undefined,
  defaults: PolicyDefaults | undefined,
  responseSchemaOf: (operation: OperationIr) => JsonSchema | undefined = () => undefined,
  countTokens: TokenCounter = estimateTokens,
): ShapedTool {
  // Argument edits change schemas and bindings in place, so they need a deep copy; everything else
  // only replaces top-level fields, and a shallow copy keeps 1,000-tool start-ups fast.
  const tool = ref?.entry.arguments !== undefined ? structuredClone(operation.tool) : { ...operation.tool };
  const shaped: ShapedTool = { tool, problems: [], warnings: [] };
  const entry = ref?.entry;

  if (entry?.name !== undefined) {
    tool.name = entry.name;
    // The IR left the summary out where the old name said it; the new name may not.
    if (entry.description === undefined && operation.summary !== undefined) tool.description = withSummary(tool.description, operation.summary, entry.name);
  }
  if (entry?.description !== undefined) tool.description = entry.description;
  // One copy: MCP clients prefer the top-level title over annotations.title for display.
  if (entry?.title !== undefined) tool.title = entry.title;
  if (entry?.annotations !== undefined) tool.annotations = { ...tool.annotations, ...entry.annotations };
  if (ref && entry?.arguments !== undefined) {
    const report = applyArgumentEdits(tool, entry.arguments, ["tools", ref.index, "arguments"]);
    shaped.problems.push(...report.problems);
    shaped.warnings.push(...report.warnings);
  }

  const resolved = resolvePolicy(entry, defaults);
  tool.policy = resolved.policy;
  delete tool.outputSchema;
  if (resolved.outputSchema) {
    const outcome = responseToOutputSchema(responseSchemaOf(operation));
    if ("schema" in outcome) tool.outputSchema = outcome.schema;
    else shaped.warnings.push(`tool ${JSON.stringify(tool.name)}: no outputSchema declared, because ${outcome.reason}`);
  }
  delete tool.resultFields;
  if (ref && entry?.fields === true) {
    if (tool.outputSchema !== undefined) {
      shaped.problems.push({
        path: ["tools", ref.index, "fields"],
        message: `tool ${JSON.stringify(tool.name)} sets both fields and outputSchema: a selection of fields would not match the declared output schema`,
        hint: "drop one of them for this tool",
      });
    } else {
      addFieldsArgument(tool);
    }
  }
  delete tool.argumentSchema;
  const budget = entry?.maxToolTokens ?? defaults?.maxToolTokens;
  if (budget !== undefined) {
    const fitted = fitToolToBudget(tool, budget, countTokens);
    if (fitted.tokens > budget) {
      const done = fitted.summarised.length > 0 ? `after summarising ${fitted.summarised.join(", ")}` : "with no optional argument to summarise";
      shaped.warnings.push(`tool ${JSON.stringify(tool.name)} costs ${fitted.tokens} o200k_base tokens, over its maxToolTokens ${budget}, ${done}: required arguments keep their schemas`);
    }
  }
  return shaped;
}

/** Four characters a token: used only when no tokenizer was handed in (library callers). */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
