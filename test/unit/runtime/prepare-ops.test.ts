/**
 * The operations features end to end in one process: the real HTTP transport on 127.0.0.1 port 0,
 * a real SDK client, a loopback upstream — per-caller limits (429 with Retry-After, isError
 * results), the audit log and the metrics, each switched on through the same `attachOps` that
 * `runServer` calls.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { runPipeline } from "../../../src/pipeline.js";
import type { OpsFlags } from "../../../src/runtime/core/ops-settings.js";
import type { ServeOpsConfig, ServerDefinition } from "../../../src/runtime/core/tool-definition.js";
import { startHttpServer } from "../../../src/runtime/mcp/http-transport.js";
import { attachOps, readOnlyDefinition, resolveServeOps } from "../../../src/runtime/prepare-ops.js";
import { prepareRuntime } from "../../../src/runtime/prepare-runtime.js";
import { parsePrometheusText, sampleValue } from "../../helpers/prometheus-text.js";
import { PETSTORE_CURATION, PETSTORE_SPEC } from "../../helpers/start-processes.js";

const CANARY = "canary-0ps-s3cret-77aa";

/** An upstream that answers every request with a pet; `hold` keeps answers back until released; `fail` answers 503 that many times first. */
function startUpstream(): Promise<{ origin: string; count: () => number; hold: () => () => void; fail: (n: number) => void; close: () => Promise<void> }> {
  let held: Array<() => void> | undefined;
  let failures = 0;
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      const answer = (): void => {
        if (failures > 0) {
          failures--;
          res.writeHead(503, { "content-type": "application/json" }).end("{}");
        } else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: 1, name: "Rex", photoUrls: [], status: "available" }));
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  server.listen(0, "127.0.0.1");
  return once(server, "listening").then(() => ({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    hold: () => {
      held = [];
      return () => {
        const waiting = held ?? [];
        held = undefined;
        for (const answer of waiting) answer();
      };
    },
    fail: (n: number) => (failures = n),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  }));
}

