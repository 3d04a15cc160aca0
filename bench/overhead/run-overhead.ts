/**
 * Overhead benchmark: what `openapi-mcp serve` costs per tool call compared with (a) calling the
 * upstream directly and (b) a FLOOR — a bare hand-written JSON-RPC server (./floor-server.ts) that
 * proxies the same upstream call with no SDK, validation or shaping — all in one run, against the
 * same loopback upstream and through the same MCP SDK `Client`. The floor calls the upstream with
 * node:http, as stated by the targets; a second floor ("floor undici") makes the same call with
 * serve's own HTTP client, and the ratios against it are reported alongside. Then start-up: process start →
 * completed `tools/list` for `serve` on GitHub's whole REST spec and on a 15-tool curation of it,
 * with the server's peak RSS. Optionally (default on) CPU profiles of the servers, summarised.
 *
 * Eras (issue 10): every floor and serve cell runs in the 2025 era (the v1 SDK client, `initialize`
 * handshake) and in the 2026-07-28 era (stateless: `server/discover`, the version in every request's
 * `_meta`), with ratios and targets per era. The 2026 driver is, by default, a bare JSON-RPC client
 * (./raw-modern-client.ts says why: the v2 SDK client's own CPU per stdio call is about 2.5× the v1
 * client's, as large as the floor's whole cost, and would pull the ratios towards 1);
 * `--driver-2026 v2` drives the 2026 cells with the v2 client (`@modelcontextprotocol/client`) pinned
 * to 2026-07-28 instead. Either way one driver serves floor and serve, and its CPU per call is printed
 * (cli µs/call). A server that cannot speak 2026 (no `server/discover`) is reported, not measured.
 *
 *   npx tsx bench/overhead/run-overhead.ts [--runs 4] [--duration-ms 2000] [--warmup-ms 1500]
 *     [--concurrency 50] [--startup-runs 5] [--profile-ms 3000] [--skip calls,startup,profile]
 *     [--transports stdio,http] [--eras 2025,2026] [--driver-2026 raw|v2] [--client-signal none|shared] [--sizes 1024,204800] [--profile-concurrency 1] [--profile-cells serve-stdio-1024,floor-stdio-1024,startup-github-15]
 *     [--out bench/results/overhead.json] [--profile-dir DIR]
 *
 * Needs a build (`npm run build` → dist/bin/main.js). Processes: the upstream
 * (examples/petstore/upstream/main.ts), each server (floor or serve, stdio or HTTP) and this client
 * each run in their own process, as in a real deployment; on a small machine (2 cores here) they
 * compete for CPU, which is part of what is measured and is the same for floor and serve.
 * Each round measures every cell once (floors and serve back to back, order alternating per round);
 * p50/p99 pool the sequential latencies of all rounds, calls/s is the median over rounds.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioTransportV2 } from "@modelcontextprotocol/client/stdio";
import { connectRawHttp, connectRawStdio } from "./raw-modern-client.js";
import { formatProfile, summariseProfile, type ProfileSummary } from "./cpu-profile.js";
import { nodeBaselineMs, peakRssKb } from "../process-figures.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const MAIN = join(ROOT, "dist/bin/main.js");
const UPSTREAM_MAIN = join(ROOT, "examples/petstore/upstream/main.ts");
const FLOOR = join(HERE, "floor-server.ts");
const BENCH_SPEC = join(HERE, "bench-spec.yaml");
const BENCH_CURATION = join(HERE, "bench.curation.yaml");
const GITHUB_SPEC = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const GITHUB_15 = join(HERE, "github-15.curation.yaml");
const TOOL = "bench_payload";
const SIZES = [1024, 200 * 1024] as const;
/** The protocol eras measured: 2025 (v1 client, handshake) and 2026-07-28 (v2 client pinned to it). */
const ERAS = ["2025", "2026"] as const;
type Era = (typeof ERAS)[number];
const MODERN = "2026-07-28";
type Driver2026 = "raw" | "v2";
const TARGETS = {
  serveFloorP50: { stdio: 1.15, http: 1.2 },
  serveFloorThroughputInFlight: 0.95,
  startupFullMs: 700,
  startupCuratedMs: 400,
};

// ───────────────────────────────────────────── options

interface Options {
  runs: number;
  durationMs: number;
  warmupMs: number;
  rewarmMs: number;
  concurrency: number;
  startupRuns: number;
  profileMs: number;
  /** In-flight calls while profiling (1 = sequential). */
  profileConcurrency: number;
  /** Which call profiles to take, as kind-transport-bytes (e.g. serve-stdio-1024); empty = all six. */
  profileCells: Set<string>;
  skip: Set<string>;
  /** Transports measured in the call section (default both). */
  transports: Array<"stdio" | "http">;
  /** Protocol eras measured in the call section (default both). */
  eras: Era[];
  /** What drives the 2026 cells: a bare JSON-RPC client (default) or the v2 SDK client pinned to 2026. */
  driver2026: Driver2026;
  /**
   * Whether the v1 SDK HTTP client passes its transport's one long-lived AbortSignal to every fetch
   * ("shared", the SDK's own behaviour) or sends without it ("none", the default): see
   * {@link fetchWithoutSharedSignal}.
   */
  clientSignal: "shared" | "none";
  /** Body sizes measured in the call section (default 1 KB and 200 KB). */
  sizes: number[];
  out: string;
  profileDir: string;
}

