/**
 * The 2026-07-28 leg of our Streamable HTTP endpoint
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http).
 *
 * Our HTTP front (http-transport.ts) keeps what it owns — Host/Origin, limits, `/healthz`, 405s,
 * the drain — and reads and parses the body once. This module then asks the SDK's own classifier
 * (`classifyInboundRequest`, the exact code `createMcpHandler` routes with) which era the request
 * belongs to. 2025-era traffic goes back to the front's stateless multiplex; everything the 2026
 * path answers — requests carrying the `_meta` envelope, and the validation ladder's rejections
 * (a `Mcp-Method`/`Mcp-Name` or protocol-version header that disagrees with the body: `-32020`; a
 * revision we do not serve: `-32022`; a malformed envelope: `-32602`) — is handed to the SDK's
 * `createMcpHandler` in strict modern mode, so the protocol's semantics are the SDK's, not a copy.
 *
 * Except on the hot path: the handler builds a server instance and a per-request transport for
 * every request, about 4× the CPU of a whole lean call. A `tools/call` the classifier accepted
 * whose envelope is plainly valid ({@link isPlainModernCall}) and whose `MCP-Protocol-Version`,
 * `Mcp-Method` and `Mcp-Name` headers say exactly what the body says (the SDK checks those after
 * classifying, so a call with anything else there is left to it) is answered here with the same
 * {@link callTool} and the SDK's 2026 stamping ({@link modernResult}); the differential test holds
 * both paths to the same bytes. The instance built for any other request has no `tools/call`
 * fallback, so a method we do not serve is the SDK's own `404` -32601 (see createMcpServer).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { classifyInboundRequest, createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { CallCancellation } from "../core/call-cancellation.js";
import { callTool, createMcpServer, type PreparedServer } from "./create-server.js";
import type { Principal } from "../core/principal.js";
import { isPlainModernCall, MODERN_REVISION, modernResult } from "./modern-answer.js";
import { errorObject } from "./tool-call-lane.js";

/** Serves the 2026-era requests of one HTTP endpoint. */
export interface ModernHttpLeg {
  /**
   * Answers `req` when it belongs to the 2026 path (resolving true once the answer is written);
   * resolves false, having written nothing, for 2025-era traffic.
   */
  serve(req: IncomingMessage, res: ServerResponse, parsed: unknown, body: Buffer, caller?: Principal): Promise<boolean>;
  /** Aborts the 2026 exchanges in flight. */
  close(): Promise<void>;
}

/** Request headers passed on to the SDK's handler: the ones its validation reads. */
const FORWARDED = /^(?:content-type|accept|mcp-.*)$/;

/**
 * Creates the 2026 leg for a prepared server; `maxBody` is the front's body limit (already
 * enforced). `lean: false` sends every request through the SDK's handler (the differential test's
 * reference path).
 */
