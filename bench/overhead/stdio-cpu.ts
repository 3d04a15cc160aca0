/**
 * Server CPU per stdio `tools/call`, by era — http-cpu.ts's counterpart for the stdio transport, for
 * steering per-call work on a shared machine where wall times are noise.
 *
 * Starts the loopback upstream, then for each era asked for a fresh `serve` (dist/bin/main.js) or
 * floor over stdio (over stdio the opening decides the era: `initialize` for 2025-11-25, a request
 * with the `_meta` envelope for 2026-07-28), warms it up, and sends `--calls` sequential calls as
 * newline-delimited JSON-RPC; prints the server's user+system CPU per call (from /proc), user and
 * system apart. `--callgrind DIR` runs each server under callgrind with instrumentation on only for
 * the measured calls and prints instructions per call instead.
 *
 * `--concurrency N` keeps N calls in flight instead of one, as the overhead benchmark's throughput
 * cells do, and prints CPU per call of all three processes — server, upstream and this driver —
 * since on a small machine they share the cores; with the server's read/write system calls,
 * wake-ups and page faults per call (load-independent counts, /proc). Each round also prints the
 * server's garbage collections (gc-probe.mjs; see http-cpu.ts).
 *
 *   npx tsx bench/overhead/stdio-cpu.ts [--eras 2025,2026] [--calls 1000] [--bytes 204800] [--rounds 2]
 *     [--server serve|floor] [--main PATH/dist/bin/main.js] [--callgrind DIR] [--concurrency 1]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { callgrindInstructions, cpuUs, gcLine, gcProbe, kernelCounts } from "./process-cpu.js";
import { modernMeta, optionReader } from "./raw-modern-client.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const META = modernMeta("stdio-cpu");

const argv = process.argv.slice(2);
const opt = optionReader(argv);
const calls = Number(opt("calls", "1000"));
const bytes = Number(opt("bytes", "204800"));
const rounds = Number(opt("rounds", "2"));
const eras = opt("eras", "2025,2026").split(",");
const serverKind = opt("server", "serve");
const mainJs = opt("main", join(ROOT, "dist/bin/main.js"));
const callgrindDir = opt("callgrind", "");
const concurrency = Number(opt("concurrency", "1"));

function startUpstream(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "examples/petstore/upstream/main.ts"), "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const match = /listening on (\S+)/.exec(seen);
      if (match) ok({ child, url: match[1]! });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`upstream exited ${code}: ${seen}`)));
  });
}

/** A stdio server and a way to send it one request and await its answer. */
class StdioServer {
  private pending = new Map<number, () => void>();
  private buffered = "";
  readonly child: ChildProcess;
  /** The server's collections (gc-probe.mjs). */
  readonly gc = gcProbe(join(mkdtempSync(join(tmpdir(), "stdio-cpu-")), "gc.json"));

