/**
 * Serves Streamable HTTP (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http)
 * statelessly: no sessions, JSON responses, nothing kept between requests, so replicas can sit
 * behind any load balancer. One SDK `Server` answers every request through a
 * {@link MultiplexTransport}. Host and Origin are checked against allow-lists before anything else
 * (DNS-rebinding protection); bodies are size-limited; `GET /healthz` answers for probes. The POST
 * checks mirror the SDK's own transport: 406 without both JSON and SSE in Accept, 415 for a
 * non-JSON body, 400 for an unsupported `MCP-Protocol-Version`, 202 when only notifications arrive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { connectMcpServer, type PreparedServer } from "./create-server.js";
import { MultiplexTransport } from "./multiplex-transport.js";

/** Options for {@link startHttpServer}. */
export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Accepted `Host` header values (`name:port`); default: the loopback names with the bound port. */
  allowedHosts?: string[];
  /** Accepted `Origin` values; default: http://localhost and http://127.0.0.1 with the bound port. Requests without Origin are accepted. */
  allowedOrigins?: string[];
  /** Largest request body accepted. */
  maxBodyBytes?: number;
  /** Path of the MCP endpoint. */
  path?: string;
}

/** A running HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint URL, e.g. http://127.0.0.1:3000/mcp. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts listening; resolves with the bound URL. */
export async function startHttpServer(prepared: PreparedServer, options: HttpServerOptions): Promise<RunningHttpServer> {
  const path = options.path ?? "/mcp";
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const multiplex = new MultiplexTransport();
  const mcp = await connectMcpServer(prepared, multiplex);

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      prepared.invoke.log("error", "HTTP request failed", { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, "Internal error");
      else res.end();
    });
  });
  http.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? "").toLowerCase();
    if (!allowedHosts.has(host)) return sendJsonRpcError(res, 403, -32000, `Forbidden: Host "${host}" is not allowed`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      return sendJsonRpcError(res, 403, -32000, `Forbidden: Origin "${origin}" is not allowed`);
    }
    const url = req.url ?? "/";
    const pathname = url.split("?")[0];
    if (pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (pathname !== path) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
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
    const version = req.headers["mcp-protocol-version"];
    if (typeof version === "string" && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      return sendJsonRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`);
    }
    const body = await readBody(req, maxBody);
    if (body === "too_large") return sendJsonRpcError(res, 413, -32600, `Request body larger than ${maxBody} bytes`);
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
    const calls: Array<ReturnType<MultiplexTransport["request"]>> = [];
    for (const message of messages as JSONRPCMessage[]) {
      if ("method" in message && "id" in message) calls.push(multiplex.request(message as JSONRPCMessage & { id: string | number }));
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
    const text = JSON.stringify(batch ? answers : answers[0]);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
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
  return {
    url: `http://${hostName}:${port}${path}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
      await mcp.close();
    },
  };
}

/** The SDK transport's limit on messages in one batch. */
const MAX_BATCH = 100;

function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") return false;
  if ("method" in message) return typeof message.method === "string" && (!("id" in message) || typeof message.id === "string" || typeof message.id === "number");
  return "id" in message && ("result" in message || "error" in message);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? "too_large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}