/** A comma-separated subset of `allowed` (all of them when absent). */
function listOption<T extends string>(raw: string | undefined, allowed: readonly T[], name: string): T[] {
  if (raw === undefined) return [...allowed];
  const picked = raw.split(",").filter(Boolean);
  const unknown = picked.filter((p) => !allowed.includes(p as T));
  if (unknown.length > 0 || picked.length === 0) throw new Error(`--${name} takes a comma-separated subset of ${allowed.join(",")}, got "${raw}"`);
  return picked as T[];
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    return inline?.slice(name.length + 3);
  };
  const num = (name: string, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
    return n;
  };
  return {
    runs: num("runs", 4),
    durationMs: num("duration-ms", 2000),
    warmupMs: num("warmup-ms", 1500),
    rewarmMs: num("rewarm-ms", 300),
    concurrency: num("concurrency", 50),
    startupRuns: num("startup-runs", 5),
    profileMs: num("profile-ms", 3000),
    profileConcurrency: num("profile-concurrency", 1),
    profileCells: new Set((get("profile-cells") ?? "").split(",").filter(Boolean)),
    skip: new Set((get("skip") ?? "").split(",").filter(Boolean)),
    transports: listOption(get("transports"), ["stdio", "http"], "transports"),
    eras: listOption(get("eras"), ERAS, "eras"),
    driver2026: listOption(get("driver-2026"), ["raw", "v2"], "driver-2026")[0]!,
    clientSignal: listOption(get("client-signal"), ["none", "shared"], "client-signal")[0]!,
    sizes: listOption(get("sizes"), SIZES.map(String), "sizes").map(Number),
    out: resolve(ROOT, get("out") ?? "bench/results/overhead.json"),
    profileDir: resolve(get("profile-dir") ?? join(tmpdir(), `openapi-mcp-overhead-${process.pid}`)),
  };
}

// ───────────────────────────────────────────── processes

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

// The SDK's HTTP client transport passes one long-lived AbortSignal to every fetch; undici adds an
// abort listener per request and drops it only when the request is garbage-collected, so past 1,500
// pending listeners Node prints a MaxListenersExceededWarning per call. Count those instead.
// By default the bench's client sends without that signal (it never aborts a call): the listeners'
// cost grows with their count until the client's next full collection, so it swung the 2025 HTTP
// cells' throughput with the client's garbage collector rather than with the server measured, and
// at 50 in flight the client (a whole core) bounds those cells. `--client-signal shared` keeps the
// SDK's behaviour. Floor and serve get the same client either way.
let abortListenerWarnings = 0;
let clientSignal: Options["clientSignal"] = "none";

/** `fetch` without the transport's shared signal (see above); everything else as the SDK sends it. */
const fetchWithoutSharedSignal = (url: string | URL, init?: RequestInit): Promise<Response> => {
  if (init?.signal === undefined || init.signal === null) return fetch(url, init);
  const { signal: _shared, ...rest } = init;
  return fetch(url, rest);
};
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "MaxListenersExceededWarning" && /abort listeners/.test(warning.message)) abortListenerWarnings++;
  else process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of a process so far, in µs (from /proc; 0 when unavailable). */
function processCpuUs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK;
  } catch {
    return 0;
  }
}


