/**
 * Memory each in-flight tool call keeps alive in the server, serve against the floor: the figure
 * behind throughput at 50 in flight, where every young-generation collection copies whatever the
 * calls in flight hold (and promotes what it sees twice). Deterministic, unlike CPU on a shared
 * machine: heap sizes are read after full collections.
 *
 * Starts a HELD upstream (it answers `GET …/bench/payload` with `--bytes` of JSON, but only when
 * told to), then the server (dist/bin/main.js serve over HTTP, or the floor) with a probe module
 * that, on SIGUSR2, collects garbage twice and writes `process.memoryUsage().heapUsed` (and, with
 * `--snapshots DIR`, a heap snapshot) to a file. Per round: warm up with `--warm` released calls;
 * probe idle; send `--inflight` calls of `--kind` and wait until the upstream holds all of them;
 * probe; release; wait for every answer. Prints bytes per in-flight call for each round.
 *
 *   npx tsx bench/overhead/inflight-heap.ts [--server serve|floor] [--kind call-2026|call-2025]
 *     [--inflight 50] [--rounds 3] [--warm 2000] [--bytes 1024] [--snapshots DIR] [--main PATH]
 *
 * Compare two heap snapshots of one round (idle, held) in Chrome DevTools' "Comparison" view to see
 * what each call holds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import http, { type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { modernMeta, optionReader } from "./raw-modern-client.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const TOOL = "bench_payload";
const opt = optionReader(process.argv.slice(2));
const serverKind = opt("server", "serve");
const kind = opt("kind", "call-2026");
const inflight = Number(opt("inflight", "50"));
const rounds = Number(opt("rounds", "3"));
const warm = Number(opt("warm", "2000"));
const bytes = Number(opt("bytes", "1024"));
const snapshots = opt("snapshots", "");
const mainJs = opt("main", join(ROOT, "dist/bin/main.js"));
if (inflight > 60) throw new Error("--inflight above 60: serve's upstream pool holds 64 connections, so the upstream would never see them all");

const work = mkdtempSync(join(tmpdir(), "inflight-heap-"));
const probeFile = join(work, "probe.mjs");
writeFileSync(
  probeFile,
  [
    'import { setFlagsFromString, writeHeapSnapshot } from "node:v8";',
    'import { runInNewContext } from "node:vm";',
    'import { writeFileSync } from "node:fs";',
    'setFlagsFromString("--expose-gc");',
    'const gc = runInNewContext("gc");',
    'process.on("SIGUSR2", () => {',
    "  gc(); gc();",
    "  const used = process.memoryUsage().heapUsed;",
    "  const out = process.env.PROBE_OUT;",
    "  const dir = process.env.PROBE_SNAPSHOTS;",
    '  if (dir) writeHeapSnapshot(`${dir}/heap-${Date.now()}.heapsnapshot`);',
    "  writeFileSync(out, String(used));",
    "});",
  ].join("\n"),
);

/** The held upstream: answers at once, or holds requests until `release()`. */
const payload = Buffer.from(JSON.stringify({ data: "x".repeat(Math.max(0, bytes - 11)) }));
let holding = false;
const held: ServerResponse[] = [];
let waiters: Array<() => void> = [];
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (!holding) return void res.writeHead(200, { "content-type": "application/json" }).end(payload);
    held.push(res);
    for (const w of waiters) w();
  });
});
await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v3`;
function release(): void {
  holding = false;
  for (const res of held.splice(0)) res.writeHead(200, { "content-type": "application/json" }).end(payload);
}
async function untilHeld(n: number): Promise<void> {
  while (held.length < n) await new Promise<void>((r) => (waiters = [r]));
}

function start(): Promise<{ child: ChildProcess; url: URL }> {
  const args =
    serverKind === "floor"
      ? ["--import", probeFile, "--import", "tsx", join(HERE, "floor-server.ts"), "--upstream", upstreamUrl, "--transport", "http", "--port", "0"]
      : ["--import", probeFile, mainJs, "serve", join(HERE, "bench-spec.yaml"), "--curation", join(HERE, "bench.curation.yaml"), "--transport", "http", "--host", "127.0.0.1", "--port", "0"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, OPENAPI_MCP_BASE_URL: upstreamUrl, PROBE_OUT: join(work, "used"), PROBE_SNAPSHOTS: snapshots }, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((r, reject) => {
    const on = (c: Buffer): void => {
      seen += c.toString("utf8");
      const m = /(?:floor listening on|serving \d+ tools on) (\S+)/.exec(seen);
      if (m) r({ child, url: new URL(m[1]!) });
    };
    child.stdout!.on("data", on);
    child.stderr!.on("data", on);
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: inflight });
let id = 0;
function call(url: URL): Promise<void> {
  const modern = kind === "call-2026";
  const params: Record<string, unknown> = { name: TOOL, arguments: { bytes } };
  if (modern) params._meta = modernMeta("inflight-heap");
  const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params });
  const headers: Record<string, string> = modern ? { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": TOOL } : { "mcp-protocol-version": "2025-11-25" };
  return new Promise((r, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? r() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function probe(child: ChildProcess): Promise<number> {
  const out = join(work, "used");
  rmSync(out, { force: true });
  child.kill("SIGUSR2");
  while (!existsSync(out)) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 20));
  return Number(readFileSync(out, "utf8"));
}

const { child, url } = await start();
try {
  console.log(`server=${serverKind} kind=${kind} inflight=${inflight} bytes=${bytes}`);
  for (let round = 1; round <= rounds; round++) {
    for (let left = warm; left > 0; left -= inflight) await Promise.all(Array.from({ length: Math.min(inflight, left) }, () => call(url)));
    const idle = await probe(child);
    holding = true;
    const answers = Promise.all(Array.from({ length: inflight }, () => call(url)));
    await untilHeld(inflight);
    await new Promise((r) => setTimeout(r, 50));
    const busy = await probe(child);
    release();
    await answers;
    console.log(`round ${round}: heap idle ${(idle / 1e6).toFixed(2)} MB, ${inflight} in flight ${(busy / 1e6).toFixed(2)} MB: ${Math.round((busy - idle) / inflight)} bytes per in-flight call`);
  }
} finally {
  child.kill("SIGINT");
  agent.destroy();
  upstream.close();
  upstream.closeAllConnections();
  rmSync(work, { recursive: true, force: true });
}
