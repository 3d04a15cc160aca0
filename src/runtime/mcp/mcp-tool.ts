/**
 * The MCP Tool object a {@link ToolDefinition} is listed as in `tools/list`
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool). `list --json`
 * prints exactly this, so what a user inspects is what a client receives.
 */
import type { ToolAnnotations, ToolDefinition } from "../core/tool-definition.js";
import { CHARS_PER_TOKEN } from "../result/truncate.js";

/** A tool as listed to MCP clients: the listing fields of a definition, nothing about HTTP or policy. */
export type McpTool = Pick<ToolDefinition, "name" | "title" | "description" | "inputSchema" | "outputSchema" | "annotations">;

/** Projects a tool definition onto what `tools/list` returns. */
export function toMcpTool(tool: ToolDefinition): McpTool {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    // A client profile lists its own schema; calls are still validated against the full one.
    inputSchema: tool.profile?.inputSchema ?? tool.inputSchema,
    ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }),
    annotations: listedAnnotations(tool.annotations),
  };
}

/**
 * The values MCP gives a hint that is absent
 * (https://modelcontextprotocol.io/specification/2025-06-18/schema#toolannotations).
 */
const HINT_DEFAULTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;

/**
 * Annotations as listed: a hint equal to the spec's default is left out (a client reads the same
 * value from its absence), and so are destructiveHint and idempotentHint on a read-only tool, which
 * the spec says are meaningful only when readOnlyHint is false. About 11 tokens a tool.
 */
export function listedAnnotations(annotations: ToolAnnotations): ToolAnnotations {
  const readOnly = annotations.readOnlyHint === true;
  const listed: ToolAnnotations = {};
  if (annotations.title !== undefined) listed.title = annotations.title;
  for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
    const value = annotations[hint];
    if (value === undefined || value === HINT_DEFAULTS[hint]) continue;
    if (readOnly && (hint === "destructiveHint" || hint === "idempotentHint")) continue;
    listed[hint] = value;
  }
  return listed;
}

/** Estimated tokens a tool's definition costs in a model's context. */
export function estimateToolTokens(tool: McpTool): number {
  return Math.ceil(JSON.stringify(tool).length / CHARS_PER_TOKEN);
}
