/**
 * Server CPU per HTTP request, by era and method — the figure issue 10's HTTP work is steered by
 * on a shared machine, where wall times are noise but a process's CPU time is not (much).
 *
 * Starts the loopback upstream, then `serve` (dist/bin/main.js, HTTP) or the floor, and sends
 * `--calls` sequential requests of one kind over a keep-alive connection; prints the server's
 * user+system CPU per request (from /proc) for each kind, and the two apart. `--cpu-prof DIR` profiles the server.
 * A second line per kind gives the server's garbage collections (gc-probe.mjs): a process whose
 * in-flight calls' objects are being promoted shows twice the young-GC time per call and full
 * collections every few seconds, where a healthy one shows none.
 *
 *   npx tsx bench/overhead/http-cpu.ts [--calls 3000] [--kinds call-2026,call-2025,list-2026,list-2025,ping-2026,discover-2026]
 *     [--server serve|floor] [--bytes 1024] [--cpu-prof DIR] [--main PATH/dist/bin/main.js]
 *     [--concurrency 1] [--client raw|sdk]
 *
 * `--callgrind DIR` runs the server under valgrind's callgrind with instrumentation off, switches it
 * on for each kind's measured calls only, and prints instructions per request: a figure other
 * load on the machine does not move (slow: keep `--calls` near 1000).
 *
 * `--main` serves from another build (say, a worktree of the commit before a change), so two
 * builds can be compared on the same machine minutes apart. Measure after a warm-up: list a kind
 * twice (call-2026,call-2025,call-2026,call-2025) and read the later figures; the first round of a
 * fresh process still pays for JIT compilation.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { callgrindInstructions, cpuUs, gcLine, gcProbe, kernelCounts, tcpPeers } from "./process-cpu.js";
import { modernMeta, optionReader } from "./raw-modern-client.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const MODERN = "2026-07-28";
const META = modernMeta("http-cpu");
const TOOL = "bench_payload";

const argv = process.argv.slice(2);
const opt = optionReader(argv);
const calls = Number(opt("calls", "3000"));
const bytes = Number(opt("bytes", "1024"));
const kinds = opt("kinds", "call-2026,call-2025,list-2026,list-2025,ping-2026,discover-2026").split(",");
const serverKind = opt("server", "serve");
const profileDir = opt("cpu-prof", "");
const mainJs = opt("main", join(ROOT, "dist/bin/main.js"));
const callgrindDir = opt("callgrind", "");
const concurrency = Number(opt("concurrency", "1"));
const clientKind = opt("client", "raw");
if (clientKind !== "raw" && clientKind !== "sdk") throw new Error(`--client takes raw or sdk, got ${clientKind}`);

function start(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, wrapper: string[] = []): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = wrapper.length === 0 ? spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] }) : spawn(wrapper[0]!, [...wrapper.slice(1), process.execPath, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const match = ready.exec(seen);
      if (match) resolvePromise({ child, match });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${seen}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once("exit", () => r());
    child.kill("SIGINT");
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function post(url: URL, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "content-length": String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolvePromise(Buffer.concat(chunks).toString("utf8")) : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks).toString("utf8").slice(0, 300)}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function requestFor(kind: string, id: number): { body: string; headers: Record<string, string> } {
  const [what, era] = kind.split("-") as [string, string];
  const method = what === "call" ? "tools/call" : what === "list" ? "tools/list" : what === "ping" ? "ping" : "server/discover";
  const params: Record<string, unknown> = what === "call" ? { name: TOOL, arguments: { bytes } } : {};
  if (era === "2026") {
    params._meta = META;
    const headers: Record<string, string> = { "mcp-protocol-version": MODERN, "mcp-method": method };
    if (what === "call") headers["mcp-name"] = TOOL;
    return { body: JSON.stringify({ jsonrpc: "2.0", id, method, params }), headers };
  }
  return { body: JSON.stringify({ jsonrpc: "2.0", id, method, params }), headers: { "mcp-protocol-version": "2025-11-25" } };
}

const { child: upstream, match: up } = await start(["--import", "tsx", join(ROOT, "examples/petstore/upstream/main.ts"), "--port", "0"], /listening on (\S+)/, process.env);
const prof = profileDir === "" ? [] : ["--cpu-prof", "--cpu-prof-interval", "250", `--cpu-prof-dir=${profileDir}`];
const gc = gcProbe(join(mkdtempSync(join(tmpdir(), "http-cpu-")), "gc.json"));
const serverArgs =
  serverKind === "floor"
    ? [...prof, ...gc.args, "--import", "tsx", join(HERE, "floor-server.ts"), "--upstream", up[1]!, "--transport", "http", "--port", "0"]
    : [...prof, ...gc.args, mainJs, "serve", join(HERE, "bench-spec.yaml"), "--curation", join(HERE, "bench.curation.yaml"), "--transport", "http", "--host", "127.0.0.1", "--port", "0"];
const valgrind = callgrindDir === "" ? [] : ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${callgrindDir}/cg.%p`];
const { child: server, match } = await start(serverArgs, serverKind === "floor" ? /floor listening on (\S+)/ : /serving \d+ tools on (\S+)/, { ...process.env, ...gc.env, OPENAPI_MCP_BASE_URL: up[1]! }, valgrind);

const url = new URL(match[1]!);
const upstreamPort = Number(new URL(up[1]!).port);
/** The v1 SDK client, connected once, for `--client sdk` (2025-era calls only). */
let sdkClient: Client | undefined;