/** Spawns a node process and resolves once a line of `stream` matches `ready` (with the match). */
function spawnUntil(
  args: string[],
  ready: RegExp,
  stream: "stdout" | "stderr",
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let seen = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      if (seen.length < 64_000) seen += chunk.toString("utf8");
      const match = ready.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, match });
      }
    };
    child[stream]!.on("data", onData);
    // Drain the other stream so a chatty child never blocks on a full pipe.
    child[stream === "stdout" ? "stderr" : "stdout"]!.on("data", (chunk: Buffer) => {
      if (seen.length < 64_000) seen += chunk.toString("utf8");
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited (${code ?? signal}) before it was ready:\n${seen}`));
    });
  });
}

function waitExit(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolvePromise();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolvePromise();
    });
  });
}

// ───────────────────────────────────────────── targets

/** `floor` is the floor the targets are stated against (node:http); `floor-undici` the same with serve's HTTP client. */
type Kind = "direct" | "floor" | "floor-undici" | "serve";
type ServerKind = Exclude<Kind, "direct">;
type Transport = "-" | "stdio" | "http";

interface Target {
  id: string;
  kind: Kind;
  transport: Transport;
  /** The protocol era of an MCP target; "-" for direct calls. */
  era: Era | "-";
  label: string;
  /** The server process, when there is one. */
  pid: number | undefined;
  /** One call; resolves with the length of the text received. */
  call(bytes: number): Promise<number>;
  close(): Promise<void>;
}

function directHttpTarget(upstream: string): Target {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: "lifo" });
  return {
    id: "direct-http",
    kind: "direct",
    transport: "-",
    era: "-",
    label: "direct node:http",
    pid: undefined,
    call: (bytes) =>
      new Promise((resolvePromise, reject) => {
        http
          .get(`${upstream}/bench/payload?bytes=${bytes}`, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolvePromise(Buffer.concat(chunks).toString("utf8").length));
            res.on("error", reject);
          })
          .on("error", reject);
      }),
    close: async () => agent.destroy(),
  };
}

function directFetchTarget(upstream: string): Target {
  return {
    id: "direct-fetch",
    kind: "direct",
    transport: "-",
    era: "-",
    label: "direct fetch",
    pid: undefined,
    call: async (bytes) => (await (await fetch(`${upstream}/bench/payload?bytes=${bytes}`)).text()).length,
    close: async () => {},
  };
}

async function mcpCall(client: Client, bytes: number): Promise<number> {
  const result = await client.callTool({ name: TOOL, arguments: { bytes } });
  const block = (result.content as Array<{ type: string; text?: string }>)[0];
  if (result.isError || block?.type !== "text" || block.text === undefined) {
    throw new Error(`tools/call failed: ${JSON.stringify(result).slice(0, 300)}`);
  }
  return block.text.length;
}

async function connectClient(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: "overhead-bench", version: "1.0.0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === TOOL)) throw new Error(`the server does not list ${TOOL}: ${tools.map((t) => t.name).join(", ")}`);
  return client;
}

/** A connected client of either era, reduced to what the benchmark does with it. */
interface BenchClient {
  call(bytes: number): Promise<number>;
  close(): Promise<void>;
}

/** The text length of a `tools/call` result, or an error naming what came back. */
function payloadLength(result: object): number {
  const { content, isError } = result as { content?: Array<{ type: string; text?: string }>; isError?: boolean };
  const block = content?.[0];
  if (isError === true || block?.type !== "text" || block.text === undefined) throw new Error(`tools/call failed: ${JSON.stringify(result).slice(0, 300)}`);
  return block.text.length;
}

/** The 2026-07-28 client: v2, pinned, so a server that cannot speak 2026 fails here rather than falling back. */
async function connectModernClient(transport: StdioTransportV2 | HttpTransportV2): Promise<BenchClient> {
  const client = new ClientV2({ name: "overhead-bench", version: "1.0.0" }, { versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(transport);
  if (client.getNegotiatedProtocolVersion() !== MODERN) throw new Error(`negotiated ${client.getNegotiatedProtocolVersion()}, not ${MODERN}`);
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === TOOL)) throw new Error(`the server does not list ${TOOL}: ${tools.map((t) => t.name).join(", ")}`);
  return { call: async (bytes) => payloadLength(await client.callTool({ name: TOOL, arguments: { bytes } })), close: () => client.close() };
}

/** Connects the era's client to a stdio command or an HTTP endpoint; a failure carries the server's stderr. */
async function connectEraClient(era: Era, driver: Driver2026, params: { command: string; args: string[]; env: Record<string, string> } | URL): Promise<{ client: BenchClient; pid: number | undefined }> {
  let stderr = "";
  const collect = (stream: unknown): void =>
    void (stream as NodeJS.ReadableStream | null)?.on("data", (chunk: Buffer) => {
      if (stderr.length < 16_000) stderr += chunk.toString("utf8");
    });
  if (era === "2026" && driver === "raw") {
    const raw = params instanceof URL ? await connectRawHttp(params, TOOL) : await connectRawStdio(params.command, params.args, params.env, ROOT, TOOL);
    return { client: { call: (bytes) => raw.call(TOOL, bytes), close: () => raw.close() }, pid: raw.pid };
  }
  try {
    if (era === "2026") {
      if (params instanceof URL) return { client: await connectModernClient(new HttpTransportV2(params)), pid: undefined };
      const stdio = new StdioTransportV2({ ...params, cwd: ROOT, stderr: "pipe" });
      collect(stdio.stderr);
      return { client: await connectModernClient(stdio), pid: stdio.pid ?? undefined };
    }
    if (params instanceof URL) {
      const client = await connectClient(new StreamableHTTPClientTransport(params, clientSignal === "none" ? { fetch: fetchWithoutSharedSignal } : {}));
      return { client: { call: (bytes) => mcpCall(client, bytes), close: () => client.close() }, pid: undefined };
    }
    const stdio = new StdioClientTransport({ ...params, cwd: ROOT, stderr: "pipe" });
    collect(stdio.stderr);
    const client = await connectClient(stdio);
    return { client: { call: (bytes) => mcpCall(client, bytes), close: () => client.close() }, pid: stdio.pid ?? undefined };
  } catch (error) {
    throw new Error(`${(error as Error).message}${stderr === "" ? "" : `\n${stderr}`}`);
  }
}

function serverArgs(kind: ServerKind, transport: "stdio" | "http", upstream: string, nodeFlags: string[] = []): string[] {
  const floor = [...nodeFlags, "--import", "tsx", FLOOR, "--upstream", upstream, "--transport", transport, "--port", "0"];
  if (kind === "floor") return floor;
  if (kind === "floor-undici") return [...floor, "--client", "undici"];
  const args = [...nodeFlags, MAIN, "serve", BENCH_SPEC, "--curation", BENCH_CURATION];
  return transport === "http" ? [...args, "--transport", "http", "--host", "127.0.0.1", "--port", "0"] : args;
}

/** A target id: the 2025 ids are those of earlier runs (results stay comparable); 2026 ones say so. */
function targetId(kind: ServerKind, transport: "stdio" | "http", era: Era): string {
  return era === "2025" ? `${kind}-${transport}` : `${kind}-${transport}-${era}`;
}

/** A floor or serve server, started in its own process and driven by the era's SDK client. */
async function mcpTarget(kind: ServerKind, transport: "stdio" | "http", upstream: string, nodeFlags: string[] = [], era: Era = "2025", driver: Driver2026 = "raw"): Promise<Target> {
  const env = { ...(process.env as Record<string, string>), OPENAPI_MCP_BASE_URL: upstream };
  const args = serverArgs(kind, transport, upstream, nodeFlags);
  const base = { id: targetId(kind, transport, era), kind, transport, era, label: `${kind === "floor-undici" ? "floor undici" : kind} ${transport} ${era}` } as const;
  if (transport === "stdio") {
    let connected: { client: BenchClient; pid: number | undefined };
    try {
      connected = await connectEraClient(era, driver, { command: process.execPath, args, env });
    } catch (error) {
      throw new Error(`${base.label} failed to start: ${(error as Error).message}`);
    }
    const { client, pid } = connected;
    let closed: Promise<void> | undefined;
    return { ...base, pid, call: (bytes) => client.call(bytes), close: () => (closed ??= client.close()) };
  }
  const ready = kind === "serve" ? /serving \d+ tools on (\S+)/ : /floor listening on (\S+)/;
  const { child, match } = await spawnUntil(args, ready, "stderr", env);
  let client: BenchClient;
  try {
    client = (await connectEraClient(era, driver, new URL(match[1]!))).client;
  } catch (error) {
    child.kill("SIGTERM");
    await waitExit(child);
    throw new Error(`${base.label} failed to connect: ${(error as Error).message}`);
  }
  let closed: Promise<void> | undefined;
  return {
    ...base,
    pid: child.pid,
    call: (bytes) => client.call(bytes),
    close: () =>
      (closed ??= (async () => {
        await client.close();
        child.kill("SIGTERM");
        await waitExit(child);
      })()),
  };
}

// ───────────────────────────────────────────── measuring

interface Sample {
  calls: number;
  elapsedMs: number;
  latenciesMs: number[];
  cpuUs: { client: number; server: number; upstream: number };
  /**
   * MaxListenersExceededWarnings the v1 SDK HTTP client raised during the measured window (see
   * `abortListenerWarnings`): each is an Error, an `inspect` of the signal and a warning event in this
   * client, and their number follows the client's garbage collections, not the server — a noise
   * source in the 2025 HTTP cells, where this client's CPU bounds the throughput at 50 in flight.
   */
  clientWarnings: number;
}

async function drive(target: Target, bytes: number, concurrency: number, durationMs: number, keepLatencies: boolean): Promise<Omit<Sample, "cpuUs" | "clientWarnings">> {
  const latencies: number[] = [];
  let calls = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      const length = await target.call(bytes);
      if (keepLatencies) latencies.push(performance.now() - t);
      if (length !== bytes) throw new Error(`${target.label}: expected ${bytes} characters of text, got ${length}`);
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { calls, elapsedMs: performance.now() - start, latenciesMs: latencies };
}

async function measure(target: Target, bytes: number, concurrency: number, durationMs: number, warmupMs: number, upstreamPid: number | undefined): Promise<Sample> {
  await drive(target, bytes, concurrency, warmupMs, false);
  const client0 = process.cpuUsage();
  const server0 = processCpuUs(target.pid);
  const upstream0 = processCpuUs(upstreamPid);
  const warnings0 = abortListenerWarnings;
  const run = await drive(target, bytes, concurrency, durationMs, true);
  const client1 = process.cpuUsage(client0);
  return {
    ...run,
    clientWarnings: abortListenerWarnings - warnings0,
    cpuUs: {
      client: client1.user + client1.system,
      server: processCpuUs(target.pid) - server0,
      upstream: processCpuUs(upstreamPid) - upstream0,
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Cell {
  target: string;
  kind: Kind;
  transport: Transport;
  era: Era | "-";
  bytes: number;
  concurrency: number;
  mode: "sequential" | "in-flight";
  samples: Sample[];
}

interface CellFigures {
  target: string;
  label: string;
  kind: Kind;
  transport: Transport;
  era: Era | "-";
  bytes: number;
  concurrency: number;
  mode: string;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  /** Median over rounds. */
  callsPerSec: number;
  callsPerSecByRound: number[];
  /** CPU per call in µs, summed over rounds. */
  serverCpuUsPerCall: number | null;
  clientCpuUsPerCall: number;
  upstreamCpuUsPerCall: number;
  /** The client's abort-listener warnings per round (see {@link Sample.clientWarnings}). */
  clientWarningsByRound: number[];
}

function figures(cell: Cell, label: string): CellFigures {
  const latencies = cell.samples.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const calls = cell.samples.reduce((n, s) => n + s.calls, 0);
  const sum = (pick: (s: Sample) => number): number => cell.samples.reduce((n, s) => n + pick(s), 0);
  const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d;
  const perSec = cell.samples.map((s) => (1000 * s.calls) / s.elapsedMs);
  return {
    target: cell.target,
    label,
    kind: cell.kind,
    transport: cell.transport,
    era: cell.era,
    bytes: cell.bytes,
    concurrency: cell.concurrency,
    mode: cell.mode,
    calls,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    callsPerSec: round(median(perSec), 1),
    callsPerSecByRound: perSec.map((n) => round(n, 1)),
    serverCpuUsPerCall: cell.kind === "direct" ? null : Math.round(sum((s) => s.cpuUs.server) / calls),
    clientCpuUsPerCall: Math.round(sum((s) => s.cpuUs.client) / calls),
    upstreamCpuUsPerCall: Math.round(sum((s) => s.cpuUs.upstream) / calls),
    clientWarningsByRound: cell.samples.map((s) => s.clientWarnings),
  };
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

// ───────────────────────────────────────────── start-up

interface StartupRun {
  /** Spawn → `initialize` answered (SDK client). */
  initializeMs: number;
  /** Spawn → `tools/list` answered and parsed by the SDK client. */
  toolsListMs: number;
  /** Same, driven by a bare newline-JSON-RPC client (no SDK parsing on the client side). */
  rawToolsListMs: number;
  peakRssKb: number | undefined;
  /** Server CPU (user + system, all threads) from spawn to the tools/list answer: robust to other load. */
  cpuMs: number;
  tools: number;
}

async function startupSdk(args: string[]): Promise<Omit<StartupRun, "rawToolsListMs">> {
  const transport = new StdioClientTransport({ command: process.execPath, args, cwd: ROOT, env: process.env as Record<string, string>, stderr: "pipe" });
  transport.stderr?.on("data", () => {});
  const client = new Client({ name: "overhead-bench", version: "1.0.0" });
  const t0 = performance.now();
  await client.connect(transport);
  const initializeMs = performance.now() - t0;
  const { tools } = await client.listTools();
  const toolsListMs = performance.now() - t0;
  const peak = peakRssKb(transport.pid ?? undefined);
  const cpuMs = processCpuUs(transport.pid ?? undefined) / 1000;
  await client.close();
  return { initializeMs, toolsListMs, peakRssKb: peak, cpuMs, tools: tools.length };
}

/** Spawn → the `tools/list` response line fully received, with a bare client. Resolves with the child too. */
function startupRaw(args: string[], nodeFlags: string[] = []): Promise<{ ms: number; peakRssKb: number | undefined; child: ChildProcess }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    if (stderr.length < 16_000) stderr += chunk.toString("utf8");
  });
  const send = (message: object): void => void child.stdin!.write(`${JSON.stringify(message)}\n`);
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
  let listSent = false;
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    child.once("exit", (code) => reject(new Error(`server exited (${code}) during start-up: ${stderr}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.indexOf(10) < 0) {
        chunks.push(chunk);
        return;
      }
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("utf8");
      const lines = text.split("\n");
      chunks.length = 0;
      chunks.push(Buffer.from(lines.pop() ?? ""));
      for (const line of lines) {
        if (line.trim() === "") continue;
        if (!listSent) {
          // The first line is the initialize response.
          listSent = true;
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
          continue;
        }
        const ms = performance.now() - t0;
        const peak = peakRssKb(child.pid);
        const message = JSON.parse(line) as { id?: unknown; result?: { tools?: unknown[] } };
        if (message.id !== 2 || !Array.isArray(message.result?.tools)) reject(new Error(`unexpected answer to tools/list: ${line.slice(0, 200)}`));
        else resolvePromise({ ms, peakRssKb: peak, child });
      }
    });
  });
}

