/**
 * `maxToolTokens` (curation: file-wide in `defaults`, or on a `tools` entry; issue 11): a tool
 * whose listed definition costs more tokens keeps every argument, but the schemas of its optional
 * arguments are replaced by a one-line note, the most deeply nested first (then the largest), until
 * it fits. A 100k-token tool becomes one a model can afford to see; the arguments it lost detail on
 * still work. The full schema stays on the tool as `argumentSchema`: calls are validated against
 * it, exactly as before, so a note never loosens what the server accepts.
 *
 * The note's wording matches discovery mode's `describe_operation`, which shows an operation's whole
 * definition; without discovery mode the model is pointed at the API's documentation instead.
 */
import { valuesType } from "../ir/lean-schema.js";
import type { JsonSchema, ToolDefinition } from "../runtime/core/tool-definition.js";
import { toMcpTool } from "../runtime/mcp/mcp-tool.js";

/** Counts the tokens of a text (o200k when `list`/`serve` load the tokenizer). */
export type TokenCounter = (text: string) => number;

/** What fitting a tool did. */
export interface BudgetOutcome {
  /** Arguments whose schema was replaced by a note, in the order they were. */
  summarised: string[];
  /** Tokens of the listed tool afterwards. */
  tokens: number;
}

/** The note that stands in for an argument's schema. */
export function budgetNote(toolName: string): string {
  return `Its schema is left out to keep this tool small: describe_operation with name "${toolName}" returns it where that tool is offered; otherwise pass the value as the API documents it.`;
}

/** Shortens `tool` in place to at most `budget` tokens, if optional arguments allow. */
export function fitToolToBudget(tool: ToolDefinition, budget: number, count: TokenCounter): BudgetOutcome {
  const cost = (): number => count(JSON.stringify(toMcpTool(tool)));
  let tokens = cost();
  const summarised: string[] = [];
  if (tokens <= budget) return { summarised, tokens };
  const full = tool.inputSchema;
  const properties = (full.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(full.required) ? full.required.map(String) : []);
  const note = budgetNote(tool.name);
  const candidates = Object.entries(properties)
    .filter(([name]) => !required.has(name) && name !== tool.resultFields)
    .map(([name, schema]) => ({ name, schema, depth: depthOf(schema), size: JSON.stringify(schema).length }))
    .filter((c) => c.size > JSON.stringify(stub(c.schema, note)).length)
    .sort((a, b) => b.depth - a.depth || b.size - a.size);
  if (candidates.length === 0) return { summarised, tokens };
  tool.argumentSchema = full;
  const listed: Record<string, JsonSchema> = { ...properties };
  for (const candidate of candidates) {
    listed[candidate.name] = stub(candidate.schema, note);
    tool.inputSchema = { ...full, properties: { ...listed } };
    summarised.push(candidate.name);
    tokens = cost();
    if (tokens <= budget) break;
  }
  return { summarised, tokens };
}

/** Keeps the argument's type and the first sentence of its description; the rest is the note. */
function stub(schema: JsonSchema, note: string): JsonSchema {
  const first = typeof schema.description === "string" ? (/^[\s\S]*?[.!?](?=\s|$)/.exec(schema.description)?.[0] ?? schema.description) : "";
  return {
    // The listing leaves `type` to enum values (src/ir/lean-schema.ts); the stub drops them, so it says it.
    ...(schema.type !== undefined ? { type: schema.type } : valuesType(schema) !== undefined ? { type: valuesType(schema)! } : {}),
    description: first ? `${first} ${note}` : note,
  };
}

/** How deep a schema nests (a scalar is 0). */
function depthOf(schema: unknown): number {
  if (schema === null || typeof schema !== "object") return 0;
  let deepest = 0;
  for (const value of Object.values(schema)) {
    if (value !== null && typeof value === "object") deepest = Math.max(deepest, 1 + depthOf(value));
  }
  return deepest;
}
