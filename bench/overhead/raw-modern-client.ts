/**
 * A bare MCP 2026-07-28 client for the overhead benchmark: hand-written JSON-RPC, no SDK, so the
 * client's own cost does not blur the serve/floor comparison. Measured on this machine, the v2 SDK
 * client pinned to 2026-07-28 spends about 2.5× the v1 client's CPU per stdio call — about as much as
 * the floor server's whole per-call cost — and since the client's time is inside every latency, that
 * would pull serve/floor ratios towards 1. The v2 client stays available (`--driver-2026 v2`), and the
 * interop matrix (test/interop/) is where real clients are judged.
 *
 * What it sends is what the spec asks of a 2026 client and no more: `server/discover` once, then
 * requests whose `_meta` carries the protocol version, client info and capabilities; over HTTP also
 * the `MCP-Protocol-Version`, `Mcp-Method` and (for `tools/call`) `Mcp-Name` headers. It reads
 * `application/json` and `text/event-stream` answers. Spec:
 * https://modelcontextprotocol.io/specification/2026-07-28 (discovery, `_meta`, Streamable HTTP headers).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { createInterface } from "node:readline";

const MODERN = "2026-07-28";

/** The `_meta` every 2026-07-28 request carries: protocol version, client info (as `clientName`), capabilities. */
export function modernMeta(clientName: string): Record<string, unknown> {
  return {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientInfo": { name: clientName, version: "1.0.0" },
    "io.modelcontextprotocol/clientCapabilities": {},
  };
}

const META = modernMeta("overhead-bench-raw");

/** `--name value` from `argv`, else `fallback`: the per-call CPU drivers' options. */
export function optionReader(argv: readonly string[]): (name: string, fallback: string) => string {
  return (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? fallback : argv[i + 1]!;
  };
}

interface Response {
  id?: number;
  result?: { content?: Array<{ type: string; text?: string }>; isError?: boolean; tools?: Array<{ name: string }>; supportedVersions?: string[] };
  error?: { code: number; message: string };
}

/** One connected raw client. */
export interface RawModernClient {
  /** The server process over stdio; undefined over HTTP. */
  pid: number | undefined;
  /** Calls `tool` with `{ bytes }`; resolves with the length of the text returned. */
  call(tool: string, bytes: number): Promise<number>;
  close(): Promise<void>;
}

function textLength(response: Response): number {
  const block = response.result?.content?.[0];
  if (response.error !== undefined || response.result?.isError === true || block?.type !== "text" || block.text === undefined) {
    throw new Error(`tools/call failed: ${JSON.stringify(response).slice(0, 300)}`);
  }
  return block.text.length;
}

/** Discovers, checks 2026-07-28 is offered and `tool` is listed; shared by both transports. */
async function open(request: (method: string, params: Record<string, unknown>) => Promise<Response>, tool: string): Promise<void> {
  const discovered = await request("server/discover", {});
  if (!discovered.result?.supportedVersions?.includes(MODERN)) throw new Error(`server/discover does not offer ${MODERN}: ${JSON.stringify(discovered).slice(0, 300)}`);
  const listed = await request("tools/list", {});
  if (!listed.result?.tools?.some((t) => t.name === tool)) throw new Error(`the server does not list ${tool}: ${JSON.stringify(listed).slice(0, 300)}`);
}

/** Spawns `command args` and talks 2026-07-28 to it over stdio. */
export async function connectRawStdio(command: string, args: string[], env: Record<string, string>, cwd: string, tool: string): Promise<RawModernClient> {
  const child: ChildProcess = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    if (stderr.length < 16_000) stderr += chunk.toString("utf8");
  });
  const pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const message = JSON.parse(line) as Response;
    if (message.id === undefined) return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  child.once("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`server exited (${code}): ${stderr}`));
    pending.clear();
  });
  let id = 0;
  const request = (method: string, params: Record<string, unknown>): Promise<Response> =>
    new Promise((resolve, reject) => {
      const n = ++id;
      pending.set(n, { resolve, reject });
      child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", id: n, method, params: { ...params, _meta: META } })}\n`);
    });
  try {
    await open(request, tool);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    pid: child.pid,
    call: async (name, bytes) => textLength(await request("tools/call", { name, arguments: { bytes } })),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}

/** The JSON-RPC response in an SSE body: the `data:` event that carries a result or an error. */
function fromEventStream(body: string): Response {
  for (const line of body.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const message = JSON.parse(line.slice(5)) as Response;
    if (message.result !== undefined || message.error !== undefined) return message;
  }
  throw new Error(`no response in the event stream: ${body.slice(0, 300)}`);
}

/** Talks 2026-07-28 to a Streamable HTTP endpoint over a keep-alive agent (one POST per request). */
export async function connectRawHttp(url: URL, tool: string): Promise<RawModernClient> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: "lifo" });
  let id = 0;
  const request = (method: string, params: Record<string, unknown>): Promise<Response> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: { ...params, _meta: META } });
      const headers: Record<string, string | number> = {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "content-length": Buffer.byteLength(body),
        "mcp-protocol-version": MODERN,
        "mcp-method": method,
      };
      if (typeof params.name === "string") headers["mcp-name"] = params.name;
      const req = http.request(url, { method: "POST", agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve(String(res.headers["content-type"]).startsWith("text/event-stream") ? fromEventStream(text) : (JSON.parse(text) as Response));
          } catch (error) {
            reject(new Error(`HTTP ${res.statusCode} for ${method}: ${(error as Error).message}: ${text.slice(0, 300)}`));
          }
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  await open(request, tool);
  return { pid: undefined, call: async (name, bytes) => textLength(await request("tools/call", { name, arguments: { bytes } })), close: async () => agent.destroy() };
}
