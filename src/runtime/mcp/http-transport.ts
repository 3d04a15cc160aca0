/**
 * Serves Streamable HTTP (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http)
 * statelessly: no sessions, JSON responses, nothing kept between requests, so replicas can sit
 * behind any load balancer. Host and Origin are checked against allow-lists before anything else
 * (DNS-rebinding protection); bodies are size-limited; `GET /healthz` answers for probes. The POST
 * checks mirror the SDK's own transport: 406 without both JSON and SSE in Accept, 415 for a
 * non-JSON body, 400 for a body that is not JSON-RPC, 202 when only notifications arrive.
 *
 * Then the era: the SDK's classifier sends 2026-07-28 requests (the `_meta` envelope, its header
 * checks and error codes) to the SDK's own handler ({@link createModernHttpLeg}); 2025-era requests
 * go to one SDK `Server` that answers every one of them through a {@link MultiplexTransport}
 * (400 for an unsupported `MCP-Protocol-Version`), with 2025-era `tools/call` on the lean lane.
 * Plain requests skip the classifier (plain-requests.ts): 2026 `tools/call`, `tools/list` and
 * `server/discover` are answered by the 2026 leg itself, and a plain 2025 `tools/list` or `ping`
 * here, from the pre-serialised pages of listing-answers.ts, and a plain 2025 `tools/call` here
 * too, without the multiplex (legacy-http-call.ts). Every `tools/call` runs as the
 * caller's principal, whichever path answers it.
 *
 * Slow or numerous clients cannot hold the process: open connections are capped (one past the cap
 * gets a 503 and is closed), request headers and the whole request must arrive within their
 * timeouts (else 408 and closed), idle keep-alive connections close, and a body past the message
 * limit is refused (413), read to its end only while it stays within a few times the limit. Every refusal is a JSON-RPC error naming
 * the limit and the setting that raises it, plus a log line. {@link RunningHttpServer.shutdown}
 * stops accepting, lets the requests in flight finish within a grace period, then closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage, type MessageExtraInfo } from "@modelcontextprotocol/server";
import { createMcpServer, laneFor, type PreparedServer } from "./create-server.js";
import { createModernHttpLeg } from "./modern-http.js";
import { listingAnswersFor, sendLean } from "./listing-answers.js";
import { isLeanLegacyListing } from "./plain-requests.js";
import { MultiplexTransport } from "./multiplex-transport.js";
import { answerLegacyHttpCall } from "./legacy-http-call.js";
import { sendJsonAnswer } from "./answer-bytes.js";
import { limitHint, type ServeLimits } from "../core/serve-settings.js";
import { createThrottledLog } from "../core/throttled-log.js";
import type { InboundAuth } from "./inbound-auth.js";
import { adoptHttpTraceContext } from "../telemetry/tracing.js";
import { addressPrincipal, principalOfExtra, tokenPrincipal } from "../core/principal.js";
import { sendMetrics } from "../observe/metrics-http.js";

/** Options for {@link startHttpServer}. */
export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Accepted `Host` header values (`name:port`); default: the loopback names with the bound port. */
  allowedHosts?: string[];
  /** Accepted `Origin` values; default: http://localhost and http://127.0.0.1 with the bound port. Requests without Origin are accepted. */
  allowedOrigins?: string[];
  /** Path of the MCP endpoint. */
  path?: string;
  /**
   * false: answer every request through the SDK's own dispatch, without the lean `tools/call`
   * paths (the differential test's reference). Default true.
   */
  lean?: boolean;
  /** Inbound authentication (OAuth resource server); none: every caller that passes Host/Origin checks is served. */
  auth?: InboundAuth;
}

/** A running HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint URL, e.g. http://127.0.0.1:3000/mcp. */
  url: string;
  port: number;
  /** Closes at once: open connections are cut and calls in flight cancelled. */
  close(): Promise<void>;
  /**
   * Graceful stop: no new connections or calls (those arriving get 503), idle connections closed,
   * requests in flight given until `grace` (milliseconds, or a promise that settles when the
   * grace period is over) to finish; then {@link RunningHttpServer.close}. Resolves with how many
   * requests finished during the grace period and how many were cut.
   */
  shutdown(grace: number | Promise<void>): Promise<{ finished: number; cut: number }>;
}