async function measureStartup(name: string, args: string[], runs: number): Promise<Record<string, unknown>> {
  const sdk: Array<Omit<StartupRun, "rawToolsListMs">> = [];
  const loads: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < runs; i++) {
    sdk.push(await startupSdk(args));
    const r = await startupRaw(args);
    r.child.stdin!.end();
    await waitExit(r.child);
    raw.push(r.ms);
    loads.push(Math.round(loadavg()[0]! * 100) / 100);
  }
  const rss = sdk.map((s) => s.peakRssKb).filter((n): n is number => n !== undefined);
  return {
    name,
    tools: sdk[0]?.tools,
    runs,
    toolsListMs: { median: Math.round(median(sdk.map((s) => s.toolsListMs))), all: sdk.map((s) => Math.round(s.toolsListMs)) },
    initializeMs: { median: Math.round(median(sdk.map((s) => s.initializeMs))), all: sdk.map((s) => Math.round(s.initializeMs)) },
    rawToolsListMs: { median: Math.round(median(raw)), all: raw.map(Math.round) },
    peakRssMb: { median: Math.round(median(rss) / 1024), all: rss.map((kb) => Math.round(kb / 1024)) },
    serverCpuMs: { median: Math.round(median(sdk.map((s) => s.cpuMs))), all: sdk.map((s) => Math.round(s.cpuMs)) },
    loadAverage: loads,
  };
}


