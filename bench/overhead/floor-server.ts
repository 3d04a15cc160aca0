/**
 * The FLOOR for the overhead benchmark: the least an MCP server can do for one proxied tool call.
 * Hand-written JSON-RPC, no MCP SDK, no schema validation, no response shaping: `initialize`,
 * `tools/list` (one tool, `bench_payload`) and `tools/call` (GET `<upstream>/bench/payload?bytes=N`
 * over a keep-alive agent, the body returned verbatim as one text content block), plus `ping`.
 *
 *   node --import tsx bench/overhead/floor-server.ts --upstream URL [--transport stdio|http] [--port 0]
 *     [--client node-http|undici]
 *
 * Both eras, equally bare: 2025 clients `initialize` first; 2026-07-28 clients (stateless, no
 * handshake) send `server/discover` and carry the protocol version in every request's `_meta`. A
 * request whose `_meta` names 2026-07-28 gets the 2026 result shape (`resultType`, and a `ttlMs` cache
 * hint with `cacheScope` on `tools/list`); nothing is validated in either era (no `_meta`, `Mcp-Method`/`Mcp-Name` or
 * version checks), so the floor stays the least a server can do per call. Spec:
 * https://modelcontextprotocol.io/specification/2026-07-28 (discovery, `_meta`, result types).
 *
 * stdio: newline-delimited JSON-RPC on stdin/stdout. http: `POST /mcp`, one JSON-RPC message per
 * request, `application/json` response (202 for notifications), stateless; `GET /mcp` is 405 so the
 * SDK client skips its optional SSE stream. Once listening, http prints `floor listening on <url>`
 * to stderr.
 *
 * The upstream call goes through node:http with a keep-alive agent (64 sockets, LIFO): the plain
 * choice for a bare proxy, and the floor the targets are stated against. `--client undici` makes
 * the same call through an undici Agent set up as `openapi-mcp serve`'s, so the report can also show
 * the bridge against a floor with its own HTTP client.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { Agent } from "undici";

interface Message {
  jsonrpc: "2.0";
  id?: string | number;
  method?: string;
  params?: { name?: string; arguments?: { bytes?: unknown }; protocolVersion?: string; _meta?: Record<string, unknown> };
}

/** The 2026-07-28 revision and the `_meta` key that carries a request's protocol version in it. */
const MODERN = "2026-07-28";
const PROTOCOL_VERSION_META = "io.modelcontextprotocol/protocolVersion";
/** How long a 2026 client may cache the tool list: it never changes while the floor runs. */
const LIST_TTL_MS = 3_600_000;

function option(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const upstream = option("upstream").replace(/\/$/, "");
const transport = option("transport", "stdio");
const client = option("client", "node-http");
if (client !== "node-http" && client !== "undici") throw new Error(`unknown --client ${client}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: "lifo", timeout: 4000 });
const undici = new Agent({ connections: 64, keepAliveTimeout: 4000, keepAliveMaxTimeout: 4000, headersTimeout: 0, bodyTimeout: 0 });
const upstreamUrl = new URL(upstream);

const TOOL = {
  name: "bench_payload",
  description: "Returns a JSON payload of exactly `bytes` bytes.",
  inputSchema: { type: "object", properties: { bytes: { type: "integer", minimum: 40 } }, required: ["bytes"] },
};

async function fetchWithUndici(bytes: unknown): Promise<string> {
  const res = await undici.request({ origin: upstreamUrl.origin, path: `${upstreamUrl.pathname}/bench/payload?bytes=${String(bytes)}`, method: "GET" });
  return res.body.text();
}

function fetchUpstream(bytes: unknown): Promise<string> {
  if (client === "undici") return fetchWithUndici(bytes);
  return new Promise((resolve, reject) => {
    const req = http.get(`${upstream}/bench/payload?bytes=${String(bytes)}`, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The response to one message, or undefined for a notification. */
async function handle(message: Message): Promise<object | undefined> {
  if (message.id === undefined) return undefined;
  const response = await answer(message, message.id);
  // 2026-07-28 results say what kind of result they are; errors and 2025 results do not.
  if (message.params?._meta?.[PROTOCOL_VERSION_META] === MODERN && "result" in response) (response.result as Record<string, unknown>).resultType = "complete";
  return response;
}

async function answer(message: Message, id: string | number): Promise<{ jsonrpc: "2.0"; id: string | number; result?: object; error?: object }> {
  switch (message.method) {
    case "server/discover":
      return {
        jsonrpc: "2.0",
        id,
        result: { supportedVersions: [MODERN], capabilities: { tools: {} }, _meta: { "io.modelcontextprotocol/serverInfo": { name: "floor", version: "1.0.0" } } },
      };
    case "initialize":
      return {
        jsonrpc: "2.0",
        id,
        result: {
          protocolVersion: message.params?.protocolVersion ?? "2025-06-18",
          capabilities: { tools: {} },
          serverInfo: { name: "floor", version: "1.0.0" },
        },
      };
    case "ping":
      return { jsonrpc: "2.0", id, result: {} };
    case "tools/list":
      return { jsonrpc: "2.0", id, result: message.params?._meta?.[PROTOCOL_VERSION_META] === MODERN ? { tools: [TOOL], ttlMs: LIST_TTL_MS, cacheScope: "public" } : { tools: [TOOL] } };
    case "tools/call":
      try {
        const text = await fetchUpstream(message.params?.arguments?.bytes);
        return { jsonrpc: "2.0", id, result: { content: [{ type: "text", text }] } };
      } catch (error) {
        return { jsonrpc: "2.0", id, result: { content: [{ type: "text", text: String(error) }], isError: true } };
      }
    default:
      return { jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${message.method}` } };
  }
}

function serveStdio(): void {
  let pending = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() === "") continue;
      void handle(JSON.parse(line) as Message).then((response) => {
        if (response !== undefined) process.stdout.write(`${JSON.stringify(response)}\n`);
      });
    }
  });
  process.stdin.on("end", () => {
    agent.destroy();
    void undici.close();
  });
}

function serveHttp(): void {
  const port = Number(option("port", "0"));
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== "/mcp" || req.method !== "POST") {
      res.writeHead(req.url === "/mcp" ? 405 : 404, { allow: "POST" }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void handle(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Message).then((response) => {
        if (response === undefined) {
          res.writeHead(202).end();
          return;
        }
        const body = JSON.stringify(response);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const bound = typeof address === "object" && address ? address.port : port;
    process.stderr.write(`floor listening on http://127.0.0.1:${bound}/mcp\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close();
    agent.destroy();
    void undici.close();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (transport === "stdio") serveStdio();
else if (transport === "http") serveHttp();
else throw new Error(`unknown transport ${transport}`);
