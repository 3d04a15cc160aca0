/**
 * Start-up against a peer (issue 11): GitHub's whole REST description (1,223 operations, no
 * curation), process start to the first `tools/list` answer fully received over stdio, for
 * `openapi-mcp serve` (the built CLI) and `@ivotoby/openapi-mcp-server` (a dev dependency), in the
 * same run, alternating runs so both see the same machine load. The figure is the ratio of
 * medians; the goal is ours ≤ 0.8 × the peer's. Each side is also given its tools/list size in
 * o200k tokens, so a faster start is not bought with a smaller list.
 *
 *   npm run build && npx tsx bench/startup-peer.ts [--runs 7] [--out bench/results/startup-peer.json]
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { gitRevision, loadAverages } from "./git-revision.js";
import { spreadOf, type Spread } from "./stats.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SPEC = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const UPSTREAM = "http://127.0.0.1:9";
const TARGET_RATIO = 0.8;
const TIMEOUT_MS = 60_000;

/** How each server is started, reading the same spec and pointing at the same (unused) upstream. */
const SERVERS: Record<string, string[]> = {
  "openapi-mcp": [join(ROOT, "dist/bin/main.js"), "serve", SPEC, "--base-url", UPSTREAM],
  "@ivotoby/openapi-mcp-server": [join(ROOT, "node_modules/@ivotoby/openapi-mcp-server/bin/mcp-server.js"), "--openapi-spec", SPEC, "--api-base-url", UPSTREAM, "--transport", "stdio"],
};

interface Run {
  ms: number;
  /** CPU (user + system, all threads) the server had used when its answer arrived; Linux only. */
  cpuMs: number | undefined;
  tools: number;
  tokens: number;
}

/** Spawn → the `tools/list` response line received, with a bare newline-JSON-RPC client. */
function startOnce(args: string[]): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
  const send = (message: object): boolean => child.stdin.write(`${JSON.stringify(message)}\n`);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr.length < 8000 && (stderr += d.toString())));
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "startup-peer", version: "1" } } });
  let pending = "";
  let initialized = false;
  return new Promise<Run>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} gave no tools/list within ${TIMEOUT_MS} ms: ${stderr}`)), TIMEOUT_MS);
    child.once("exit", (code) => reject(new Error(`${args[0]} exited (${code}) during start-up: ${stderr}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() === "" || !line.startsWith("{")) continue;
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id === 1 && !initialized) {
          initialized = true;
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
        } else if (message.id === 2) {
          const ms = performance.now() - t0;
          const cpuMs = cpuMsOf(child.pid);
          clearTimeout(timer);
          const tools = message.result?.tools ?? [];
          resolvePromise({ ms, cpuMs, tools: tools.length, tokens: countTokens(JSON.stringify(message.result)) });
        }
      }
    });
  }).finally(() => {
    child.removeAllListeners("exit");
    child.kill();
  });
}

/**
 * A process's CPU time so far from /proc/<pid>/stat (utime + stime, fields 14 and 15, in clock ticks
 * of 10 ms: USER_HZ is 100 on Linux), so a busy machine's waiting does not count; undefined elsewhere.
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const runs = Number(option("runs", "7"));
  const out = option("out", join(ROOT, "bench/results/startup-peer.json"));
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(SERVERS).map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(SERVERS).map((name) => [name, []]));
  const sizes: Record<string, { tools: number; tokens: number }> = {};
  const loads: number[][] = [];
  // One warm-up each (file cache), then alternating runs.
  for (const args of Object.values(SERVERS)) await startOnce(args);
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(SERVERS)) {
      const run = await startOnce(args);
      times[name]!.push(Math.round(run.ms));
      if (run.cpuMs !== undefined) cpu[name]!.push(run.cpuMs);
      sizes[name] = { tools: run.tools, tokens: run.tokens };
    }
    loads.push(loadAverages());
  }
  const spreads: Record<string, Spread> = Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, spreadOf(ms)]));
  const ratio = spreads["openapi-mcp"]!.median / spreads["@ivotoby/openapi-mcp-server"]!.median;
  const cpuSpreads: Record<string, Spread> = Object.fromEntries(Object.entries(cpu).filter(([, ms]) => ms.length > 0).map(([name, ms]) => [name, spreadOf(ms)]));
  const results = { meta: { ...gitRevision(ROOT), node: process.version, runs, spec: "api.github.com.json (whole)", loadAverages: loads }, times, spreads, cpuMs: cpu, cpuSpreads, sizes, ratio: Math.round(ratio * 100) / 100, target: TARGET_RATIO };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  for (const [name, s] of Object.entries(spreads)) {
    const c = cpuSpreads[name];
    console.log(`${name.padEnd(30)} median ${String(s.median).padStart(5)} ms (min ${s.min}, max ${s.max})${c ? `, CPU median ${c.median} ms` : ""}; ${sizes[name]!.tools} tools, ${sizes[name]!.tokens.toLocaleString("en-US")} o200k tokens`);
  }
  console.log(`ratio ${results.ratio} (target ≤ ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? "met" : "not met"}; load averages ${loads.map((l) => l[0]).join(" ")}; written to ${out}`);
}

await main();