/** Sends `n` requests of `kind`, `concurrency` at a time. */
async function batch(kind: string, n: number): Promise<void> {
  let left = n;
  const sdk = clientKind === "sdk" && kind === "call-2025" ? sdkClient : undefined;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      if (sdk !== undefined) {
        const result = await sdk.callTool({ name: TOOL, arguments: { bytes } });
        if (result.isError === true) throw new Error(`tools/call failed: ${JSON.stringify(result).slice(0, 300)}`);
      } else {
        const r = requestFor(kind, ++id);
        await post(url, r.body, r.headers);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

const per = (us: number): string => (us / calls).toFixed(0).padStart(5);
let id = 0;
try {
  console.log(`server=${serverKind === "floor" ? "floor" : mainJs} client=${clientKind} calls=${calls} concurrency=${concurrency} bytes=${bytes} load=${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  if (clientKind === "sdk") {
    sdkClient = new Client({ name: "http-cpu", version: "1.0.0" });
    await sdkClient.connect(new StreamableHTTPClientTransport(url));
  }
  for (const kind of kinds) {
    // Warm-up: JIT and caches.
    await batch(kind, Math.min(500, calls));
    if (valgrind.length > 0) {
      execFileSync("callgrind_control", ["-z", String(server.pid)], { stdio: "ignore" });
      execFileSync("callgrind_control", ["-i", "on", String(server.pid)], { stdio: "ignore" });
    }
    // gc-probe.mjs writes every 100 ms: let it catch up before each reading.
    await sleep(150);
    const gc0 = gc.read();
    const peers0 = { server: tcpPeers(url.port), upstream: tcpPeers(upstreamPort) };
    const kernel0 = { server: kernelCounts(server.pid!), upstream: kernelCounts(upstream.pid!) };
    const before = { server: cpuUs(server.pid!), upstream: cpuUs(upstream.pid!), client: process.cpuUsage() };
    const t0 = performance.now();
    await batch(kind, calls);
    const wall = performance.now() - t0;
    const after = { server: cpuUs(server.pid!), upstream: cpuUs(upstream.pid!), client: process.cpuUsage(before.client) };
    const kernel1 = { server: kernelCounts(server.pid!), upstream: kernelCounts(upstream.pid!) };
    const peers1 = { server: tcpPeers(url.port), upstream: tcpPeers(upstreamPort) };
    const user = after.server.user - before.server.user;
    const system = after.server.system - before.server.system;
    if (valgrind.length > 0) {
      execFileSync("callgrind_control", ["-i", "off", String(server.pid)], { stdio: "ignore" });
      console.log(`${kind.padEnd(14)} server ${(callgrindInstructions(server.pid!, callgrindDir) / calls / 1000).toFixed(0).padStart(6)} k instructions/req`);
    } else if (concurrency === 1) {
      console.log(`${kind.padEnd(14)} server CPU ${per(user + system)} µs/req (user ${(user / calls).toFixed(0)}, system ${(system / calls).toFixed(0)})   wall ${per(wall * 1000)} µs/req`);
    } else {
      const ups = after.upstream.user + after.upstream.system - before.upstream.user - before.upstream.system;
      const cli = after.client.user + after.client.system;
      const opened = (now: Set<number>, then: Set<number>): number => [...now].filter((p) => !then.has(p)).length;
      console.log(
        `${kind.padEnd(14)} µs/req  server ${per(user + system)} (sys ${(system / calls).toFixed(0)})  upstream ${per(ups)}  client ${per(cli)}  total ${per(user + system + ups + cli)}   ` +
          `${((calls * 1000) / wall).toFixed(0)} req/s   connections: server ${peers1.server.size} (+${opened(peers1.server, peers0.server)}), upstream ${peers1.upstream.size} (+${opened(peers1.upstream, peers0.upstream)})`,
      );
      const counts = (a: ReturnType<typeof kernelCounts>, b: ReturnType<typeof kernelCounts>): string =>
        `reads ${((b.reads - a.reads) / calls).toFixed(2)}, writes ${((b.writes - a.writes) / calls).toFixed(2)}, wake-ups ${((b.switches - a.switches) / calls).toFixed(2)}, page faults ${((b.faults - a.faults) / calls).toFixed(2)}`;
      console.log(`${"".padEnd(14)} per req  server: ${counts(kernel0.server, kernel1.server)}   upstream: ${counts(kernel0.upstream, kernel1.upstream)}`);
    }
    await sleep(150);
    console.log(`${"".padEnd(14)} server  ${gcLine(gc0, gc.read(), calls, wall)}`);
  }
} finally {
  await sdkClient?.close();
  agent.destroy();
  await stop(server);
  await stop(upstream);
}