/** Starts listening; resolves with the bound URL. */
export async function startHttpServer(prepared: PreparedServer, options: HttpServerOptions): Promise<RunningHttpServer> {
  const path = options.path ?? "/mcp";
  const limits: ServeLimits = prepared.invoke.limits;
  const maxBody = limits.maxMessageBytes;
  const log = createThrottledLog(prepared.invoke.log);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const multiplex = new MultiplexTransport();
  // One instance answers every 2025-era request: stateless, so nothing ties a request to the last.
  const lean = options.lean ?? true;
  // A 2025-era tools/call the lane leaves to the SDK still runs as its HTTP caller.
  const mcp = createMcpServer(prepared, { callerOf: (id) => principalOfExtra(multiplex.extraOf(id)) });
  await mcp.connect(lean ? laneFor(prepared, multiplex, "legacy") : multiplex);
  const listing = listingAnswersFor(prepared);
  const modern = createModernHttpLeg(prepared, maxBody, listing, lean);
  /** Responses not yet closed; each socket's own is on the socket, where a timeout answers through it when it can. */
  let active = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;

  // Node checks these timeouts every `connectionsCheckingInterval` (30 s by default): a slow
  // client would keep its socket for up to 30 s past the limit.
  const headersTimeout = Math.min(limits.httpHeadersTimeoutMs, limits.httpRequestTimeoutMs);
  const http = createServer(
    {
      headersTimeout,
      requestTimeout: limits.httpRequestTimeoutMs,
      keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      if (refused.has(req.socket)) {
        res.destroy();
        return;
      }
      const socket: AnsweringSocket = req.socket;
      socket[ANSWERING] = res;
      active++;
      res.once("close", () => {
        if (socket[ANSWERING] === res) socket[ANSWERING] = undefined;
        if (--active === 0) onIdle?.();
      });
      if (draining) {
        res.setHeader("connection", "close");
        sendJsonRpcError(res, 503, -32000, "Service Unavailable: the server is shutting down");
        return;
      }
      handle(req, res).catch((error: unknown) => {
        prepared.invoke.log("error", "HTTP request failed", { error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) sendJsonRpcError(res, 500, -32603, "Internal error");
        else res.end();
      });
    },
  );

  // The connection cap: a socket past it gets a 503 it can read, then is closed. (Node's own
  // `maxConnections` drops such sockets without a word.)
  const refused = new WeakSet<Socket>();
  let connections = 0;
  http.on("connection", (socket: Socket) => {
    if (connections >= limits.maxConnections || draining) {
      refused.add(socket);
      const reason = draining ? "the server is shutting down" : `too many connections: ${limits.maxConnections} are open (the server's max connections; ${limitHint("maxConnections")})`;
      if (!draining) log("connections", "warn", "HTTP connection refused: max connections reached", { maxConnections: limits.maxConnections });
      socket.end(rawJsonRpcError(503, "Service Unavailable", `Service Unavailable: ${reason}`));
      // Give the client a moment to read the answer, then let go of the socket whatever it does.
      socket.setTimeout(1000, () => socket.destroy());
      return;
    }
    connections++;
    socket.once("close", () => connections--);
  });

  // Timeouts and malformed requests reach us as client errors; answer them as Node would, with a
  // JSON-RPC body naming the setting.
  http.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      const pending = (socket as AnsweringSocket)[ANSWERING];
      const which = pending === undefined ? "httpHeadersTimeoutMs" : "httpRequestTimeoutMs";
      const ms = pending === undefined ? headersTimeout : limits.httpRequestTimeoutMs;
      const what = pending === undefined ? "the request headers" : "the whole request";
      log(which, "warn", `HTTP request timed out: ${what} did not arrive within ${ms} ms`, { [which]: ms });
      const message = `Request Timeout: ${what} did not arrive within ${ms} ms (${limitHint(which)})`;
      if (pending !== undefined && !pending.headersSent) {
        pending.setHeader("connection", "close");
        sendJsonRpcError(pending, 408, -32000, message);
        pending.once("finish", () => socket.destroy());
      } else {
        if (pending === undefined && socket.writable) socket.write(rawJsonRpcError(408, "Request Timeout", message));
        socket.destroy();
      }
      return;
    }
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    socket.end(tooLarge ? rawJsonRpcError(431, "Request Header Fields Too Large", "Request Header Fields Too Large") : rawJsonRpcError(400, "Bad Request", "Bad Request: not a valid HTTP request"));
    socket.setTimeout(1000, () => socket.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? "").toLowerCase();
    if (!allowedHosts.has(host)) return sendJsonRpcError(res, 403, -32000, `Forbidden: Host "${host}" is not allowed`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      return sendJsonRpcError(res, 403, -32000, `Forbidden: Origin "${origin}" is not allowed`);
    }
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    // --- inbound auth hook 1/3: RFC 9728 metadata routes (oauth-resource-server.ts) ---
    if (options.auth?.serveMetadata(req, res, pathname) === true) return;
    if (pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    // Prometheus metrics on this listener (serve.metrics without a port of its own).
    if (pathname === "/metrics" && prepared.ops?.metrics !== undefined && prepared.ops.metricsOnListener) return sendMetrics(req, res, prepared.ops.metrics);
    if (pathname !== path) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    // --- inbound auth hook 2/3: the bearer token, before anything is read (401/403 answered there) ---
    const verdict = options.auth?.authenticate(req, res);
    const caller = verdict instanceof Promise ? await verdict : verdict;
    if (options.auth !== undefined && caller === undefined) return;
    if (req.method !== "POST") {
      // Stateless: no server-initiated streams (GET) and no sessions to end (DELETE).
      res.writeHead(405, { allow: "POST" });
      res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this server is stateless; use POST" }, id: null }));
      return;
    }
    const accept = req.headers.accept ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      return sendJsonRpcError(res, 406, -32000, "Not Acceptable: Client must accept both application/json and text/event-stream");
    }
    if (!(req.headers["content-type"] ?? "").includes("application/json")) {
      return sendJsonRpcError(res, 415, -32000, "Unsupported Media Type: Content-Type must be application/json");
    }
    // The caller: the token's principal when OAuth verified one, else the remote address; its
    // request bucket (serve.rateLimit.perCaller) answers a flood with 429 before the body is read.
    const principal =
      prepared.ops === undefined
        ? undefined
        : caller !== undefined
          ? tokenPrincipal(caller.subject, caller.clientId, req.socket.remoteAddress)
          : addressPrincipal(req.socket.remoteAddress, req.headers["user-agent"]);
    const refusal = principal === undefined ? undefined : await prepared.ops?.limiter?.admitRequest(principal);
    if (refusal !== undefined) {
      log("perCaller", "warn", "HTTP request refused: per-caller rate limit", { principal: principal!.id });
      res.setHeader("retry-after", String(Math.ceil(refusal.retryAfterMs / 1000)));
      return sendJsonRpcError(res, 429, -32000, `Too Many Requests: ${refusal.message}`);
    }
    const body = await readBody(req, maxBody);
    if (body === "gone") return;
    if (body === "too_large" || body === "cut") {
      log("maxMessageBytes", "warn", "HTTP request refused: body larger than the max message size", { maxMessageBytes: maxBody });
      if (body === "cut") {
        // The rest of the body is not read: close the connection once the answer is out.
        res.setHeader("connection", "close");
        res.once("finish", () => req.socket.destroySoon());
      }
      return sendJsonRpcError(res, 413, -32600, `Request body larger than ${maxBody} bytes (the server's max message size; ${limitHint("maxMessageBytes")})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return sendJsonRpcError(res, 400, -32700, "Parse error: Invalid JSON");
    }
    const batch = Array.isArray(parsed);
    const messages = (batch ? parsed : [parsed]) as unknown[];
    if (messages.length === 0 || messages.length > MAX_BATCH || !messages.every(isJsonRpcMessage)) {
      return sendJsonRpcError(res, 400, -32700, "Parse error: Invalid JSON-RPC message");
    }
    // --- inbound auth hook 3/3: per-tool scopes of each tools/call (403 insufficient_scope) ---
    if (caller !== undefined && options.auth?.authorizeMessages(caller, messages, res) === false) return;
    // --- tracing hook: the HTTP traceparent header parents tools/calls that carry none in _meta ---
    adoptHttpTraceContext(req.headers, messages);
    // 2026-07-28 traffic (and the SDK's rejections of it) goes to the SDK's handler; the rest is 2025-era.
    const routed = await modern.serve(req, res, parsed, body, principal);
    if (routed.answered) return;
    const version = req.headers["mcp-protocol-version"];
    if (typeof version === "string" && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      return sendJsonRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`);
    }
    // A plain 2025-era tools/list or ping: the pre-serialised answer (listing-answers.ts).
    const plain = routed.plain;
    if (plain !== undefined && isLeanLegacyListing(plain)) {
      return sendLean(res, plain.method === "ping" ? listing.ping(plain.id) : listing.toolsList("2025", plain.id, plain.params?.cursor as string | undefined));
    }
    // A plain 2025-era tools/call: answered here as the lane would, without the multiplex (legacy-http-call.ts).
    if (plain !== undefined && plain.method === "tools/call") return answerLegacyHttpCall(prepared, res, plain, principal);
    const calls: Array<ReturnType<MultiplexTransport["request"]>> = [];
    for (const message of messages as JSONRPCMessage[]) {
      if ("method" in message && "id" in message) calls.push(multiplex.request(message as JSONRPCMessage & { id: string | number }, principal && ({ principal } as MessageExtraInfo)));
      else if ("method" in message) multiplex.notify(message);
      // Responses from the client answer nothing: a stateless server never sends it requests.
    }
    if (calls.length === 0) {
      res.writeHead(202).end();
      return;
    }
    // A client that goes away cancels its calls, which aborts their upstream requests.
    const onClose = (): void => {
      if (!res.writableFinished) for (const call of calls) call.cancel();
    };
    res.once("close", onClose);
    const answers = await Promise.all(calls.map((c) => c.response));
    if (res.destroyed) return;
    sendJsonAnswer(res, batch ? answers : answers[0]);
  }

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const loopback = ["localhost", "127.0.0.1", "[::1]"];
  const hostName = options.host.includes(":") ? `[${options.host}]` : options.host;
  allowedHosts = new Set((options.allowedHosts ?? [...loopback, hostName].map((h) => `${h}:${port}`)).map((h) => h.toLowerCase()));
  allowedOrigins = new Set((options.allowedOrigins ?? [...loopback, hostName].map((h) => `http://${h}:${port}`)).map((o) => o.toLowerCase()));
  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
    await modern.close();
    await mcp.close();
  };
  return {
    url: `http://${hostName}:${port}${path}`,
    port,
    close,
    shutdown: async (grace) => {
      draining = true;
      const started = active;
      void prepared.gate.drain();
      http.close();
      http.closeIdleConnections();
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined;
        const over = typeof grace === "number" ? new Promise<void>((resolve) => (timer = setTimeout(resolve, grace))) : grace;
        await Promise.race([new Promise<void>((resolve) => (onIdle = resolve)), over]);
        clearTimeout(timer);
      }
      const cut = active;
      await close();
      return { finished: Math.max(0, started - cut), cut };
    },
  };
}

