/**
 * Three stateless `serve` replicas behind a real nginx (examples/deploy/nginx.conf with its ports
 * rewritten), driven by a real SDK client: one replica is killed (SIGKILL) mid-run, and no
 * idempotent call may fail beyond the client's one retry. The figures — calls, failures, retries,
 * p50/p99 before and after the kill, and how the replicas shared the calls — are printed as test
 * diagnostics. The replicas share a real redis-server (`OPENAPI_MCP_REDIS_URL`), and a per-tool
 * limit is shown to hold across them.
 *
 * nginx and redis-server come from Debian (`.ci/run` installs them when absent). Kept in `npm test`:
 * about 6 s of load plus start-up.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { parsePrometheusText } from "../helpers/prometheus-text.js";
import { freePort, startRedisServer, waitForPort, type RedisServer } from "../helpers/redis-server.js";
import { cliCommand, PETSTORE_CURATION, PETSTORE_SPEC, repoPath, startProcess, waitForOutput, type StartedProcess } from "../helpers/start-processes.js";

const REPLICAS = 3;
const WORKERS = 4;
const PHASE_MS = 3000;

interface Replica {
  process: StartedProcess;
  metricsUrl: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe("replicas behind nginx", () => {
  let dir: string;
  let upstream: PetstoreUpstream;
  let redis: RedisServer;
  let nginx: StartedProcess;
  let nginxPort: number;
  const replicas: Replica[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "replicas-"));
    upstream = await startPetstoreUpstream({ latencyMs: 15, record: false });
    redis = await startRedisServer();
    nginxPort = await freePort();
    const started = await Promise.all(
      Array.from({ length: REPLICAS }, async () => {
        const process = startProcess(
          globalThis.process.execPath,
          [
            ...cliCommand("src"), "serve", PETSTORE_SPEC, "--curation", PETSTORE_CURATION,
            "--transport", "http", "--host", "127.0.0.1", "--port", "0",
            "--allowed-host", `127.0.0.1:${nginxPort}`,
            "--http-keep-alive-timeout-ms", "65000",
            "--metrics-port", "0",
            "--rate-limit-tool", "get_inventory=5/min",
          ],
          { env: { OPENAPI_MCP_BASE_URL: upstream.url, OPENAPI_MCP_AUTH_API_KEY: "replica-test-key", OPENAPI_MCP_REDIS_URL: redis.url, OPENAPI_MCP_LOG_LEVEL: "info" } },
        );
        const metrics = await waitForOutput(process, "stderr", /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/, 60_000);
        const serving = await waitForOutput(process, "stderr", /serving \d+ tools on http:\/\/127\.0\.0\.1:(\d+)\/mcp/, 60_000);
        return { process, metricsUrl: metrics[1]!, port: Number(serving[1]) };
      }),
    );
    replicas.push(...started);
    // The example configuration, with its three replica ports and listen address rewritten.
    let conf = await readFile(repoPath("examples/deploy/nginx.conf"), "utf8");
    started.forEach((replica, i) => (conf = conf.replace(`127.0.0.1:${3001 + i}`, `127.0.0.1:${replica.port}`)));
    conf = conf.replace("listen 127.0.0.1:8080;", `listen 127.0.0.1:${nginxPort};`);
    assert.ok(started.every((r) => conf.includes(`127.0.0.1:${r.port} `)), "every replica port was rewritten");
    await mkdir(join(dir, "logs"));
    await writeFile(join(dir, "nginx.conf"), conf);
    const root = process.getuid?.() === 0 ? " user root;" : "";
    nginx = startProcess("nginx", ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", `daemon off; pid ${join(dir, "nginx.pid")};${root}`]);
    await waitForPort(nginxPort);
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(replicas.map((r) => r.process.stop()));
    await redis?.stop();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("kills one replica mid-run: no idempotent call fails beyond the client's one retry", async (t) => {
    const client = new Client({ name: "replica-driver", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${nginxPort}/mcp`)));
    type Phase = "before" | "after";
    const stats: Record<Phase, { calls: number; failures: number; retries: number; ms: number[]; errors: string[] }> = {
      before: { calls: 0, failures: 0, retries: 0, ms: [], errors: [] },
      after: { calls: 0, failures: 0, retries: 0, ms: [], errors: [] },
    };
    let phase: Phase = "before";
    let stop = false;
    const once = async (petId: number): Promise<string | undefined> => {
      try {
        const result = await client.callTool({ name: "get_pet", arguments: { petId } });
        return result.isError === true ? JSON.stringify(result.content).slice(0, 200) : undefined;
      } catch (error) {
        return error instanceof Error ? error.message.slice(0, 200) : String(error);
      }
    };
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const own = stats[phase];
        const started = performance.now();
        own.calls++;
        let error = await once(1 + ((w + i) % 5));
        if (error !== undefined) {
          own.retries++;
          own.errors.push(error);
          error = await once(1 + ((w + i) % 5));
          if (error !== undefined) own.failures++;
        }
        own.ms.push(performance.now() - started);
      }
    };
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w));
    await new Promise((resolve) => setTimeout(resolve, PHASE_MS));
    const before = await Promise.all(replicas.map(async (r) => callsServed(r.metricsUrl)));
    phase = "after";
    process.kill(-replicas[1]!.process.child.pid!, "SIGKILL");
    await replicas[1]!.process.exited;
    await new Promise((resolve) => setTimeout(resolve, PHASE_MS));
    stop = true;
    await Promise.all(running);
    const afterKill = await Promise.all([0, 2].map(async (i) => callsServed(replicas[i]!.metricsUrl)));
    await client.close();

    for (const name of ["before", "after"] as const) {
      const s = stats[name];
      const sorted = [...s.ms].sort((a, b) => a - b);
      t.diagnostic(`${name} the kill: ${s.calls} calls, ${s.failures} failed, ${s.retries} retried, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms${s.errors.length ? `; first error: ${s.errors[0]}` : ""}`);
    }
    t.diagnostic(`tool calls served per replica before the kill: ${before.join(", ")}; by the two survivors at the end: ${afterKill.join(", ")}`);
    assert.equal(stats.before.failures + stats.after.failures, 0, "no call failed after its one retry");
    assert.ok(stats.before.calls >= 20 && stats.after.calls >= 20, `enough load on both sides of the kill: ${stats.before.calls}, ${stats.after.calls}`);
    assert.ok(before.every((n) => n > 0), `nginx spread the calls over every replica: ${before.join(", ")}`);
    assert.ok(afterKill.reduce((a, b) => a + b, 0) > before[0]! + before[2]!, "the survivors kept serving");
  });

  it("a per-tool rate limit holds across the replicas (buckets in Redis)", async () => {
    const client = new Client({ name: "limit-driver", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${nginxPort}/mcp`)));
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const result = await client.callTool({ name: "get_inventory", arguments: {} });
      outcomes.push(result.isError === true ? (/at most 5\/min/.test(JSON.stringify(result.content)) ? "limited" : JSON.stringify(result.content)) : "ok");
    }
    await client.close();
    // Per process, the two survivors would allow 5 each, and round-robin would let all 8 through.
    assert.deepEqual(outcomes, ["ok", "ok", "ok", "ok", "ok", "limited", "limited", "limited"]);
  });
});

/** The replica's tool calls so far, from its own /metrics. */
async function callsServed(metricsUrl: string): Promise<number> {
  const families = parsePrometheusText(await (await fetch(metricsUrl)).text());
  return (families.get("mcp_tool_calls_total")?.samples ?? []).reduce((sum, s) => sum + s.value, 0);
}
