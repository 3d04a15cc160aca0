/**
 * Assembles an MCP server on the v2 SDK's low-level `Server` (`@modelcontextprotocol/server`),
 * which speaks both protocol eras from one instance: 2026-07-28 (stateless, `server/discover`,
 * the per-request `_meta` envelope, `resultType` and cache hints on results) and the 2025 family
 * (the `initialize` handshake). `tools/list` returns the definitions' MCP projection in pages
 * ({@link createToolPages}, computed once); `tools/call` runs {@link invokeTool}; an unknown tool is
 * a JSON-RPC InvalidParams error (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling).
 *
 * `tools/list` results carry a positive cache lifetime on 2026-07-28 (`ttlMs`,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching): the list
 * changes only when the curation does, which means a restart, and it is the same for every
 * caller, hence `public`.
 *
 * `tools/call` is the hot path. A handler registered with `setRequestHandler` costs zod passes per
 * call (the request and the result — a 200 KB result included); so `tools/call` is served through
 * the SDK's documented `fallbackRequestHandler`, which receives the raw request, with the few
 * checks that matter done here; results are built by this runtime, never passed through from
 * elsewhere. Every other method keeps the SDK's handling. The transports go one step further: a
 * {@link ToolCallLane} in front of the transport (and, for 2026 HTTP requests, modern-http.ts)
 * answers `tools/call` with the same {@link callTool} before the SDK's per-message machinery sees it,
 * and plain `tools/list`, `server/discover` and 2025 `ping` requests from the stamped pages of
 * listing-answers.ts.
 */
import { ProtocolError, ProtocolErrorCode, Server, type ListToolsResult, type Transport } from "@modelcontextprotocol/server";
import type { CancelSignal } from "../core/call-cancellation.js";
import { callMetaTool, isMetaTool, prepareDiscovery, type DiscoveryServer } from "../discovery/discovery-calls.js";
import { CallGate } from "../invoke/call-gate.js";
import { invokeTool, type InvokeContext } from "../invoke/invoke-tool.js";
import { toMcpTool, type McpTool } from "./mcp-tool.js";
import { traceToolCall } from "../telemetry/tracing.js";
import { callWithLimits, type OpsHooks } from "./ops-hooks.js";
import { LOCAL_PRINCIPAL, principalOfExtra, type Principal } from "../core/principal.js";
import { ToolCallLane, type LaneEra } from "./tool-call-lane.js";
import { createToolPages, type ToolPages } from "./tool-pages.js";
import { listingAnswersFor, listTools, pageReady, SERVER_CAPABILITIES, TOOLS_LIST_CACHE_HINT } from "./listing-answers.js";
import { isLeanLegacyListing, plainLegacyMessage, plainModernMessage } from "./plain-requests.js";
import type { ToolResult } from "../core/tool-results.js";
import type { ServerDefinition, ToolDefinition } from "../core/tool-definition.js";
import type { LaterTools } from "../core/later-tools.js";

/** Everything a server instance needs, prepared once and shared by every instance. */
export interface PreparedServer {
  definition: ServerDefinition;
  /** The `tools/list` pages. */
  listed: ToolPages;
  /** The tools callable by name: every tool, or in discovery mode the listed ones. */
  byName: Map<string, ToolDefinition>;
  /** Discovery mode's meta-tools and search, when the definition asks for it. */
  discovery?: DiscoveryServer;
  invoke: InvokeContext;
  /** Caps the calls running at once across every transport, and drains them at shutdown. */
  gate: CallGate;
  /** Per-caller limits and metrics (ops-hooks.ts), when configured. */
  ops?: OpsHooks;
  /**
   * Set while tools promised at start are still to come (later-tools.ts): resolves once they are
   * in `definition`, `listed` and `byName` (and is then removed); rejects when they could not be built.
   */
  completion?: Promise<void>;
  /**
   * Set while the server has no tools yet ({@link LaterTools.first}): resolves once the first ones
   * are in `definition`, `listed` and `byName` (and is then removed).
   */
  firstTools?: Promise<void>;
  /** Set with `completion`: asks for the later tools now ({@link LaterTools.start}). */
  wantRest?: () => void;
}

/** Waits for the tools promised at start, asking for them first; at once when there are none. */
export async function restOfTools(prepared: PreparedServer): Promise<void> {
  if (prepared.completion === undefined) return;
  prepared.wantRest?.();
  await prepared.completion;
}

/**
 * Waits until `ready` holds: for the first tools when the server has none yet, then, if that was
 * not enough, for the rest ({@link restOfTools}).
 */
async function toolsUntil(prepared: PreparedServer, ready: () => boolean): Promise<void> {
  if (prepared.firstTools !== undefined) {
    await prepared.firstTools;
    if (ready()) return;
  }
  await restOfTools(prepared);
}