export function createModernHttpLeg(prepared: PreparedServer, maxBody: number, lean = true): ModernHttpLeg {
  const identity = { name: prepared.definition.name, version: prepared.definition.version };
  // The method of each request handed to the handler, for its server factory (which is given the
  // Request): an instance for anything but `tools/call` has no call fallback (see createMcpServer).
  const methods = new WeakMap<Request, string>();
  const serverFor = (request: Request | undefined) => {
    const method = request === undefined ? undefined : methods.get(request);
    return createMcpServer(prepared, { serveCalls: method === undefined || method === "tools/call" });
  };
  const handler: McpHttpHandler = createMcpHandler((ctx) => serverFor(ctx.requestInfo), {
    legacy: "reject",
    // Mid-call notifications are never sent by this server, so a JSON body is always the whole answer.
    responseMode: "json",
    maxRequestBodySize: maxBody,
    onerror: (error) => prepared.invoke.log("debug", "HTTP 2026-07-28: request refused or failed", { error: error.message }),
  });
  return {
    async serve(req, res, parsed, body, caller) {
      if (lean && isPlainLegacyRequest(req, parsed)) return false;
      const outcome = classifyInboundRequest({
        httpMethod: req.method ?? "POST",
        ...header(req, "mcp-protocol-version", "protocolVersionHeader"),
        ...header(req, "mcp-method", "mcpMethodHeader"),
        ...header(req, "mcp-name", "mcpNameHeader"),
        body: parsed,
      });
      if (outcome.kind === "legacy") return false;
      if (lean && outcome.kind === "modern" && outcome.messageKind === "request" && outcome.message.method === "tools/call" && isPlainModernCall(outcome.message) && headersAgree(req, outcome.message.params)) {
        await answerCall(res, outcome.message.id, outcome.message.params, caller);
        return true;
      }
      const abort = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) abort.abort();
      };
      res.once("close", onClose);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && FORWARDED.test(name)) headers.set(name, value);
      }
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: "POST", headers, body, signal: abort.signal });
      if (outcome.kind === "modern" && outcome.messageKind === "request") methods.set(request, outcome.message.method);
      let response: Response;
      try {
        response = await handler.fetch(request, { parsedBody: parsed });
      } catch (error) {
        if (abort.signal.aborted) return true; // The client went away: nobody to answer.
        throw error;
      } finally {
        res.off("close", onClose);
      }
      if (res.destroyed) return true;
      const text = Buffer.from(await response.arrayBuffer());
      const out: Record<string, string> = { "content-length": String(text.length) };
      response.headers.forEach((value, name) => {
        if (name !== "content-length" && name !== "connection" && name !== "keep-alive") out[name] = value;
      });
      res.writeHead(response.status, out).end(text);
      return true;
    },
    close: () => handler.close(),
  };

  async function answerCall(res: ServerResponse, id: string | number, params: unknown, caller: Principal | undefined): Promise<void> {
    // A client that goes away cancels its call, which aborts the upstream request.
    const cancellation = new CallCancellation();
    const onClose = (): void => {
      if (!res.writableFinished) cancellation.cancel("client disconnected");
    };
    res.once("close", onClose);
    let message: unknown;
    try {
      const result = await prepared.gate.run(() => callTool(prepared, params, cancellation, caller));
      message = modernResult(id, result, identity);
    } catch (error) {
      message = { jsonrpc: "2.0", id, error: errorObject(error) };
    } finally {
      res.off("close", onClose);
    }
    if (res.destroyed) return;
    const text = JSON.stringify(message);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
  }
}

/** Whether the 2026 headers name exactly the revision, method and tool the body does. */
function headersAgree(req: IncomingMessage, params: unknown): boolean {
  const name = (params as { name?: unknown } | undefined)?.name;
  return req.headers["mcp-protocol-version"] === MODERN_REVISION && req.headers["mcp-method"] === "tools/call" && typeof name === "string" && req.headers["mcp-name"] === name;
}

function header<K extends string>(req: IncomingMessage, name: string, key: K): Partial<Record<K, string>> {
  const value = req.headers[name];
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}

const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);

/**
 * A request the SDK's classifier would route to the 2025 era without question: a single request
 * (not a batch) of exactly the JSON-RPC request shape (`jsonrpc` "2.0", a string or integer id, a
 * string method, params absent or an object whose `_meta`, if any, holds at most a string or
 * integer `progressToken`, so no 2026 envelope claim), and no `MCP-Protocol-Version` header naming
 * 2026-07-28 or later. The classifier zod-parses every message against several schemas (~30 µs of
 * CPU per 2025 call, measured in bench/overhead's profile); anything less plain still goes through
 * it. test/integration/lean-differential.test.ts holds that both routes answer alike.
 */
function isPlainLegacyRequest(req: IncomingMessage, parsed: unknown): boolean {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return false;
  const message = parsed as Record<string, unknown>;
  for (const key in message) if (!REQUEST_KEYS.has(key)) return false;
  const id = message.id;
  if (message.jsonrpc !== "2.0" || typeof message.method !== "string" || !(typeof id === "string" || Number.isInteger(id))) return false;
  const params = message.params;
  if (params !== undefined) {
    if (params === null || typeof params !== "object" || Array.isArray(params)) return false;
    const meta = (params as Record<string, unknown>)._meta;
    if (meta !== undefined) {
      if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return false;
      for (const key in meta) {
        const token = (meta as Record<string, unknown>)[key];
        if (key !== "progressToken" || !(typeof token === "string" || Number.isInteger(token))) return false;
      }
    }
  }
  const version = req.headers["mcp-protocol-version"];
  return typeof version !== "string" || version.trim() < "2026-07-28";
}
