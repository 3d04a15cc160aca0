/**
 * The three tools a discovery-mode server lists instead of one tool per operation
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool): find an operation,
 * read its definition, run it. Their definitions do not grow with the API — only its name and
 * operation count appear — so they cost the same few hundred tokens for 20 operations or 11,000
 * (the test in test/unit/runtime/discovery counts them with o200k on GitHub's whole spec).
 */
import type { MetaToolProfile } from "../core/discovery-definition.js";
import type { JsonSchema, ServerDefinition, ToolAnnotations } from "../core/tool-definition.js";

export const SEARCH_OPERATIONS = "search_operations";
export const DESCRIBE_OPERATION = "describe_operation";
export const CALL_OPERATION = "call_operation";

/** The meta-tools' names, which no listed tool may take. */
export const META_TOOL_NAMES: ReadonlySet<string> = new Set([SEARCH_OPERATIONS, DESCRIBE_OPERATION, CALL_OPERATION]);

/** `search_operations`' default and largest `limit`. */
export const SEARCH_LIMIT = { default: 10, max: 50 } as const;

/** A meta-tool as `tools/list` shows it: like a listed tool, but it reaches no upstream by itself. */
export interface MetaTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  annotations: ToolAnnotations;
}

/** Longest API name quoted in the descriptions: a long title must not inflate three definitions. */
const MAX_API_NAME = 60;

/** The three definitions for an API called `apiName` with `count` operations in reach. */
export function metaTools(apiName: string, count: number): MetaTool[] {
  const api = apiName.length > MAX_API_NAME ? `${apiName.slice(0, MAX_API_NAME - 1)}…` : apiName;
  return [
    {
      name: SEARCH_OPERATIONS,
      title: "Search operations",
      description:
        `Finds operations of the ${api} API (${count} in all) that do a task. Describe the task in plain words, ` +
        `e.g. "close an issue" or "refund a charge". Each hit is one line: name, HTTP method and path, summary, ` +
        `and [read-only] or [destructive]. Next: describe_operation for a hit's arguments, then call_operation to run it.`,
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", minLength: 1, maxLength: 500, description: "The task, in plain words." },
          limit: { type: "integer", minimum: 1, maximum: SEARCH_LIMIT.max, default: SEARCH_LIMIT.default, description: "Most hits to return." },
        },
        required: ["query"],
      },
      annotations: { title: "Search operations", readOnlyHint: true, openWorldHint: false },
    },
    {
      name: DESCRIBE_OPERATION,
      title: "Describe an operation",
      description:
        "Returns one operation's full tool definition, found with search_operations: its description, " +
        "the JSON Schema of its arguments (inputSchema) and its annotations. Pass those arguments to call_operation.",
      inputSchema: {
        type: "object",
        properties: { name: { type: "string", minLength: 1, description: "The operation's name, as search_operations gives it." } },
        required: ["name"],
      },
      annotations: { title: "Describe an operation", readOnlyHint: true, openWorldHint: false },
    },
    {
      name: CALL_OPERATION,
      title: "Call an operation",
      description:
        `Runs one operation of the ${api} API and returns its result. The arguments must match the inputSchema ` +
        "that describe_operation returns; they are checked first, and nothing is sent when they are wrong. " +
        "Operations marked [destructive] change or delete data.",
      inputSchema: {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1, description: "The operation's name." },
          arguments: { type: "object", description: "The operation's arguments; {} when it has none." },
        },
        required: ["name"],
      },
      annotations: { title: "Call an operation", readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
  ];
}

/**
 * The three definitions as `tools/list` shows them for `server`: shaped by the client profile that
 * shaped its tools (`discovery.metaTools`, set by `--client`), else as {@link metaTools} writes them.
 * `list`, `serve` and `generate` all list them through here, so they agree.
 */
export function listedMetaTools(server: Pick<ServerDefinition, "name" | "tools" | "discovery">): MetaTool[] {
  return metaTools(server.name, server.tools.length).map((tool) => profiledMetaTool(tool, server.discovery?.metaTools?.[tool.name]));
}

/** One meta-tool with a profile's listed schema and its "Constraints:" line. */
export function profiledMetaTool(tool: MetaTool, profile: MetaToolProfile | undefined): MetaTool {
  if (profile === undefined) return tool;
  return {
    ...tool,
    description: profile.constraints === "" ? tool.description : `${tool.description}\n\n${profile.constraints}`,
    inputSchema: profile.inputSchema,
  };
}
