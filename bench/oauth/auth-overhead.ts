/**
 * What OAuth costs per tool call, and what tracing costs when it is off — the figures for issue 12.
 *
 * 1. End to end: two `serve` processes over Streamable HTTP on the overhead bench's one-tool spec,
 *    one plain and one an OAuth resource server (a real oidc-provider in this process minted its
 *    ES256 JWT; JWKS fetched once and cached), driven alternately by this process over keep-alive
 *    HTTP: p50/p99 of sequential calls and calls/s with `--concurrency` in flight, per round, and
 *    — the figure that holds up on a loaded machine — each server's CPU time per call (from
 *    /proc/<pid>/stat, over every measured call).
 * 2. Micro, CPU per request in this process: the resource server's `authenticate` for a token it
 *    accepted moments ago, and a full check (the SDK's `verifyBearerToken` over our jose verifier).
 * 3. Tracing off: the three per-call hooks (tool span, HTTP context, upstream span) with no
 *    OTEL_* set, CPU ns per call, in this process.
 *
 *   npx tsx bench/oauth/auth-overhead.ts [--rounds 3] [--calls 400] [--duration-ms 2000] [--concurrency 50] [--bytes 1024]
 *
 * Uses dist/bin/main.js when built, else the sources through tsx (same per-call code, slower start).
 * The upstream (examples/petstore/upstream) and the authorization server run in this process; on a
 * shared machine the figures move with the load: compare the two arms of one run, not runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as jose from "jose";
import * as sdk from "@modelcontextprotocol/server";
import { startPetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { createAccessTokenVerifier } from "../../src/runtime/mcp/access-token-verifier.js";
import { loadAuthorizationServerMetadata } from "../../src/runtime/mcp/authorization-server-metadata.js";
import { createOAuthResourceServer } from "../../src/runtime/mcp/oauth-resource-server.js";
import { adoptHttpTraceContext, startUpstreamSpan, traceToolCall, tracingState } from "../../src/runtime/telemetry/tracing.js";
import { startAuthorizationServer } from "../../test/helpers/authorization-server.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SPEC = join(ROOT, "bench/overhead/bench-spec.yaml");
const CURATION = join(ROOT, "bench/overhead/bench.curation.yaml");
const AUDIENCE = "https://bench.example.test/mcp";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    calls: { type: "string", default: "400" },
    "duration-ms": { type: "string", default: "2000" },
    concurrency: { type: "string", default: "50" },
    bytes: { type: "string", default: "1024" },
  },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
const DURATION_MS = Number(values["duration-ms"]);
const CONCURRENCY = Number(values.concurrency);
const BYTES = Number(values.bytes);

async function startServe(extra: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const built = join(ROOT, "dist/bin/main.js");
  const command = existsSync(built) ? [built] : ["--import", "tsx", join(ROOT, "src/cli/main.ts")];
  const child = spawn(process.execPath, [...command, "serve", SPEC, "--curation", CURATION, "--transport", "http", "--port", "0", ...extra], {
    env: { ...process.env, ...env, OPENAPI_MCP_LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving 1 tools on (\S+)/.exec(stderr);
      if (match) resolvePromise(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { url, child };
}

/** A process's CPU time (user + system) so far, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) "; in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of this process (user + system), in ms. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 5 });
const BODY = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "bench_payload", arguments: { bytes: BYTES } } });

function callOnce(url: URL, token: string | undefined): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "content-length": Buffer.byteLength(BODY), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if (res.statusCode !== 200 || Buffer.concat(chunks).includes('"isError":true')) reject(new Error(`call failed: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`));
        else resolvePromise(performance.now() - started);
      });
    });
    req.on("error", reject);
    req.end(BODY);
  });
}

async function sequential(url: URL, token: string | undefined, calls: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) out.push(await callOnce(url, token));
  return out;
}

async function throughput(url: URL, token: string | undefined): Promise<{ rate: number; calls: number }> {
  let done = 0;
  const until = performance.now() + DURATION_MS;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      await callOnce(url, token);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rate: done / ((performance.now() - started) / 1000), calls: done };
}

const pct = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const median = (values: number[]): number => pct(values, 50);

async function main(): Promise<void> {
  const upstream = await startPetstoreUpstream({ record: false });
  const as = await startAuthorizationServer();
  const env = { OPENAPI_MCP_BASE_URL: `${upstream.url}` };
  const plain = await startServe([], env);
  const authed = await startServe(["--oauth-issuer", as.issuer, "--oauth-audience", AUDIENCE, "--oauth-scope", "mcp:tools"], env);
  const token = await as.token(AUDIENCE, "mcp:tools");
  const arms = [
    { name: "auth off", url: new URL(plain.url), pid: plain.child.pid!, token: undefined as string | undefined, latencies: [] as number[], rates: [] as number[], cpuMs: 0, calls: 0 },
    { name: "auth on (valid JWT)", url: new URL(authed.url), pid: authed.child.pid!, token, latencies: [] as number[], rates: [] as number[], cpuMs: 0, calls: 0 },
  ];
  try {
    for (const arm of arms) await sequential(arm.url, arm.token, 200); // warm-up, JWKS fetched
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? arms : [...arms].reverse();
      for (const arm of order) {
        const cpu = processCpuMs(arm.pid);
        arm.latencies.push(...(await sequential(arm.url, arm.token, CALLS)));
        arm.cpuMs += processCpuMs(arm.pid) - cpu;
        arm.calls += CALLS;
      }
      for (const arm of order) {
        const cpu = processCpuMs(arm.pid);
        const { rate, calls } = await throughput(arm.url, arm.token);
        arm.rates.push(rate);
        arm.cpuMs += processCpuMs(arm.pid) - cpu;
        arm.calls += calls;
      }
    }
  } finally {
    plain.child.kill("SIGTERM");
    authed.child.kill("SIGTERM");
    agent.destroy();
  }

  // Micro: verification alone.
  const metadata = await loadAuthorizationServerMetadata(as.issuer);
  const verifier = createAccessTokenVerifier({ issuer: as.issuer, audience: AUDIENCE, requiredScopes: ["mcp:tools"] }, metadata, {}, { sdk, jose });
  const options = { verifier, requiredScopes: ["mcp:tools"], expectedResource: new URL(AUDIENCE), resourceMetadataUrl: "https://bench.example.test/.well-known/oauth-protected-resource/mcp" };
  const header = `Bearer ${token}`;
  // A full check every time (the SDK's verifyBearerToken over our jose verifier, JWKS cached).
  for (let i = 0; i < 200; i++) await sdk.verifyBearerToken(header, options);
  const fullN = 2000;
  let t = ownCpuMs();
  for (let i = 0; i < fullN; i++) await sdk.verifyBearerToken(header, options);
  const fullUs = ((ownCpuMs() - t) * 1000) / fullN;
  // A token the resource server accepted moments ago: its synchronous path.
  const server = createOAuthResourceServer({ issuer: as.issuer, audience: AUDIENCE, requiredScopes: ["mcp:tools"] }, { name: "b", version: "1", securitySchemes: {}, tools: [] }, metadata, verifier, () => {}, sdk);
  const req = { headers: { authorization: header } } as unknown as IncomingMessage;
  const res = {} as unknown as ServerResponse;
  await server.authenticate(req, res);
  const verifyN = 200_000;
  t = ownCpuMs();
  for (let i = 0; i < verifyN; i++) server.authenticate(req, res);
  const verifyUs = ((ownCpuMs() - t) * 1000) / verifyN;

  // Tracing off: the hooks one call passes through.
  if (tracingState.enabled) throw new Error("tracing must be off here");
  const result = { content: [], isError: false };
  const run = (): Promise<typeof result> => Promise.resolve(result);
  const target = new URL("http://127.0.0.1/x");
  const headers = { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };
  const messages = [{ method: "tools/call", params: { name: "x" } }];
  const hooksN = 1_000_000;
  const baseline = async (): Promise<number> => {
    const s = ownCpuMs();
    for (let i = 0; i < hooksN; i++) await run();
    return ownCpuMs() - s;
  };
  const hooked = async (): Promise<number> => {
    const s = ownCpuMs();
    for (let i = 0; i < hooksN; i++) {
      adoptHttpTraceContext(headers, messages);
      startUpstreamSpan("GET", target, 1, {});
      await traceToolCall("x", messages[0]!.params, run);
    }
    return ownCpuMs() - s;
  };
  await baseline();
  await hooked();
  const hookNs = ((await hooked()) - (await baseline())) * 1e6 / hooksN;

  const [plainArm, authArm] = arms;
  const row = (arm: (typeof arms)[number]): string =>
    `${arm.name.padEnd(20)} server CPU ${((arm.cpuMs * 1000) / arm.calls).toFixed(0)} µs/call (${arm.calls} calls)  p50 ${median(arm.latencies).toFixed(3)} ms  p99 ${pct(arm.latencies, 99).toFixed(3)} ms  ${median(arm.rates).toFixed(0)} calls/s at ${CONCURRENCY} in flight (rounds: ${arm.rates.map((r) => r.toFixed(0)).join(", ")})`;
  console.log(`OAuth overhead, HTTP, ${BYTES}-byte responses, ${ROUNDS} rounds × ${CALLS} sequential calls + ${DURATION_MS} ms at ${CONCURRENCY} in flight; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(row(plainArm!));
  console.log(row(authArm!));
  console.log(`auth on − off: server CPU +${(((authArm!.cpuMs / authArm!.calls) - (plainArm!.cpuMs / plainArm!.calls)) * 1000).toFixed(0)} µs/call`);
  console.log(`auth on / off: p50 ×${(median(authArm!.latencies) / median(plainArm!.latencies)).toFixed(3)} (+${((median(authArm!.latencies) - median(plainArm!.latencies)) * 1000).toFixed(0)} µs), calls/s ×${(median(authArm!.rates) / median(plainArm!.rates)).toFixed(3)}`);
  console.log(`authenticate, a token accepted moments ago: ${verifyUs.toFixed(2)} µs CPU per request; a full check (verifyBearerToken, ES256 JWT, JWKS cached): ${fullUs.toFixed(1)} µs CPU`);
  console.log(`tracing off, the per-call hooks: ${hookNs.toFixed(1)} ns CPU per call (${hooksN} calls; near zero or negative: below measurement)`);
  await as.close();
  await upstream.close();
}

await main();