/**
 * The response a socket is answering, kept on the socket itself. Not in a Map by socket: a Map
 * that gains and loses an entry per request is rebuilt every few dozen requests, and V8 links each
 * retired table to its successor (for iterators). Once one retired table reached the old generation,
 * it kept its successor alive through every young-generation collection, that one the next, and so
 * on: each table, with the ~50 requests and responses it held, was promoted and died in old space
 * (old space +25–30 MB/s at 50 requests in flight, twice the young-collection time, ~15% more CPU
 * per request, until the process ended), in 4 of 20 serve processes measured.
 */
const ANSWERING = Symbol("the response this socket is answering");
type AnsweringSocket = Socket & { [ANSWERING]?: ServerResponse | undefined };

/** The SDK transport's limit on messages in one batch. */
const MAX_BATCH = 100;

function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") return false;
  if ("method" in message) return typeof message.method === "string" && (!("id" in message) || typeof message.id === "string" || typeof message.id === "number");
  return "id" in message && ("result" in message || "error" in message);
}

/**
 * A body past the limit but within this many times it is read to its end and thrown away, so the
 * client (which is still sending) can read the 413; a larger one is cut off mid-upload.
 */
const DISCARD_FACTOR = 4;

/**
 * Reads the body up to `limit` bytes. "too_large": it was longer, and read to its end; "cut": it
 * was (or declared itself) longer than {@link DISCARD_FACTOR} times the limit and reading stopped,
 * so the caller must close the connection; "gone": the client went away (or a timeout cut it off).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large" | "cut" | "gone"> {
  const discardUpTo = limit * DISCARD_FACTOR;
  if (Number(req.headers["content-length"]) > discardUpTo) return Promise.resolve("cut");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > discardUpTo) {
        req.off("data", onData);
        req.pause();
        resolve("cut");
      }
    };
    req.on("data", onData);
    // One chunk (the usual small request) is the body as it is: no copy.
    req.on("end", () => resolve(size > limit ? "too_large" : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", () => resolve("gone"));
  });
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

/** A whole HTTP/1.1 response carrying a JSON-RPC error, for sockets that have no `ServerResponse`. */
function rawJsonRpcError(status: number, statusText: string, message: string): string {
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
  return `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}
