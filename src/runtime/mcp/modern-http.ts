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
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { classifyInboundRequest, createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { createMcpServer, type PreparedServer } from "./create-server.js";

/** Serves the 2026-era requests of one HTTP endpoint. */
export interface ModernHttpLeg {
  /**
   * Answers `req` when it belongs to the 2026 path (resolving true once the answer is written);
   * resolves false, having written nothing, for 2025-era traffic.
   */
  serve(req: IncomingMessage, res: ServerResponse, parsed: unknown, body: Buffer): Promise<boolean>;
  /** Aborts the 2026 exchanges in flight. */
  close(): Promise<void>;
}

/** Request headers passed on to the SDK's handler: the ones its validation reads. */
const FORWARDED = /^(?:content-type|accept|mcp-.*)$/;

/** Creates the 2026 leg for a prepared server; `maxBody` is the front's body limit (already enforced). */
export function createModernHttpLeg(prepared: PreparedServer, maxBody: number): ModernHttpLeg {
  const handler: McpHttpHandler = createMcpHandler(() => createMcpServer(prepared), {
    legacy: "reject",
    // Mid-call notifications are never sent by this server, so a JSON body is always the whole answer.
    responseMode: "json",
    maxRequestBodySize: maxBody,
    onerror: (error) => prepared.invoke.log("debug", "HTTP 2026-07-28: request refused or failed", { error: error.message }),
  });
  return {
    async serve(req, res, parsed, body) {
      const outcome = classifyInboundRequest({
        httpMethod: req.method ?? "POST",
        ...header(req, "mcp-protocol-version", "protocolVersionHeader"),
        ...header(req, "mcp-method", "mcpMethodHeader"),
        ...header(req, "mcp-name", "mcpNameHeader"),
        body: parsed,
      });
      if (outcome.kind === "legacy") return false;
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
}

function header<K extends string>(req: IncomingMessage, name: string, key: K): Partial<Record<K, string>> {
  const value = req.headers[name];
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}