// ───────────────────────────────────────────── profiles

/** Functions whose inclusive time per call the call profiles report (server side). */
const FOCUS = [
  // openapi-mcp runtime
  "invoke",
  "argumentProblems",
  "buildRequest",
  "applyAuth",
  "sendRequest",
  "readBody",
  "shapeResponse",
  "truncateJson",
  "redactResult",
  "createMcpServer",
  "handle",
  // MCP SDK
  "processReadBuffer",
  "deserializeMessage",
  "serializeMessage",
  "_onrequest",
  "wrappedHandler",
  "handleRequest",
  "handlePostRequest",
  "responseViaResponseObject",
  "AjvJsonSchemaValidator",
  "_onclose",
  "close",
  // floor
  "fetchUpstream",
];

/** The main thread's profile in `dir` (tsx's loader runs on a worker thread that writes its own). */
function mainThreadProfile(dir: string): string {
  // Names are CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is id 0.
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const main = files.filter((f) => f.split(".")[4] === "0").sort();
  const pick = main.length > 0 ? main : files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size);
  if (pick.length === 0) throw new Error(`no .cpuprofile written in ${dir}`);
  return join(dir, pick[pick.length - 1]!);
}

/** Profiles one server under load (`--profile-concurrency` in flight); only the measured window is summarised. */
async function profileCalls(kind: "floor" | "serve", transport: "stdio" | "http", bytes: number, upstream: string, options: Options): Promise<ProfileSummary> {
  const dir = join(options.profileDir, `${kind}-${transport}-${bytes}`);
  mkdirSync(dir, { recursive: true });
  const target = await mcpTarget(kind, transport, upstream, ["--cpu-prof", "--cpu-prof-interval", "250", `--cpu-prof-dir=${dir}`]);
  await drive(target, bytes, options.profileConcurrency, 1000, false);
  // V8 profile timestamps and process.hrtime are both CLOCK_MONOTONIC on Linux.
  const from = Number(process.hrtime.bigint() / 1000n);
  const run = await drive(target, bytes, options.profileConcurrency, options.profileMs, false);
  const to = Number(process.hrtime.bigint() / 1000n);
  await target.close();
  await new Promise((r) => setTimeout(r, 200));
  return summariseProfile(mainThreadProfile(dir), { calls: run.calls, window: [from, to], top: 30, focus: FOCUS });
}

async function profileStartup(name: string, args: string[], options: Options): Promise<ProfileSummary> {
  const dir = join(options.profileDir, `startup-${name}`);
  mkdirSync(dir, { recursive: true });
  const r = await startupRaw(args, ["--cpu-prof", "--cpu-prof-interval", "250", `--cpu-prof-dir=${dir}`]);
  r.child.stdin!.end();
  await waitExit(r.child);
  return summariseProfile(mainThreadProfile(dir), { top: 30 });
}

// ───────────────────────────────────────────── report

function pad(value: string | number, width: number, right = false): string {
  const s = String(value);
  return right ? s.padEnd(width) : s.padStart(width);
}

function fmt(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits);
}

function printTable(rows: CellFigures[]): string {
  const header = `${pad("transport", 9, true)} ${pad("body", 6, true)} ${pad("mode", 12, true)} ${pad("target", 24, true)} ${pad("calls", 7)} ${pad("p50 ms", 8)} ${pad("p99 ms", 8)} ${pad("calls/s", 9)} ${pad("srv µs/call", 11)} ${pad("cli µs/call", 11)} ${pad("ups µs/call", 11)}`;
  const lines = [header, "-".repeat(header.length)];
  let group = "";
  for (const r of rows) {
    const g = `${r.bytes}/${r.mode}`;
    if (group && g !== group) lines.push("");
    group = g;
    const seq = r.mode === "sequential";
    lines.push(
      `${pad(r.transport, 9, true)} ${pad(sizeLabel(r.bytes), 6, true)} ${pad(seq ? "sequential" : `${r.concurrency} in flight`, 12, true)} ${pad(r.label, 24, true)} ${pad(r.calls, 7)} ${pad(seq ? fmt(r.p50Ms, 3) : "", 8)} ${pad(seq ? fmt(r.p99Ms, 3) : "", 8)} ${pad(fmt(r.callsPerSec, 0), 9)} ${pad(r.serverCpuUsPerCall ?? "-", 11)} ${pad(r.clientCpuUsPerCall, 11)} ${pad(r.upstreamCpuUsPerCall, 11)}`,
    );
  }
  return lines.join("\n");
}

interface Ratio {
  transport: "stdio" | "http";
  era: Era;
  bytes: number;
  serveFloorP50: number;
  serveFloorP50Target: number;
  serveFloorP50Pass: boolean;
  serveFloorP99: number;
  serveFloorSeqThroughput: number;
  serveFloorInFlightThroughput: number;
  serveFloorInFlightTarget: number;
  serveFloorInFlightPass: boolean;
  floorDirectHttpP50: number;
  floorDirectFetchP50: number;
  floorDirectHttpInFlightThroughput: number;
  floorDirectFetchInFlightThroughput: number;
  serveMinusFloorP50Us: number;
  /** The same two ratios against the floor that uses serve's HTTP client (undici). */
  serveFloorUndiciP50: number;
  serveFloorUndiciInFlightThroughput: number;
  serveMinusFloorServerCpuUsSeq: number | null;
  /** Server CPU per call, serve ÷ floor (sequential): less sensitive to other load on the machine than latency. */
  serveFloorServerCpuSeq: number | null;
}