/**
 * Precomputes the tool list pages and the name index; throws for a tool no client could be sent.
 * In discovery mode the list is the three meta-tools, then the tools the definition lists beside
 * them; every tool stays reachable through `call_operation`, and `describe_operation` shows it as
 * this list would.
 */
export function prepareServer(definition: ServerDefinition, invoke: InvokeContext, later?: LaterTools): PreparedServer {
  const gate = new CallGate(invoke.limits.maxConcurrentCalls, invoke.log);
  if (definition.discovery === undefined) {
    const pageBytes = invoke.limits.toolsListPageBytes;
    const prepared: PreparedServer = { definition, listed: createToolPages(definition.tools.map(toMcpTool), pageBytes, later?.names), byName: new Map(definition.tools.map((tool) => [tool.name, tool])), invoke, gate };
    if (later !== undefined) {
      if (later.first !== undefined) prepared.firstTools = takeFirst(prepared, later.first, later.names, pageBytes);
      prepared.completion = completeLater(prepared, later, pageBytes);
      let asked = false;
      prepared.wantRest = () => {
        if (asked) return;
        asked = true;
        later.start?.();
      };
    }
    return prepared;
  }
  const discovery = prepareDiscovery(definition, describeTool);
  const listedNames = new Set(definition.discovery.listed);
  const listedTools = definition.tools.filter((tool) => listedNames.has(tool.name));
  return {
    definition,
    listed: createToolPages([...discovery.tools, ...listedTools.map(toMcpTool)], invoke.limits.toolsListPageBytes),
    byName: new Map(listedTools.map((tool) => [tool.name, tool])),
    discovery,
    invoke,
    gate,
  };
}

/**
 * Takes the first tools in when they come to a server that started without any: the pages they
 * complete (with the whole listing's cursors, as when they are there at start) and the name index.
 */
async function takeFirst(prepared: PreparedServer, first: Promise<ToolDefinition[]>, names: readonly string[], pageBytes: number): Promise<void> {
  const tools = await first;
  if (tools.length > names.length || tools.some((tool, index) => tool.name !== names[index])) {
    throw new Error(`the first tools built after start (${tools.length}) are not the first of the ${names.length} announced at start`);
  }
  prepared.listed = createToolPages(tools.map(toMcpTool), pageBytes, names);
  for (const tool of tools) prepared.byName.set(tool.name, tool);
  prepared.definition = { ...prepared.definition, tools };
  delete prepared.firstTools;
}

/**
 * Takes the later tools in when they come: the whole listing's pages (the first pages equal those
 * already served, since the cursors were the whole listing's from the start) and the name index.
 */
async function completeLater(prepared: PreparedServer, later: LaterTools, pageBytes: number): Promise<void> {
  if (prepared.firstTools !== undefined) await prepared.firstTools;
  const first = prepared.definition;
  const tools = [...first.tools, ...(await later.rest)];
  if (tools.length !== later.names.length || tools.some((tool, index) => tool.name !== later.names[index])) {
    throw new Error(`the tools built after start (${tools.length}) are not the ${later.names.length} announced at start`);
  }
  const listed = createToolPages(tools.map(toMcpTool), pageBytes);
  for (const tool of tools.slice(first.tools.length)) prepared.byName.set(tool.name, tool);
  prepared.listed = listed;
  prepared.definition = { ...first, tools };
  delete prepared.completion;
  delete prepared.wantRest;
}

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** false: no `tools/call` fallback (see {@link createMcpServer}). Default true. */
  serveCalls?: boolean;
  /**
   * Who made the `tools/call` request the SDK dispatches (its JSON-RPC id as the server saw it):
   * the principal per-caller limits and the audit line count it against. Without it, or when it
   * answers undefined, the call is the local caller's (stdio).
   */
  callerOf?: (requestId: string | number) => Principal | undefined;
}

/**
 * Creates a connect-ready MCP `Server` for a prepared definition; it serves whichever era its transport brings.
 *
 * `serveCalls: false` leaves out the `tools/call` fallback, for an instance that is known to serve one
 * request that is not a `tools/call` (the 2026 HTTP leg builds one per request): then a method we do
 * not serve meets the SDK's own method registry, which answers it while the request is still being
 * dispatched — on HTTP that is `404` with -32601, as 2026-07-28 requires
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http) — not our
 * fallback's in-band -32601 on `200`, which comes too late for the SDK transport to map.
 */
