/**
 * The 2026-07-28 leg of our Streamable HTTP endpoint
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http).
 *
 * Our HTTP front (http-transport.ts) keeps what it owns — Host/Origin, limits, `/healthz`, 405s,
 * the drain — and reads and parses the body once. What the 2026 path answers — requests carrying
 * the `_meta` envelope, and the validation ladder's rejections (a `Mcp-Method`/`Mcp-Name` or
 * protocol-version header that disagrees with the body: `-32020`; a revision we do not serve:
 * `-32022`; a malformed envelope: `-32602`) — is the SDK's `createMcpHandler` in strict modern
 * mode, routed by the SDK's own classifier (`classifyInboundRequest`), so the protocol's
 * semantics are the SDK's, not a copy.
 *
 * Except for plain requests. The classifier costs ~40 µs of CPU per request, and the handler
 * builds a server instance and a per-request transport for every request, about 4× the CPU of a
 * whole lean call. A request {@link plainModernRequest} recognises — one JSON-RPC request whose
 * envelope, headers and params are plainly what the SDK would accept — is answered here without
 * either: `tools/call` with the same `callTool` (create-server.ts) and the SDK's 2026 stamping
 * ({@link modernResult}); `tools/list` and `server/discover` from bytes serialised once
 * ({@link ListingAnswers}). Plain 2025-era requests ({@link plainLegacyRequest}) skip the
 * classifier too, back to the front's 2025 path. The differential test holds the lean and SDK
 * paths to the same bytes. The instance built for any other request has no `tools/call`
 * fallback, so a method we do not serve is the SDK's own `404` -32601 (see createMcpServer).
 *
 * Whichever path answers, a `tools/call` runs as the HTTP caller's principal (per-caller limits,
 * audit), never as the local one.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { classifyInboundRequest, createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { createMcpServer, type PreparedServer } from "./create-server.js";
import type { Principal } from "../core/principal.js";
import { modernResult } from "./modern-answer.js";
import { errorObject } from "./tool-call-lane.js";
import { sendLean, type ListingAnswers } from "./listing-answers.js";
import { sendJsonAnswer } from "./answer-bytes.js";
import { callForHttpAnswer } from "./http-call.js";
import { plainLegacyRequest, plainModernRequest, type PlainRequest } from "./plain-requests.js";

/**
 * What {@link ModernHttpLeg.serve} did: answered the request, or left it to the front's 2025 path
 * (`plain`: the request, when {@link plainLegacyRequest} recognised it).
 */
export type ModernOutcome = { answered: true } | { answered: false; plain: PlainRequest | undefined };

/** Serves the 2026-era requests of one HTTP endpoint. */
export interface ModernHttpLeg {
  /**
   * Answers `req` when it belongs to the 2026 path; leaves 2025-era traffic alone, having written
   * nothing. `caller` is the HTTP caller's principal, which any `tools/call` runs as.
   */
  serve(req: IncomingMessage, res: ServerResponse, parsed: unknown, body: Buffer, caller?: Principal): Promise<ModernOutcome>;
  /** Aborts the 2026 exchanges in flight. */
  close(): Promise<void>;
}

/** Request headers passed on to the SDK's handler: the ones its validation reads. */
const FORWARDED = /^(?:content-type|accept|mcp-.*)$/;

const ANSWERED = { answered: true } as const;
const NOT_PLAIN = { answered: false, plain: undefined } as const;

/**
 * Creates the 2026 leg for a prepared server; `maxBody` is the front's body limit (already
 * enforced), `listing` the pre-serialised listing answers. `lean: false` sends every request
 * through the SDK's handler (the differential test's reference path).
 */
export function createModernHttpLeg(prepared: PreparedServer, maxBody: number, listing: ListingAnswers, lean = true): ModernHttpLeg {
  const identity = { name: prepared.definition.name, version: prepared.definition.version };
  // What the server factory (which is given the Request) must know of each request handed to the
  // handler: its method — an instance for anything but `tools/call` has no call fallback (see
  // createMcpServer) — and its caller, whom a `tools/call` runs as.
  const routed = new WeakMap<Request, { method: string | undefined; caller: Principal | undefined }>();
  const serverFor = (request: Request | undefined) => {
    const route = request === undefined ? undefined : routed.get(request);
    const method = route?.method;
    const caller = route?.caller;
    return createMcpServer(prepared, { serveCalls: method === undefined || method === "tools/call", callerOf: () => caller });
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
      if (lean) {
        const plain = plainModernRequest(req.headers, parsed);
        if (plain !== undefined) {
          await answerPlain(res, plain, caller);
          return ANSWERED;
        }
        const legacy = plainLegacyRequest(req.headers, parsed);
        if (legacy !== undefined) return { answered: false, plain: legacy };
      }
      const outcome = classifyInboundRequest({
        httpMethod: req.method ?? "POST",
        ...header(req, "mcp-protocol-version", "protocolVersionHeader"),
        ...header(req, "mcp-method", "mcpMethodHeader"),
        ...header(req, "mcp-name", "mcpNameHeader"),
        body: parsed,
      });
      if (outcome.kind === "legacy") return NOT_PLAIN;
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
      routed.set(request, { method: outcome.kind === "modern" && outcome.messageKind === "request" ? outcome.message.method : undefined, caller });
      let response: Response;
      try {
        response = await handler.fetch(request, { parsedBody: parsed });
      } catch (error) {
        if (abort.signal.aborted) return ANSWERED; // The client went away: nobody to answer.
        throw error;
      } finally {
        res.off("close", onClose);
      }
      if (res.destroyed) return ANSWERED;
      const text = Buffer.from(await response.arrayBuffer());
      const out: Record<string, string> = { "content-length": String(text.length) };
      response.headers.forEach((value, name) => {
        if (name !== "content-length" && name !== "connection" && name !== "keep-alive") out[name] = value;
      });
      res.writeHead(response.status, out).end(text);
      return ANSWERED;
    },
    close: () => handler.close(),
  };

  /** Answers a request {@link plainModernRequest} recognised. */
  async function answerPlain(res: ServerResponse, request: PlainRequest, caller: Principal | undefined): Promise<void> {
    const params = request.params!;
    if (request.method === "tools/list") return sendLean(res, listing.toolsList("2026", request.id, params.cursor as string | undefined));
    if (request.method === "server/discover") return sendLean(res, listing.discover(request.id));
    // tools/call: a client that goes away cancels its call, which aborts the upstream request.
    const { outcome } = await callForHttpAnswer(prepared, res, params, caller);
    if (res.destroyed) return;
    sendJsonAnswer(res, outcome.ok ? modernResult(request.id, outcome.result, identity) : { jsonrpc: "2.0", id: request.id, error: errorObject(outcome.error) });
  }
}

function header<K extends string>(req: IncomingMessage, name: string, key: K): Partial<Record<K, string>> {
  const value = req.headers[name];
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}
