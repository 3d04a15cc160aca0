/**
 * Assembles an MCP server on the SDK's low-level `Server`: `tools/list` returns the definitions'
 * MCP projection (computed once), `tools/call` runs {@link invokeTool}; an unknown tool is a
 * JSON-RPC InvalidParams error (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { invokeTool, type InvokeContext } from "./invoke-tool.js";
import { toMcpTool, type McpTool } from "./mcp-tool.js";
import type { ServerDefinition, ToolDefinition } from "./tool-definition.js";

/** Everything a server instance needs, prepared once and shared by every instance (HTTP creates one per request). */
export interface PreparedServer {
  definition: ServerDefinition;
  /** The `tools/list` payload. */
  listed: { tools: McpTool[] };
  byName: Map<string, ToolDefinition>;
  invoke: InvokeContext;
}

/** Precomputes the tool list and the name index. */
export function prepareServer(definition: ServerDefinition, invoke: InvokeContext): PreparedServer {
  return {
    definition,
    listed: { tools: definition.tools.map(toMcpTool) },
    byName: new Map(definition.tools.map((tool) => [tool.name, tool])),
    invoke,
  };
}

/** Creates a connected-ready MCP `Server` for a prepared definition. */
export function createMcpServer(prepared: PreparedServer): Server {
  const { definition } = prepared;
  const server = new Server(
    { name: definition.name, version: definition.version },
    { capabilities: { tools: {} }, ...(definition.instructions ? { instructions: definition.instructions } : {}) },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => prepared.listed);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = prepared.byName.get(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    return invokeTool(tool, args, prepared.invoke, extra.signal);
  });
  return server;
}
