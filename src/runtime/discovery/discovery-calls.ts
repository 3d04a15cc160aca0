/**
 * Answers calls to the three meta-tools. `call_operation` runs the named operation through
 * {@link invokeTool} — the same validation, credentials, limits, retries, result shaping and
 * redaction as a listed tool — so reaching an operation through discovery changes nothing about
 * what is sent or returned. Mistakes (an unknown name, bad arguments) are error results that say
 * what to do next (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling).
 */
import type { CancelSignal } from "../core/call-cancellation.js";
import type { ServerDefinition, ToolDefinition } from "../core/tool-definition.js";
import { errorResult, textResult, type ToolResult } from "../core/tool-results.js";
import { invokeTool, type InvokeContext } from "../invoke/invoke-tool.js";
import type { MetaToolProfile } from "../core/discovery-definition.js";
import { undoProfile } from "../request/undo-profile.js";
import { checkArguments } from "../request/validate-arguments.js";
import { CALL_OPERATION, DESCRIBE_OPERATION, META_TOOL_NAMES, metaTools, profiledMetaTool, SEARCH_LIMIT, SEARCH_OPERATIONS, type MetaTool } from "./meta-tools.js";
import { buildSearchIndex, OperationSearch, searchSourceOf } from "./search-index.js";

/** A discovery-mode server's state, prepared once. */
export interface DiscoveryServer {
  /** The three meta-tools' definitions as listed (shaped by the client profile, when one is active). */
  tools: MetaTool[];
  /** The three meta-tools' own definitions, whose schemas judge every call after a profile's changes are undone. */
  full: MetaTool[];
  /** What the client profile changed in each meta-tool's schema (absent without one). */
  profiles: Record<string, MetaToolProfile>;
  search: OperationSearch;
  /** Every operation in reach, by name. */
  operations: Map<string, ToolDefinition>;
  /** What `describe_operation` returns for an operation: the projection `tools/list` uses. */
  describe: (tool: ToolDefinition) => unknown;
}

/**
 * Prepares discovery for a definition whose `discovery` is set: the search index as given (a
 * generated project's), else built now from the tools (serve builds it in `curate`, with tags).
 *
 * @throws Error when a listed tool takes a meta-tool's name (curation reports it earlier, with its place).
 */
export function prepareDiscovery(definition: ServerDefinition, describe: (tool: ToolDefinition) => unknown): DiscoveryServer {
  for (const name of definition.discovery?.listed ?? []) {
    if (META_TOOL_NAMES.has(name)) throw new Error(`the tool name ${JSON.stringify(name)} is taken by discovery mode's meta-tool; rename the tool`);
  }
  const index = definition.discovery?.index ?? buildSearchIndex(definition.tools.map((tool) => searchSourceOf(tool)));
  const full = metaTools(definition.name, definition.tools.length);
  const profiles = definition.discovery?.metaTools ?? {};
  return {
    tools: full.map((tool) => profiledMetaTool(tool, profiles[tool.name])),
    full,
    profiles,
    search: new OperationSearch(index),
    operations: new Map(definition.tools.map((tool) => [tool.name, tool])),
    describe,
  };
}

/** Whether `name` is one of the meta-tools. */
export function isMetaTool(name: string): boolean {
  return META_TOOL_NAMES.has(name);
}

/** Runs one meta-tool call; never throws. */
export async function callMetaTool(
  discovery: DiscoveryServer,
  name: string,
  args: Record<string, unknown>,
  invoke: InvokeContext,
  signal?: CancelSignal,
): Promise<ToolResult> {
  const tool = discovery.full.find((t) => t.name === name);
  if (tool === undefined) return errorResult(`${name} is not a discovery tool`);
  // A client profile listed a reshaped schema (OpenAI strict: null for an absent limit; JSON text
  // for call_operation's free-form arguments): turned back, as for a listed tool, before checking.
  const profile = discovery.profiles[name];
  if (profile !== undefined) args = undoProfile(tool.inputSchema, args, profile.undo);
  if (name === CALL_OPERATION) return callOperation(discovery, args, invoke, signal);
  const checked = checkArguments(tool.inputSchema, args, invoke.limits);
  if (checked.problems.length > 0) return errorResult(`Invalid arguments for ${name}:\n- ${checked.problems.join("\n- ")}`);
  if (name === SEARCH_OPERATIONS) return searchOperations(discovery, String(args.query), typeof args.limit === "number" ? args.limit : SEARCH_LIMIT.default);
  if (name === DESCRIBE_OPERATION) {
    const operation = findOperation(discovery, String(args.name));
    return "error" in operation ? operation.error : textResult(JSON.stringify(discovery.describe(operation.tool)));
  }
  return errorResult(`${name} is not a discovery tool`);
}

function searchOperations(discovery: DiscoveryServer, query: string, limit: number): ToolResult {
  const hits = discovery.search.search(query, limit);
  if (hits.length === 0) {
    return textResult(`No operation matches ${JSON.stringify(query)}. Try other words: the thing acted on ("invoice", "pull request") and the action ("list", "create").`);
  }
  return textResult(hits.map((hit) => `${hit.name}: ${hit.line}`).join("\n"));
}

async function callOperation(discovery: DiscoveryServer, args: Record<string, unknown>, invoke: InvokeContext, signal?: CancelSignal): Promise<ToolResult> {
  const extra = Object.keys(args).filter((key) => key !== "name" && key !== "arguments");
  if (typeof args.name !== "string" || args.name === "") {
    return errorResult(`Invalid arguments for ${CALL_OPERATION}: name must be an operation's name (a string); find one with ${SEARCH_OPERATIONS}.`);
  }
  if (extra.length > 0) {
    return errorResult(`Invalid arguments for ${CALL_OPERATION}: ${extra.join(", ")}: unknown (it takes name and arguments); put the operation's own arguments inside "arguments". Nothing was sent.`);
  }
  const inner = args.arguments ?? {};
  if (inner === null || typeof inner !== "object" || Array.isArray(inner)) {
    return errorResult(`Invalid arguments for ${CALL_OPERATION}: arguments must be an object (the operation's arguments; {} when it has none). Nothing was sent.`);
  }
  const operation = findOperation(discovery, args.name);
  if ("error" in operation) return operation.error;
  return invokeTool(operation.tool, inner as Record<string, unknown>, invoke, signal);
}

/** The operation called `name`, or an error result with the closest names. */
function findOperation(discovery: DiscoveryServer, name: string): { tool: ToolDefinition } | { error: ToolResult } {
  const tool = discovery.operations.get(name);
  if (tool !== undefined) return { tool };
  // A misspelt name first (edit distance, as the CLI's did-you-mean: at most 2 edits or 40% of
  // the name), then a half-remembered one: the index ranks names' words highest.
  const limit = Math.max(2, Math.floor(name.length * 0.4));
  const spelled = [...discovery.operations.keys()]
    .map((candidate) => ({ candidate, d: editDistance(name.toLowerCase(), candidate.toLowerCase(), limit) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d)
    .map(({ candidate }) => candidate);
  const close = [...new Set([...spelled, ...discovery.search.search(name, 3).map((hit) => hit.name)])].slice(0, 3);
  const hint = close.length > 0 ? ` Did you mean ${close.map((n) => JSON.stringify(n)).join(", ")}?` : "";
  return { error: errorResult(`Unknown operation ${JSON.stringify(name)}.${hint} ${SEARCH_OPERATIONS} finds operations by what they do.`) };
}

/** Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
