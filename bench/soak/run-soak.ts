/**
 * Soak benchmark (issue 9): `openapi-mcp serve` under a few minutes of mixed traffic — valid,
 * invalid, slow, failing and aborted calls, plus malformed messages — over stdio and over HTTP,
 * against the loopback petstore upstream. It prints calls and outcomes by kind, the server's RSS
 * and open file descriptors at the start (after a warm-up) and the end, sampled along the way, and
 * checks that each server exits on its own when told to stop (stdin closed, SIGTERM) and leaves no
 * process behind.
 *
 *   npx tsx bench/soak/run-soak.ts [--duration-s 90] [--concurrency 16] [--transports stdio,http]
 *     [--warmup-s 5] [--server-heap-mib N] [--out bench/results/soak.json]
 *
 * RSS alone cannot tell a leak from a collector in no hurry: V8 lets the heap grow well past what
 * is live before a full collection. `--server-heap-mib 64` caps the server's old space
 * (`--max-old-space-size`): a leak then ends in an out-of-memory crash or a climb that does not
 * stop; garbage levels off.
 *
 * Every process is local and bound to 127.0.0.1; everything is bounded by the duration. Uses the
 * built CLI (dist/bin/main.js) when present, else the sources through tsx. Linux only (/proc).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const DIST_MAIN = join(ROOT, "dist/bin/main.js");
const SPEC = join(HERE, "soak-spec.yaml");

interface Options {
  durationS: number;
  warmupS: number;
  concurrency: number;
  serverHeapMib: number | undefined;
  transports: Array<"stdio" | "http">;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const transports = (get("transports") ?? "stdio,http").split(",").filter((t): t is "stdio" | "http" => t === "stdio" || t === "http");
  return {
    durationS: Number(get("duration-s") ?? 90),
    warmupS: Number(get("warmup-s") ?? 5),
    concurrency: Number(get("concurrency") ?? 16),
    serverHeapMib: get("server-heap-mib") === undefined ? undefined : Number(get("server-heap-mib")),
    transports,
    out: resolve(ROOT, get("out") ?? "bench/results/soak.json"),
  };
}

// ───────────────────────────────────────────── the traffic

/** What one call is meant to exercise, and the outcome it should have. */
type Kind = "valid" | "invalid-arguments" | "unknown-tool" | "malformed" | "slow" | "failing-4xx" | "failing-5xx" | "aborted";
type Outcome = "result" | "isError" | "jsonrpc-error" | "http-error" | "aborted" | "transport-error" | "no-answer";

const EXPECTED: Record<Kind, Outcome> = {
  valid: "result",
  "invalid-arguments": "isError",
  "unknown-tool": "jsonrpc-error",
  malformed: "jsonrpc-error",
  slow: "result",
  "failing-4xx": "isError",
  "failing-5xx": "isError",
  aborted: "aborted",
};

/** Weights of the mix (per 100 calls). */
const MIX: Array<[Kind, number]> = [
  ["valid", 45],
  ["invalid-arguments", 12],
  ["unknown-tool", 5],
  ["malformed", 5],
  ["slow", 10],
  ["failing-4xx", 10],
  ["failing-5xx", 5],
  ["aborted", 8],
];

function pickKind(): Kind {
  let n = Math.random() * 100;
  for (const [kind, weight] of MIX) {
    if ((n -= weight) < 0) return kind;
  }
  return "valid";
}

let keySeq = 0;

/** The tools/call params for a kind (malformed messages are built by the transport). */
function paramsFor(kind: Kind): { name: string; arguments: Record<string, unknown> } {
  switch (kind) {
    case "valid":
      return { name: "payload", arguments: { bytes: Math.random() < 0.9 ? 1024 : 65_536 } };
    case "invalid-arguments":
      return { name: "payload", arguments: Math.random() < 0.5 ? { bytes: "lots" } : { bytes: 10 } };
    case "unknown-tool":
      return { name: "no_such_tool", arguments: {} };
    case "slow":
      return { name: "slow", arguments: { ms: 200 + Math.floor(Math.random() * 1300) } };
    case "failing-4xx":
      return { name: "flaky", arguments: { key: `k${++keySeq}`, failures: 1_000_000, status: 404 } };
    case "failing-5xx":
      return { name: "flaky", arguments: { key: `k${++keySeq}`, failures: 1_000_000, status: 500 } };
    case "aborted":
      return { name: "slow", arguments: { ms: 3_000 } };
    case "malformed":
      return { name: "payload", arguments: {} };
  }
}

/** Classifies a JSON-RPC answer. */
function outcomeOf(message: { result?: { isError?: boolean }; error?: unknown }): Outcome {
  if (message.error !== undefined) return "jsonrpc-error";
  return message.result?.isError === true ? "isError" : "result";
}

/** One transport's way of making a call of a given kind. */
interface Caller {
  call(kind: Kind): Promise<Outcome>;
  pid: number;
  /** Tells the server to stop (stdin closed or SIGTERM); resolves with its exit code or signal, or "still running". */
  stop(): Promise<string>;
}

