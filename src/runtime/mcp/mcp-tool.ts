/**
 * The MCP Tool object a {@link ToolDefinition} is listed as in `tools/list`
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool). `list --json`
 * prints exactly this, so what a user inspects is what a client receives.
 */
import type { ToolDefinition } from "../core/tool-definition.js";
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
    annotations: tool.annotations,
  };
}

/** Estimated tokens a tool's definition costs in a model's context. */
export function estimateToolTokens(tool: McpTool): number {
  return Math.ceil(JSON.stringify(tool).length / CHARS_PER_TOKEN);
}