export function createMcpServer(prepared: PreparedServer, options: McpServerOptions = {}): Server {
  const { definition } = prepared;
  const server = new Server(
    { name: definition.name, version: definition.version },
    {
      capabilities: { tools: { ...SERVER_CAPABILITIES.tools } },
      ...(definition.instructions ? { instructions: definition.instructions } : {}),
      cacheHints: { "tools/list": TOOLS_LIST_CACHE_HINT, "server/discover": TOOLS_LIST_CACHE_HINT },
    },
  );
  // Our tool objects are MCP Tool objects (mcp-tool.ts); the IR's JSON Schema type is only wider than the SDK's.
  server.setRequestHandler("tools/list", async (request) => {
    // A page past those the first tools complete comes with the rest (later-tools.ts).
    if (!pageReady(prepared, request.params?.cursor)) await toolsUntil(prepared, () => pageReady(prepared, request.params?.cursor));
    return listTools(prepared, request.params?.cursor) as ListToolsResult;
  });
  if (options.serveCalls === false) return server;
  server.fallbackRequestHandler = async (request, ctx) => {
    if (request.method !== "tools/call") throw new ProtocolError(ProtocolErrorCode.MethodNotFound, "Method not found");
    const caller = options.callerOf?.(ctx.mcpReq.id);
    return prepared.gate.run(() => callTool(prepared, request.params, ctx.mcpReq.signal, caller));
  };
  return server;
}

/** Creates the server and connects it to `transport` behind a {@link ToolCallLane}. */
export async function connectMcpServer(prepared: PreparedServer, transport: Transport): Promise<Server> {
  const server = createMcpServer(prepared);
  await server.connect(laneFor(prepared, transport));
  return server;
}

/** Wraps a transport in the {@link ToolCallLane} that answers `tools/call` for `prepared` (2025-era, and 2026 on a detected 2026 connection). */
export function laneFor(prepared: PreparedServer, transport: Transport, era: LaneEra = "detect"): ToolCallLane {
  const server = { name: prepared.definition.name, version: prepared.definition.version };
  // The HTTP transport attaches the caller's principal to each message; stdio has one local caller.
  const listing = listingAnswersFor(prepared);
  return new ToolCallLane(transport, (params, cancellation, extra) => prepared.gate.run(() => callTool(prepared, params, cancellation, principalOfExtra(extra))), {
    era,
    server,
    listing: (message, connectionEra) => {
      const method = (message as { method?: unknown }).method;
      if (method !== "tools/list" && method !== "server/discover" && method !== "ping") return undefined;
      if (connectionEra === "modern") {
        const request = plainModernMessage(message);
        return request === undefined ? undefined : listing.message("2026", request);
      }
      const request = plainLegacyMessage(message);
      return request === undefined || !isLeanLegacyListing(request) ? undefined : listing.message("2025", request);
    },
  });
}

/**
 * Answers one `tools/call` from its raw `params`: a malformed request or an unknown tool is a
 * JSON-RPC InvalidParams error (thrown); everything else, failures included, is a tool result.
 */
export async function callTool(prepared: PreparedServer, params: unknown, signal?: CancelSignal, caller?: Principal): Promise<ToolResult> {
  const p = params as { name?: unknown; arguments?: unknown } | undefined;
  if (typeof p?.name !== "string") throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid tools/call request: params.name must be a string");
  const args = p.arguments ?? {};
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid tools/call request: params.arguments must be an object");
  }
  if (prepared.discovery !== undefined && isMetaTool(p.name)) {
    return callMetaTool(prepared.discovery, p.name, args as Record<string, unknown>, prepared.invoke, signal);
  }
  let tool = prepared.byName.get(p.name);
  if (tool === undefined && prepared.completion !== undefined) {
    const name = p.name;
    await toolsUntil(prepared, () => prepared.byName.has(name));
    tool = prepared.byName.get(p.name);
  }
  if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${p.name}`);
  // A span per call when tracing is on (its parent from params._meta); a no-op otherwise.
  // Per-caller limits, when configured: one branch when off.
  const limiter = prepared.ops?.limiter;
  const who = caller ?? LOCAL_PRINCIPAL;
  if (limiter !== undefined) {
    return traceToolCall(tool.name, p, () => callWithLimits(limiter, tool, args as Record<string, unknown>, prepared.invoke, signal, who, caller === undefined));
  }
  return traceToolCall(tool.name, p, () => invokeTool(tool, args as Record<string, unknown>, prepared.invoke, signal, who));
}

/**
 * What `describe_operation` shows: the tool as listed, but with the whole argument schema when a
 * token budget (`maxToolTokens`) shortened the listed one, since describing is how a model gets it.
 */
function describeTool(tool: ToolDefinition): McpTool {
  const listed = toMcpTool(tool);
  return tool.argumentSchema !== undefined && tool.profile === undefined ? { ...listed, inputSchema: tool.argumentSchema } : listed;
}