  constructor(upstream: string) {
    const args =
      serverKind === "floor"
        ? [...this.gc.args, "--import", "tsx", join(HERE, "floor-server.ts"), "--upstream", upstream, "--transport", "stdio"]
        : [...this.gc.args, mainJs, "serve", join(HERE, "bench-spec.yaml"), "--curation", join(HERE, "bench.curation.yaml"), "--transport", "stdio"];
    const wrapper = callgrindDir === "" ? [] : ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${callgrindDir}/cg.%p`];
    const command = wrapper.length === 0 ? process.execPath : wrapper[0]!;
    this.child = spawn(command, [...wrapper.slice(1), ...(wrapper.length === 0 ? [] : [process.execPath]), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...this.gc.env, OPENAPI_MCP_BASE_URL: upstream, OPENAPI_MCP_LOG_LEVEL: "error" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf("\n")) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        // The id is the last key the driver's answers carry, or the first: find it without parsing 200 KB.
        const id = /"id":(\d+)[,}]/.exec(line.length > 400 ? line.slice(0, 200) + line.slice(-200) : line)?.[1];
        if (id !== undefined) this.pending.get(Number(id))?.();
      }
    });
  }

  request(message: Record<string, unknown> & { id: number }): Promise<void> {
    return new Promise((ok) => {
      this.pending.set(message.id, ok);
      this.child.stdin!.write(`${JSON.stringify(message)}\n`);
    });
  }

  stop(): Promise<void> {
    return new Promise((ok) => {
      if (this.child.exitCode !== null) return ok();
      this.child.once("exit", () => ok());
      this.child.stdin!.end();
      setTimeout(() => this.child.kill("SIGTERM"), 2000).unref();
    });
  }
}

/** Sends `n` calls made by `call`, `concurrency` at a time. */
async function batch(server: StdioServer, n: number, call: () => Record<string, unknown> & { id: number }): Promise<void> {
  let left = n;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      await server.request(call());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

const { child: upstream, url } = await startUpstream();
let id = 0;
try {
  console.log(`server=${serverKind === "floor" ? "floor" : mainJs} calls=${calls} concurrency=${concurrency} bytes=${bytes} load=${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  for (const era of eras) {
    const server = new StdioServer(url);
    const pid = server.child.pid!;
    const call = (): Record<string, unknown> & { id: number } => ({
      jsonrpc: "2.0",
      id: ++id,
      method: "tools/call",
      params: era === "2026" ? { name: "bench_payload", arguments: { bytes }, _meta: META } : { name: "bench_payload", arguments: { bytes } },
    });
    if (era === "2025") {
      await server.request({ jsonrpc: "2.0", id: ++id, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "stdio-cpu", version: "1.0.0" } } });
      server.child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    }
    for (let round = 0; round < rounds; round++) {
      await batch(server, Math.min(500, calls), call);
      if (callgrindDir !== "") {
        execFileSync("callgrind_control", ["-z", String(pid)], { stdio: "ignore" });
        execFileSync("callgrind_control", ["-i", "on", String(pid)], { stdio: "ignore" });
      }
      // gc-probe.mjs writes every 100 ms: let it catch up before each reading.
      await sleep(150);
      const gc0 = server.gc.read();
      const kernel0 = kernelCounts(pid);
      const others0 = { upstream: cpuUs(upstream.pid!), client: process.cpuUsage() };
      const before = cpuUs(pid);
      const t0 = performance.now();
      await batch(server, calls, call);
      const wall = performance.now() - t0;
      const after = cpuUs(pid);
      const others1 = { upstream: cpuUs(upstream.pid!), client: process.cpuUsage(others0.client) };
      const kernel1 = kernelCounts(pid);
      if (callgrindDir !== "") {
        execFileSync("callgrind_control", ["-i", "off", String(pid)], { stdio: "ignore" });
        console.log(`call-${era} stdio  server ${(callgrindInstructions(pid, callgrindDir) / calls / 1000).toFixed(0).padStart(6)} k instructions/call`);
      } else if (concurrency === 1) {
        const user = (after.user - before.user) / calls;
        const system = (after.system - before.system) / calls;
        console.log(`call-${era} stdio  server CPU ${(user + system).toFixed(0).padStart(5)} µs/call (user ${user.toFixed(0)}, system ${system.toFixed(0)})`);
      } else {
        const server = (after.user + after.system - before.user - before.system) / calls;
        const ups = (others1.upstream.user + others1.upstream.system - others0.upstream.user - others0.upstream.system) / calls;
        const cli = (others1.client.user + others1.client.system) / calls;
        const per = (n: number): string => (n / calls).toFixed(2);
        console.log(
          `call-${era} stdio  µs/call  server ${server.toFixed(0).padStart(5)} (sys ${((after.system - before.system) / calls).toFixed(0)})  upstream ${ups.toFixed(0).padStart(5)}  client ${cli.toFixed(0).padStart(5)}  total ${(server + ups + cli).toFixed(0).padStart(5)}   ${((calls * 1000) / wall).toFixed(0)} calls/s` +
            `   server per call: reads ${per(kernel1.reads - kernel0.reads)}, writes ${per(kernel1.writes - kernel0.writes)}, wake-ups ${per(kernel1.switches - kernel0.switches)}, page faults ${per(kernel1.faults - kernel0.faults)}`,
        );
      }
      await sleep(150);
      console.log(`call-${era} stdio  server ${gcLine(gc0, server.gc.read(), calls, wall)}`);
    }
    await server.stop();
  }
} finally {
  upstream.kill("SIGINT");
}