const ANSWER_TIMEOUT_MS = 40_000;

// ───────────────────────────────────────────── servers

let serverHeapMib: number | undefined;

function serveArgs(transport: "stdio" | "http"): string[] {
  const cli = existsSync(DIST_MAIN) ? [DIST_MAIN] : ["--import", "tsx", join(ROOT, "src/cli/main.ts")];
  return [...(serverHeapMib === undefined ? [] : [`--max-old-space-size=${serverHeapMib}`]), ...cli, "serve", SPEC, ...(transport === "http" ? ["--transport", "http", "--host", "127.0.0.1", "--port", "0"] : [])];
}

function waitForLine(stream: NodeJS.ReadableStream, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what}: no line matching ${pattern} after 30 s:\n${seen}`)), 30_000);
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        stream.off("data", onData);
        resolve(match);
      }
    };
    stream.on("data", onData);
  });
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(describeExit(child));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("still running"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(describeExit(child));
    });
  });
}

function describeExit(child: ChildProcess): string {
  return child.signalCode !== null ? `signal ${child.signalCode}` : `exit ${child.exitCode}`;
}

async function startStdio(baseUrl: string): Promise<Caller> {
  const child = spawn(process.execPath, serveArgs("stdio"), { env: { ...process.env, OPENAPI_MCP_BASE_URL: baseUrl, OPENAPI_MCP_LOG_LEVEL: "warn" }, stdio: ["pipe", "pipe", "pipe"] });
  child.stderr!.resume();
  const pending = new Map<number, (message: { result?: { isError?: boolean }; error?: unknown }) => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const message = JSON.parse(line) as { id?: number; result?: { isError?: boolean }; error?: unknown };
    if (typeof message.id === "number") {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    } else if (message.id === null) {
      malformedAnswers.shift()?.(message);
    }
  });
  const malformedAnswers: Array<(message: { error?: unknown }) => void> = [];
  let nextId = 0;
  const send = (message: unknown): void => void child.stdin!.write(`${JSON.stringify(message)}\n`);
  const request = (method: string, params: unknown): { id: number; answer: Promise<Outcome> } => {
    const id = ++nextId;
    const answer = new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve("no-answer");
      }, ANSWER_TIMEOUT_MS);
      pending.set(id, (message) => {
        clearTimeout(timer);
        resolve(outcomeOf(message));
      });
    });
    send({ jsonrpc: "2.0", id, method, params });
    return { id, answer };
  };
  await request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "soak", version: "1" } }).answer;
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return {
    pid: child.pid!,
    call: async (kind) => {
      if (kind === "malformed") {
        // Not JSON at all: a well-behaved server answers -32700 with id null. One that does not is
        // counted as "no-answer" after a short wait (and that is what the figures will show).
        const answer = new Promise<Outcome>((resolve) => {
          const timer = setTimeout(() => {
            const i = malformedAnswers.indexOf(onAnswer);
            if (i >= 0) malformedAnswers.splice(i, 1);
            resolve("no-answer");
          }, 2_000);
          const onAnswer = (message: { error?: unknown }): void => {
            clearTimeout(timer);
            resolve(outcomeOf(message));
          };
          malformedAnswers.push(onAnswer);
        });
        child.stdin!.write('{"jsonrpc":"2.0","id":\n');
        return answer;
      }
      const { id, answer } = request("tools/call", paramsFor(kind));
      if (kind !== "aborted") return answer;
      await new Promise((r) => setTimeout(r, 100));
      send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "soak: aborted" } });
      // A cancelled request gets no answer; one that still arrives counts as what it is.
      const late = await Promise.race([answer, new Promise<"aborted">((r) => setTimeout(() => r("aborted"), 3_500))]);
      pending.delete(id);
      return late;
    },
    stop: async () => {
      child.stdin!.end();
      return exitOf(child, 20_000);
    },
  };
}

async function startHttp(baseUrl: string): Promise<Caller> {
  const child = spawn(process.execPath, serveArgs("http"), { env: { ...process.env, OPENAPI_MCP_BASE_URL: baseUrl, OPENAPI_MCP_LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.resume();
  const match = await waitForLine(child.stderr!, /serving \d+ tools on (http:\/\/127\.0\.0\.1:\d+\/mcp)/, "serve --transport http");
  child.stderr!.resume();
  const url = match[1]!;
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  let nextId = 0;
  const post = async (body: string, signal?: AbortSignal): Promise<Outcome> => {
    try {
      const reply = await fetch(url, { method: "POST", headers, body, signal: signal ?? AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
      const text = await reply.text();
      if (reply.status !== 200) return text.includes('"jsonrpc"') ? "jsonrpc-error" : "http-error";
      return outcomeOf(JSON.parse(text) as { result?: { isError?: boolean }; error?: unknown });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === "AbortError") return "aborted";
      if (name === "TimeoutError") return "no-answer";
      return "transport-error";
    }
  };
  return {
    pid: child.pid!,
    call: async (kind) => {
      if (kind === "malformed") return post('{"jsonrpc":"2.0","id":');
      const body = JSON.stringify({ jsonrpc: "2.0", id: ++nextId, method: "tools/call", params: paramsFor(kind) });
      if (kind !== "aborted") return post(body);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      return post(body, controller.signal);
    },
    stop: async () => {
      child.kill("SIGTERM");
      return exitOf(child, 20_000);
    },
  };
}

// ───────────────────────────────────────────── figures

interface Sample {
  atS: number;
  rssMiB: number;
  fds: number;
}

function sample(pid: number, startedAt: number): Sample | undefined {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return { atS: Math.round((performance.now() - startedAt) / 1000), rssMiB: rss ? Math.round(Number(rss[1]) / 102.4) / 10 : Number.NaN, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface TransportReport {
  transport: "stdio" | "http";
  durationS: number;
  calls: number;
  byKind: Record<string, Record<string, number>>;
  unexpected: number;
  samples: Sample[];
  start: Sample | undefined;
  end: Sample | undefined;
  exit: string;
  orphaned: boolean;
}

async function soak(transport: "stdio" | "http", baseUrl: string, options: Options): Promise<TransportReport> {
  const caller = transport === "stdio" ? await startStdio(baseUrl) : await startHttp(baseUrl);
  const startedAt = performance.now();
  const byKind: Record<string, Record<string, number>> = {};
  let calls = 0;
  let unexpected = 0;
  let measuring = false;
  const deadline = startedAt + (options.warmupS + options.durationS) * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const kind = pickKind();
      const outcome = await caller.call(kind);
      if (!measuring) continue;
      calls++;
      const counts = (byKind[kind] ??= {});
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (outcome !== EXPECTED[kind]) unexpected++;
    }
  };
  const samples: Sample[] = [];
  const warm = setTimeout(() => {
    measuring = true;
  }, options.warmupS * 1000);
  let start: Sample | undefined;
  const sampler = setInterval(() => {
    const s = sample(caller.pid, startedAt);
    if (s && measuring) {
      start ??= s;
      samples.push(s);
    }
  }, 5_000);
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearTimeout(warm);
  clearInterval(sampler);
  const end = sample(caller.pid, startedAt);
  const exit = await caller.stop();
  return { transport, durationS: options.durationS, calls, byKind, unexpected, samples, start, end, exit, orphaned: alive(caller.pid) };
}

function printReport(report: TransportReport): void {
  const kinds = Object.keys(report.byKind).sort();
  console.log(`\n${report.transport}: ${report.calls} calls in ${report.durationS} s (${Math.round(report.calls / report.durationS)}/s), ${report.unexpected} with an unexpected outcome`);
  console.log(`${"kind".padEnd(18)} ${"expected".padEnd(14)} outcomes`);
  for (const kind of kinds) {
    const outcomes = Object.entries(report.byKind[kind]!).map(([o, n]) => `${o} ${n}`).join(", ");
    console.log(`${kind.padEnd(18)} ${EXPECTED[kind as Kind].padEnd(14)} ${outcomes}`);
  }
  const fmt = (s: Sample | undefined): string => (s ? `RSS ${s.rssMiB} MiB, ${s.fds} fds (t=${s.atS} s)` : "n/a");
  console.log(`server at start: ${fmt(report.start)}`);
  console.log(`server at end:   ${fmt(report.end)}`);
  console.log(`samples (t s: RSS MiB / fds): ${report.samples.map((s) => `${s.atS}: ${s.rssMiB}/${s.fds}`).join("  ")}`);
  console.log(`stopped: ${report.exit}; process left behind: ${report.orphaned ? "YES" : "no"}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  serverHeapMib = options.serverHeapMib;
  const upstream = spawn(process.execPath, ["--import", "tsx", join(ROOT, "examples/petstore/upstream/main.ts"), "--port", "0", "--host", "127.0.0.1"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const match = await waitForLine(upstream.stdout!, /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/, "upstream");
    upstream.stdout!.resume();
    const baseUrl = match[1]!;
    console.log(`soak: ${options.transports.join(" then ")}, ${options.durationS} s each after ${options.warmupS} s warm-up, ${options.concurrency} calls in flight${options.serverHeapMib === undefined ? "" : `, server old space capped at ${options.serverHeapMib} MiB`}; upstream ${baseUrl}; serve from ${existsSync(DIST_MAIN) ? "dist" : "src (tsx)"}`);
    const reports: TransportReport[] = [];
    for (const transport of options.transports) {
      const report = await soak(transport, baseUrl, options);
      printReport(report);
      reports.push(report);
    }
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify({ date: new Date().toISOString(), options, reports }, null, 2)}\n`);
    console.log(`\nwrote ${options.out}`);
    if (reports.some((r) => r.orphaned || r.exit !== "exit 0")) process.exitCode = 1;
  } finally {
    upstream.kill("SIGTERM");
  }
}

await main();