/** serve against the floors per transport, era and size; an era whose serve could not be measured has none. */
function ratios(rows: CellFigures[], concurrency: number, transports: ReadonlyArray<"stdio" | "http">, eras: readonly Era[], sizes: readonly number[]): Ratio[] {
  const find = (target: string, bytes: number, c: number): CellFigures => {
    const row = rows.find((r) => r.target === target && r.bytes === bytes && r.concurrency === c);
    if (!row) throw new Error(`missing ${target} ${bytes} ${c}`);
    return row;
  };
  const out: Ratio[] = [];
  const r3 = (n: number): number => Math.round(n * 1000) / 1000;
  for (const transport of transports) {
   for (const era of eras) {
    if (!rows.some((r) => r.target === targetId("serve", transport, era))) continue;
    for (const bytes of sizes) {
      const floor1 = find(targetId("floor", transport, era), bytes, 1);
      const serve1 = find(targetId("serve", transport, era), bytes, 1);
      const floorN = find(targetId("floor", transport, era), bytes, concurrency);
      const floorU1 = find(targetId("floor-undici", transport, era), bytes, 1);
      const floorUN = find(targetId("floor-undici", transport, era), bytes, concurrency);
      const serveN = find(targetId("serve", transport, era), bytes, concurrency);
      const dh1 = find("direct-http", bytes, 1);
      const df1 = find("direct-fetch", bytes, 1);
      const dhN = find("direct-http", bytes, concurrency);
      const dfN = find("direct-fetch", bytes, concurrency);
      const p50Target = TARGETS.serveFloorP50[transport];
      const inFlight = serveN.callsPerSec / floorN.callsPerSec;
      out.push({
        transport,
        era,
        bytes,
        serveFloorP50: r3(serve1.p50Ms / floor1.p50Ms),
        serveFloorP50Target: p50Target,
        serveFloorP50Pass: serve1.p50Ms / floor1.p50Ms <= p50Target,
        serveFloorP99: r3(serve1.p99Ms / floor1.p99Ms),
        serveFloorSeqThroughput: r3(serve1.callsPerSec / floor1.callsPerSec),
        serveFloorInFlightThroughput: r3(inFlight),
        serveFloorInFlightTarget: TARGETS.serveFloorThroughputInFlight,
        serveFloorInFlightPass: inFlight >= TARGETS.serveFloorThroughputInFlight,
        floorDirectHttpP50: r3(floor1.p50Ms / dh1.p50Ms),
        floorDirectFetchP50: r3(floor1.p50Ms / df1.p50Ms),
        floorDirectHttpInFlightThroughput: r3(floorN.callsPerSec / dhN.callsPerSec),
        floorDirectFetchInFlightThroughput: r3(floorN.callsPerSec / dfN.callsPerSec),
        serveMinusFloorP50Us: Math.round(1000 * (serve1.p50Ms - floor1.p50Ms)),
        serveFloorUndiciP50: r3(serve1.p50Ms / floorU1.p50Ms),
        serveFloorUndiciInFlightThroughput: r3(serveN.callsPerSec / floorUN.callsPerSec),
        serveMinusFloorServerCpuUsSeq:
          serve1.serverCpuUsPerCall === null || floor1.serverCpuUsPerCall === null ? null : serve1.serverCpuUsPerCall - floor1.serverCpuUsPerCall,
        serveFloorServerCpuSeq:
          serve1.serverCpuUsPerCall === null || !floor1.serverCpuUsPerCall ? null : r3(serve1.serverCpuUsPerCall / floor1.serverCpuUsPerCall),
      });
    }
   }
  }
  return out;
}

function printRatios(list: Ratio[], concurrency: number): string {
  const header = `${pad("transport", 9, true)} ${pad("era", 4, true)} ${pad("body", 6, true)} ${pad("serve/floor p50", 15)} ${pad("target", 7)} ${pad("", 4)} ${pad(`serve/floor tput@${concurrency}`, 21)} ${pad("target", 7)} ${pad("", 4)} ${pad("serve/floor p99", 15)} ${pad("Δp50 µs", 8)} ${pad("Δsrv CPU µs", 11)} ${pad("srv CPU s/f", 11)} ${pad("vs floor undici: p50", 20)} ${pad(`tput@${concurrency}`, 8)} ${pad("floor/direct p50 (http|fetch)", 29)} ${pad(`floor/direct tput@${concurrency} (http|fetch)`, 32)}`;
  const lines = [header, "-".repeat(header.length)];
  for (const r of list) {
    lines.push(
      `${pad(r.transport, 9, true)} ${pad(r.era, 4, true)} ${pad(sizeLabel(r.bytes), 6, true)} ${pad(fmt(r.serveFloorP50, 3), 15)} ${pad(`≤${r.serveFloorP50Target}`, 7)} ${pad(r.serveFloorP50Pass ? "ok" : "MISS", 4)} ${pad(fmt(r.serveFloorInFlightThroughput, 3), 21)} ${pad(`≥${r.serveFloorInFlightTarget}`, 7)} ${pad(r.serveFloorInFlightPass ? "ok" : "MISS", 4)} ${pad(fmt(r.serveFloorP99, 3), 15)} ${pad(r.serveMinusFloorP50Us, 8)} ${pad(r.serveMinusFloorServerCpuUsSeq ?? "-", 11)} ${pad(fmt(r.serveFloorServerCpuSeq), 11)} ${pad(fmt(r.serveFloorUndiciP50, 3), 20)} ${pad(fmt(r.serveFloorUndiciInFlightThroughput, 3), 8)} ${pad(`${fmt(r.floorDirectHttpP50)} | ${fmt(r.floorDirectFetchP50)}`, 29)} ${pad(`${fmt(r.floorDirectHttpInFlightThroughput)} | ${fmt(r.floorDirectFetchInFlightThroughput)}`, 32)}`,
    );
  }
  return lines.join("\n");
}

