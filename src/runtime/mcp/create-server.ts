/**
 * Assembles an MCP server on the SDK's low-level `Server`: `tools/list` returns the definitions'
 * MCP projection (computed once), `tools/call` runs {@link invokeTool}; an unknown tool is a
 * JSON-RPC InvalidParams error (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling).
 *
 * `tools/call` is the hot path. A handler registered with `setRequestHandler` costs three zod
 * passes per call (the request twice, the result once — a 200 KB result included); measured
 * against a bare JSON-RPC proxy that was most of the SDK's share of the overhead. So `tools/call`
 * is served through the SDK's documented `fallbackRequestHandler`, which receives the raw request,
 * with the few checks that matter done here; results are built by this runtime, never passed
 * through from elsewhere. Every other method keeps the SDK's handling.
 *
 * {@link connectMcpServer}, which both transports use, goes one step further: a
 * {@link ToolCallLane} in front of the transport answers `tools/call` with the same
 * {@link callTool} before the SDK's per-message machinery sees it.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { CancelSignal } from "../core/call-cancellation.js";
import { CallGate } from "../invoke/call-gate.js";
import { invokeTool, type InvokeContext } from "../invoke/invoke-tool.js";
import { toMcpTool, type McpTool } from "./mcp-tool.js";
import { callWithLimits, type OpsHooks } from "./ops-hooks.js";
import { LOCAL_PRINCIPAL, principalOfExtra, type Principal } from "../core/principal.js";
import { ToolCallLane } from "./tool-call-lane.js";
import type { ToolResult } from "../core/tool-results.js";
import type { ServerDefinition, ToolDefinition } from "../core/tool-definition.js";

/** Everything a server instance needs, prepared once and shared by every instance (HTTP creates one per request). */
export interface PreparedServer {
  definition: ServerDefinition;
  /** The `tools/list` payload. */
  listed: { tools: McpTool[] };
  byName: Map<string, ToolDefinition>;
  invoke: InvokeContext;
  /** Caps the calls running at once across every transport, and drains them at shutdown. */
  gate: CallGate;
  /** Per-caller limits and metrics (ops-hooks.ts), when configured. */
  ops?: OpsHooks;
}

/** Precomputes the tool list and the name index. */
export function prepareServer(definition: ServerDefinition, invoke: InvokeContext): PreparedServer {
  return {
    definition,
    listed: { tools: definition.tools.map(toMcpTool) },
    byName: new Map(definition.tools.map((tool) => [tool.name, tool])),
    invoke,
    gate: new CallGate(invoke.limits.maxConcurrentCalls, invoke.log),
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
  server.fallbackRequestHandler = async (request, extra) => {
    if (request.method !== "tools/call") throw new McpError(ErrorCode.MethodNotFound, "Method not found");
    return prepared.gate.run(() => callTool(prepared, request.params, extra.signal));
  };
  return server;
}

/** Creates the server and connects it to `transport` behind a {@link ToolCallLane}. */
export async function connectMcpServer(prepared: PreparedServer, transport: Transport): Promise<Server> {
  const server = createMcpServer(prepared);
  // The HTTP transport attaches the caller's principal to each message; stdio has one local caller.
  await server.connect(new ToolCallLane(transport, (params, cancellation, extra) => prepared.gate.run(() => callTool(prepared, params, cancellation, principalOfExtra(extra)))));
  return server;
}

/**
 * Answers one `tools/call` from its raw `params`: a malformed request or an unknown tool is a
 * JSON-RPC InvalidParams error (thrown); everything else, failures included, is a tool result.
 */
export async function callTool(prepared: PreparedServer, params: unknown, signal?: CancelSignal, caller?: Principal): Promise<ToolResult> {
  const p = params as { name?: unknown; arguments?: unknown } | undefined;
  if (typeof p?.name !== "string") throw new McpError(ErrorCode.InvalidParams, "Invalid tools/call request: params.name must be a string");
  const args = p.arguments ?? {};
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new McpError(ErrorCode.InvalidParams, "Invalid tools/call request: params.arguments must be an object");
  }
  const tool = prepared.byName.get(p.name);
  if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${p.name}`);
  // --- per-caller limits (i12-ops): one branch when off ---
  const limiter = prepared.ops?.limiter;
  if (limiter !== undefined) return callWithLimits(limiter, tool, args as Record<string, unknown>, prepared.invoke, signal, caller ?? LOCAL_PRINCIPAL, caller === undefined);
  return invokeTool(tool, args as Record<string, unknown>, prepared.invoke, signal, caller ?? LOCAL_PRINCIPAL);
}