describe("operations features over HTTP", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let petstore: ServerDefinition;
  let dir: string;
  const closers: Array<() => Promise<void>> = [];

  before(async () => {
    upstream = await startUpstream();
    petstore = (await runPipeline({ spec: PETSTORE_SPEC, curationFile: PETSTORE_CURATION })).server;
    dir = await mkdtemp(join(tmpdir(), "ops-"));
  });
  after(async () => {
    for (const close of closers) await close();
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(config: ServeOpsConfig, flags: OpsFlags = {}): Promise<{ url: string; client: Client; logs: string[]; metrics: () => Promise<string>; authFailure: (reason: string) => void }> {
    const definition = { ...petstore, serve: config };
    const env = { OPENAPI_MCP_BASE_URL: `${upstream.origin}/api/v3`, OPENAPI_MCP_AUTH_API_KEY: CANARY, OPENAPI_MCP_LOG_LEVEL: "warn" };
    const ops = resolveServeOps(definition, flags, env);
    const logs: string[] = [];
    const { prepared, log } = prepareRuntime(definition, env, { writeLog: (line) => logs.push(line) });
    const attached = await attachOps(prepared, ops, log, "127.0.0.1", true);
    const running = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
    const client = new Client({ name: "ops-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
    closers.push(async () => {
      await client.close();
      await running.close();
      await attached.close();
    });
    const metricsUrl = attached.metricsUrl ?? running.url.replace(/\/mcp$/, "/metrics");
    return {
      url: running.url,
      client,
      logs,
      metrics: async () => {
        const res = await fetch(metricsUrl);
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
        return res.text();
      },
      authFailure: (reason) => prepared.ops!.metrics!.authFailure(reason),
    };
  }

  const post = (url: string, body: unknown): Promise<Response> =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify(body) });

  it("a request flood past the per-caller rate gets 429 with Retry-After naming the limit and its settings", async () => {
    const { url } = await serve({ rateLimit: { perCaller: "3/min" } });
    // The client's initialize and initialized notification took two tokens.
    assert.equal((await post(url, { jsonrpc: "2.0", id: 1, method: "tools/list" })).status, 200);
    const refused = await post(url, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    assert.equal(refused.status, 429);
    // One token every 20 s; the clock runs on between the requests (a slow machine may make it 19).
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 18 && retryAfter <= 20, `Retry-After ${retryAfter}`);
    const body = (await refused.json()) as { error: { message: string } };
    assert.match(body.error.message, new RegExp(`^Too Many Requests: Rate limit reached: at most 3/min requests per caller .*serve\\.rateLimit\\.perCaller.*--rate-limit.*retry in ${retryAfter} s\\.$`));
  });

  it("a tool call past its per-tool rate is an isError result saying when to retry; nothing reaches the upstream", async () => {
    const { client } = await serve({ rateLimit: { perTool: { get_pet: "2/h" } } });
    for (let i = 0; i < 2; i++) assert.notEqual((await client.callTool({ name: "get_pet", arguments: { petId: 1 } })).isError, true);
    const before = upstream.count();
    const refused = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
    assert.equal(refused.isError, true);
    const text = (refused.content as Array<{ text: string }>)[0]!.text;
    assert.match(text, /get_pet: at most 2\/h calls per caller.*serve\.rateLimit\.perTool\.get_pet.*Nothing was sent; retry in \d+ s\./);
    const seconds = Number(/retry in (\d+) s/.exec(text)![1]);
    assert.ok(seconds > 1700 && seconds <= 1800, `one token every 1800 s, less the time since the first call: ${seconds}`);
    assert.equal(upstream.count(), before, "nothing was sent");
    assert.notEqual((await client.callTool({ name: "get_inventory", arguments: {} })).isError, true, "other tools are not limited");
  });

  it("a caller's calls in flight are capped", async () => {
    const { client } = await serve({ rateLimit: { concurrentPerCaller: 2 } });
    const release = upstream.hold();
    const running = [client.callTool({ name: "get_pet", arguments: { petId: 1 } }), client.callTool({ name: "get_pet", arguments: { petId: 2 } })];
    while (upstream.count() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await client.callTool({ name: "get_pet", arguments: { petId: 3 } }).finally(release);
    assert.equal(refused.isError, true);
    assert.match((refused.content as Array<{ text: string }>)[0]!.text, /2 are running.*serve\.rateLimit\.concurrentPerCaller.*--max-concurrent-calls-per-caller/);
    for (const result of await Promise.all(running)) assert.notEqual(result.isError, true);
    assert.notEqual((await client.callTool({ name: "get_pet", arguments: { petId: 4 } })).isError, true, "the slots are free again");
  });

  it("audit: one JSON line per call with the fields, no secret; arguments only when asked, redacted", async () => {
    const file = join(dir, "audit.log");
    const { client } = await serve({ audit: { enabled: true, file, arguments: true }, rateLimit: { perTool: { get_inventory: "1/h" } } });
    await client.callTool({ name: "get_pet", arguments: { petId: 7 } });
    await client.callTool({ name: "find_pets", arguments: { status: CANARY } }); // not in the enum: refused, nothing sent
    await client.callTool({ name: "get_inventory", arguments: {} });
    await client.callTool({ name: "get_inventory", arguments: {} });
    await closers.pop()!(); // flushes the file
    const text = await readFile(file, "utf8");
    assert.doesNotMatch(text, new RegExp(CANARY), "no secret in the audit log, argument values included");
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 4);
    const [pet, bad, inventory, limited] = lines;
    assert.deepEqual(Object.keys(pet!).sort(), ["arguments", "bytes", "client", "method", "ms", "outcome", "path", "principal", "retries", "status", "time", "tool", "type"]);
    assert.deepEqual(
      { tool: pet!.tool, method: pet!.method, path: pet!.path, status: pet!.status, outcome: pet!.outcome, retries: pet!.retries, principal: pet!.principal, arguments: pet!.arguments },
      { tool: "get_pet", method: "GET", path: "/pet/{petId}", status: 200, outcome: "ok", retries: 0, principal: "addr:127.0.0.1", arguments: { petId: 7 } },
    );
    assert.ok(Number(pet!.bytes) > 0 && typeof pet!.client === "string" && !Number.isNaN(Date.parse(String(pet!.time))));
    assert.deepEqual({ outcome: bad!.outcome, status: bad!.status, arguments: bad!.arguments }, { outcome: "rejected", status: null, arguments: { status: "[REDACTED]" } });
    assert.equal(inventory!.outcome, "ok");
    assert.deepEqual({ outcome: limited!.outcome, limit: limited!.limit }, { outcome: "limited", limit: "perTool" });
  });

  it("audit without arguments: no argument values at all", async () => {
    const file = join(dir, "audit-plain.log");
    const { client } = await serve({ audit: { enabled: true, file } });
    await client.callTool({ name: "get_pet", arguments: { petId: 424242 } });
    await closers.pop()!();
    const text = await readFile(file, "utf8");
    assert.equal(text.trimEnd().split("\n").length, 1);
    assert.doesNotMatch(text, /424242|arguments/);
  });

  it("metrics on the MCP listener: valid Prometheus text whose counts match the calls made", async () => {
    const { client, metrics, authFailure } = await serve({ metrics: { enabled: true }, rateLimit: { perTool: { delete_pet: "1/h" } } });
    upstream.fail(1); // one 503, retried (GET is retry-safe)
    for (let i = 0; i < 3; i++) await client.callTool({ name: "get_pet", arguments: { petId: i } });
    await client.callTool({ name: "delete_pet", arguments: { petId: 1 } });
    await client.callTool({ name: "delete_pet", arguments: { petId: 1 } });
    authFailure("expired");
    const scraped = await metrics();
    if (process.env.DEBUG_OPS) console.log(scraped);
    const families = parsePrometheusText(scraped);
    for (const name of ["mcp_tool_calls_total", "mcp_tool_call_duration_seconds", "mcp_upstream_requests_total", "mcp_upstream_retries_total", "mcp_limit_hits_total", "mcp_calls_in_flight", "mcp_auth_failures_total"]) {
      assert.ok(families.has(name), `${name} is exposed`);
    }
    assert.equal(families.get("mcp_tool_call_duration_seconds")!.type, "histogram");
    assert.equal(sampleValue(families, "mcp_tool_calls_total", { tool: "get_pet", outcome: "ok" }), 3);
    // delete_pet needs an OAuth token this server lacks: refused before sending, then limited.
    assert.equal(sampleValue(families, "mcp_tool_calls_total", { tool: "delete_pet", outcome: "rejected" }), 1);
    assert.equal(sampleValue(families, "mcp_tool_calls_total", { tool: "delete_pet", outcome: "limited" }), 1);
    assert.equal(sampleValue(families, "mcp_tool_call_duration_seconds_count", { tool: "get_pet" }), 3);
    assert.equal(sampleValue(families, "mcp_upstream_requests_total", { status: "200" }), 3);
    assert.equal(sampleValue(families, "mcp_upstream_retries_total"), 1);
    assert.equal(sampleValue(families, "mcp_limit_hits_total", { limit: "perTool" }), 1);
    assert.equal(sampleValue(families, "mcp_calls_in_flight"), 0);
    assert.equal(sampleValue(families, "mcp_auth_failures_total", { reason: "expired" }), 1);
  });

  it("metrics on a port of their own, with the in-flight gauge read at scrape time", async () => {
    const { client, metrics, url } = await serve({ metrics: { enabled: true, port: 0 } });
    assert.equal((await fetch(url.replace(/\/mcp$/, "/metrics"))).status, 404, "not on the MCP listener then");
    const release = upstream.hold();
    const call = client.callTool({ name: "get_pet", arguments: { petId: 1 } });
    while (upstream.count() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const during = parsePrometheusText(await metrics());
    release();
    await call;
    assert.equal(sampleValue(during, "mcp_calls_in_flight"), 1);
    assert.equal(sampleValue(parsePrometheusText(await metrics()), "mcp_calls_in_flight"), 0);
  });

  it("read-only keeps only readOnlyHint tools, and refuses to leave none", () => {
    const kept = readOnlyDefinition(petstore).tools.map((t) => t.name);
    assert.deepEqual(kept, petstore.tools.filter((t) => t.http.method === "GET").map((t) => t.name));
    assert.ok(kept.length > 0 && kept.length < petstore.tools.length);
    assert.throws(() => readOnlyDefinition({ ...petstore, tools: petstore.tools.filter((t) => t.http.method !== "GET") }), /--read-only leaves no tools/);
  });
});

describe("the Prometheus text check used above", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["sample before TYPE", "a_total 1\n", /before its TYPE/],
    ["bad label escape", '# TYPE a counter\na{x="\\q"} 1\n', /not a valid sample/],
    ["histogram count off", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', /_count must equal/],
    ["falling buckets", '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /must not fall/],
    ["no final newline", "# TYPE a counter\na 1", /end with a newline/],
  ];
  for (const [name, text, want] of cases) it(`refuses ${name}`, () => assert.throws(() => parsePrometheusText(text), want));
});