// ───────────────────────────────────────────── main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  clientSignal = options.clientSignal;
  if (!existsSync(MAIN)) throw new Error(`${relative(ROOT, MAIN)} is missing: run \`npm run build\` first`);
  const started = performance.now();
  const log = (line: string): void => void process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const results: Record<string, unknown> = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      options: { ...options, skip: [...options.skip] },
      layout:
        "upstream (examples/petstore/upstream/main.ts), each server (floor / serve) and the client (this process) are separate processes on the same machine; they share its cores",
      targets: TARGETS,
      // Other work may rebuild dist/ while this runs; this says which build was measured.
      distBuiltAt: statSync(MAIN).mtime.toISOString(),
    },
  };

  const { child: upstreamChild, match } = await spawnUntil(["--import", "tsx", UPSTREAM_MAIN, "--port", "0"], /listening on (\S+)/, "stdout");
  const upstream = match[1]!;
  const upstreamPid = upstreamChild.pid;
  const load0 = loadavg()[0]!;
  log(`upstream ${upstream} (pid ${upstreamPid}); ${cpus().length} cores; load average ${load0.toFixed(2)}`);
  if (load0 > cpus().length * 0.75) {
    log(`warning: the machine is busy (load average ${load0.toFixed(2)} on ${cpus().length} cores): absolute figures will be noisy; floor and serve run back to back, so ratios suffer less`);
  }
  (results.meta as Record<string, unknown>).loadAverageAtStart = loadavg().map((n) => Math.round(n * 100) / 100);
  const output: string[] = [];
  const say = (text: string): void => {
    output.push(text);
    console.log(text);
  };

  try {
    if (!options.skip.has("calls")) {
      const targets: Target[] = [directHttpTarget(upstream), directFetchTarget(upstream)];
      const unavailable: string[] = [];
      for (const transport of options.transports) {
        for (const era of options.eras) {
          for (const kind of ["floor", "floor-undici", "serve"] as const) {
            try {
              targets.push(await mcpTarget(kind, transport, upstream, [], era, options.driver2026));
            } catch (error) {
              // A build of serve that does not speak 2026 yet: say so, measure the rest. Floors must start.
              if (kind !== "serve" || era !== "2026") throw error;
              const why = `serve ${transport} ${era}: not measured — ${(error as Error).message.split("\n")[0]}`;
              unavailable.push(why);
              log(why);
            }
          }
        }
      }
      log(`targets up: ${targets.map((t) => `${t.label}${t.pid ? ` (pid ${t.pid})` : ""}`).join(", ")}`);
      // Sanity: every target returns the whole body (nothing truncated).
      for (const t of targets) {
        for (const bytes of options.sizes) {
          const length = await t.call(bytes);
          if (length !== bytes) throw new Error(`${t.label} returned ${length} characters for ${bytes} bytes: truncation or shaping is on`);
        }
      }
      const cells = new Map<string, Cell>();
      const loads: number[] = [];
      const modes = [1, options.concurrency];
      for (let round = 0; round < options.runs; round++) {
        const warm = round === 0 ? options.warmupMs : options.rewarmMs;
        for (const bytes of options.sizes) {
          for (const concurrency of modes) {
            // Floor and serve back to back per transport, order alternating per round.
            const order = [targets[0]!, targets[1]!];
            for (const transport of options.transports) {
              for (const era of options.eras) {
                const pair = targets.filter((t) => t.transport === transport && t.era === era);
                order.push(...(round % 2 === 0 ? pair : pair.reverse()));
              }
            }
            for (const target of order) {
              const key = `${target.id}/${bytes}/${concurrency}`;
              const cell = cells.get(key) ?? {
                target: target.id,
                kind: target.kind,
                transport: target.transport,
                era: target.era,
                bytes,
                concurrency,
                mode: concurrency === 1 ? "sequential" : "in-flight",
                samples: [],
              };
              cells.set(key, cell);
              cell.samples.push(await measure(target, bytes, concurrency, options.durationMs, warm, upstreamPid));
            }
            loads.push(Math.round(loadavg()[0]! * 100) / 100);
            log(`round ${round + 1}/${options.runs}: ${sizeLabel(bytes)} × ${concurrency} in flight done (load average ${loadavg()[0]!.toFixed(2)})`);
          }
        }
      }
      for (const t of targets) await t.close();
      const labels = new Map(targets.map((t) => [t.id, t.label]));
      const order = [
        "direct-http",
        "direct-fetch",
        ...options.transports.flatMap((transport) => options.eras.flatMap((era) => (["floor", "floor-undici", "serve"] as const).map((kind) => targetId(kind, transport, era)))),
      ];
      const rows = [...cells.values()]
        .map((c) => figures(c, labels.get(c.target)!))
        .sort((a, b) => a.bytes - b.bytes || a.concurrency - b.concurrency || order.indexOf(a.target) - order.indexOf(b.target));
      const ratioList = ratios(rows, options.concurrency, options.transports, options.eras, options.sizes);
      results.callsMeta = { ...(results.meta as object) };
      results.calls = rows;
      results.loadAverageDuringCalls = loads;
      results.sdkHttpClientAbortListenerWarnings = abortListenerWarnings;
      results.ratios = ratioList;
      results.notMeasured = unavailable;
      say(`\nPer-call figures (${options.runs} rounds × ${options.durationMs} ms per cell after warm-up; p50/p99 pooled over rounds, calls/s median of rounds;`);
      say(`CPU per call from /proc (${CLK_TCK} Hz ticks) for the server (srv), this client (cli) and the upstream (ups)):\n`);
      say(printTable(rows));
      say(`\nRatios vs targets (serve/floor p50 sequential: stdio ≤ ${TARGETS.serveFloorP50.stdio}, http ≤ ${TARGETS.serveFloorP50.http}; ${options.concurrency}-in-flight throughput ≥ ${TARGETS.serveFloorThroughputInFlight}× floor):\n`);
      say(printRatios(ratioList, options.concurrency));
      const warned = rows.filter((r) => r.clientWarningsByRound.some((n) => n > 0));
      if (warned.length > 0) {
        say(`\nv1 SDK HTTP client MaxListenersExceededWarnings per round (a client-side cost that follows its GCs, not the server; see Sample.clientWarnings):`);
        for (const r of warned) say(`  ${r.label} ${r.mode === "sequential" ? "sequential" : `${r.concurrency} in flight`}: ${r.clientWarningsByRound.join(" / ")}`);
      }
      const driver = options.driver2026 === "raw" ? "a bare JSON-RPC client" : "the v2 SDK client pinned to it";
      const signal = options.clientSignal === "none" ? "its HTTP transport sends without the SDK's shared abort signal" : "its HTTP transport passes the SDK's shared abort signal to every fetch";
      say(`(per era: 2025 = v1 SDK client, initialize handshake, ${signal}; 2026 = ${MODERN}, stateless, driven by ${driver}; one driver serves floor and serve)`);
      for (const line of unavailable) say(line);
    }

    if (!options.skip.has("startup")) {
      log("start-up runs");
      const baseline = await nodeBaselineMs(options.startupRuns);
      const full = await measureStartup("github-full", [MAIN, "serve", GITHUB_SPEC, "--base-url", "http://127.0.0.1:9"], options.startupRuns);
      const curated = await measureStartup("github-15", [MAIN, "serve", GITHUB_SPEC, "--curation", GITHUB_15, "--base-url", "http://127.0.0.1:9"], options.startupRuns);
      results.startup = { nodeBaselineMs: baseline, full: { ...full, targetMs: TARGETS.startupFullMs }, curated: { ...curated, targetMs: TARGETS.startupCuratedMs } };
      const line = (s: Record<string, unknown>, target: number): string => {
        const t = s.toolsListMs as { median: number; all: number[] };
        const i = s.initializeMs as { median: number };
        const raw = s.rawToolsListMs as { median: number; all: number[] };
        const rss = s.peakRssMb as { median: number; all: number[] };
        const cpu = s.serverCpuMs as { median: number };
        return `${pad(String(s.name), 12, true)} ${pad(String(s.tools), 6)} ${pad(t.median, 9)} ${pad(`≤${target}`, 7)} ${pad(t.median <= target ? "ok" : "MISS", 5)} ${pad(i.median, 9)} ${pad(raw.median, 10)} ${pad(cpu.median, 8)} ${pad(rss.median, 9)}   ${t.all.join(", ")}`;
      };
      say(`\nStart-up: process start → tools/list answered (median of ${options.startupRuns}; node -e 0 alone: ${baseline} ms)\n`);
      say(`${pad("spec", 12, true)} ${pad("tools", 6)} ${pad("list ms", 9)} ${pad("target", 7)} ${pad("", 5)} ${pad("init ms", 9)} ${pad("raw list", 10)} ${pad("srv CPU", 8)} ${pad("peak MB", 9)}   all runs (SDK client)`);
      say(line(full, TARGETS.startupFullMs));
      say(line(curated, TARGETS.startupCuratedMs));
      say(`(list/init: SDK client; raw list: bare newline JSON-RPC client, no client-side parsing; srv CPU: server user+sys ms at the`);
      say(` tools/list answer, all threads, a figure other load on the machine barely moves; peak MB: server VmHWM)`);
    }

    if (!options.skip.has("profile")) {
      log(`profiles → ${options.profileDir}`);
      const profiles: Record<string, ProfileSummary> = {};
      for (const [kind, transport, bytes] of [
        ["floor", "stdio", 1024],
        ["serve", "stdio", 1024],
        ["floor", "stdio", 204800],
        ["serve", "stdio", 204800],
        ["floor", "http", 1024],
        ["serve", "http", 1024],
      ] as const) {
        const cell = `${kind}-${transport}-${bytes}`;
        if (options.profileCells.size > 0 && !options.profileCells.has(cell)) continue;
        const summary = await profileCalls(kind, transport, bytes, upstream, options);
        profiles[cell] = summary;
        const mode = options.profileConcurrency === 1 ? "sequential" : `${options.profileConcurrency} in flight`;
        say(`\n${formatProfile(summary, `${kind} ${transport}, ${sizeLabel(bytes)}, ${mode} (--cpu-prof, measured window only)`, 15)}`);
      }
      for (const [name, args] of [
        ["github-full", [MAIN, "serve", GITHUB_SPEC, "--base-url", "http://127.0.0.1:9"]],
        ["github-15", [MAIN, "serve", GITHUB_SPEC, "--curation", GITHUB_15, "--base-url", "http://127.0.0.1:9"]],
      ] as const) {
        if (options.profileCells.size > 0 && !options.profileCells.has(`startup-${name}`)) continue;
        const summary = await profileStartup(name, [...args], options);
        profiles[`startup-${name}`] = summary;
        say(`\n${formatProfile(summary, `serve start-up, ${name} (spawn → tools/list → exit)`, 20)}`);
      }
      results.profiles = profiles;
    }
  } finally {
    upstreamChild.kill("SIGTERM");
    await waitExit(upstreamChild);
  }
  (results.meta as Record<string, unknown>).loadAverageAtEnd = loadavg().map((n) => Math.round(n * 100) / 100);
  results.totalSeconds = Math.round((performance.now() - started) / 1000);
  // Sections skipped in this run keep the figures of the last run that measured them.
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(options.out, "utf8")) as Record<string, unknown>;
  } catch {
    previous = {};
  }
  if (options.skip.has("calls") && previous.calls !== undefined && previous.callsMeta === undefined) previous.callsMeta = previous.meta;
  const previousMeta = previous.meta as { date?: string; sectionsMeasuredAt?: Record<string, string> } | undefined;
  const previouslyMeasured =
    previousMeta?.sectionsMeasuredAt ??
    Object.fromEntries(
      [["calls", "calls"], ["startup", "startup"], ["profile", "profiles"]]
        .filter(([, key]) => previousMeta?.date !== undefined && key! in previous)
        .map(([section]) => [section!, previousMeta!.date!]),
    );
  const measured = Object.fromEntries(
    (["calls", "startup", "profile"] as const).filter((section) => !options.skip.has(section)).map((section) => [section, new Date().toISOString()]),
  );
  (results.meta as Record<string, unknown>).sectionsMeasuredAt = { ...previouslyMeasured, ...measured };
  const merged = { ...previous, ...results };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(merged, null, 2)}\n`);
  log(`wrote ${relative(ROOT, options.out)} (${results.totalSeconds} s in all)`);
}

main().catch((error: unknown) => {
  console.error(`overhead bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
