/**
 * Tracing turned on by OTEL_* variables alone, with `serve` as a real process: spans arrive at a
 * loopback OTLP/HTTP (JSON) receiver this test runs, a tool call's SERVER span takes its parent from
 * the HTTP `traceparent` header or from `params._meta` (MCP 2026-07-28), each upstream attempt is a
 * CLIENT span under it, and the upstream receives that attempt's `traceparent`. Without OTEL_*
 * nothing is sent upstream.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startOtlpReceiver, spanAttribute as attr, waitFor, type OtlpReceiver } from "../helpers/otlp-receiver.js";
import { cliCommand, startProcess, stopAllProcesses, waitForOutput, type StartedProcess } from "../helpers/start-processes.js";
import type { IncomingHttpHeaders } from "node:http";

const SPEC = `openapi: 3.1.0
info: { title: things, version: 1.0.0 }
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{ name: apiKey, in: query, schema: { type: string } }]
      responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } }
`;
const CURATION = "tools:\n  - operation: listThings\n    retries: 1\n";
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** A loopback upstream that records request headers and can fail the next N requests with 503. */
interface Upstream {
  origin: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  failNext: number;
  reset(reply: { status: number; headers?: Record<string, string>; body?: string }): void;
  close(): Promise<void>;
}
async function startUpstream(): Promise<Upstream> {
  let reply: { status: number; headers?: Record<string, string>; body?: string } = { status: 200, body: "{}" };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.requests.push({ url: req.url ?? "", headers: { ...req.headers } });
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(503, { "retry-after": "0" }).end("busy");
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? "");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const state: Upstream = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    failNext: 0,
    reset(next) {
      state.requests.length = 0;
      reply = next;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  return state;
}

describe("serve: OpenTelemetry tracing from OTEL_* alone (real process, loopback OTLP receiver)", () => {
  let upstream: Upstream;
  let receiver: OtlpReceiver;
  let dir: string;

  before(async () => {
    upstream = await startUpstream();
    receiver = await startOtlpReceiver();
    dir = mkdtempSync(join(tmpdir(), "i12-trace-"));
    writeFileSync(join(dir, "spec.yaml"), SPEC);
    writeFileSync(join(dir, "curation.yaml"), CURATION);
  });
  after(async () => {
    await stopAllProcesses();
    await upstream.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(env: Record<string, string>): Promise<{ started: StartedProcess; url: string }> {
    const started = startProcess(process.execPath, [...cliCommand("src"), "serve", join(dir, "spec.yaml"), "--curation", join(dir, "curation.yaml"), "--transport", "http", "--port", "0"], {
      env: { OPENAPI_MCP_BASE_URL: upstream.origin, ...env },
    });
    const [, url] = await waitForOutput(started, "stderr", /serving 1 tools on (\S+)/);
    return { started, url: url! };
  }
  const call = (url: string, headers: Record<string, string> = {}, meta?: Record<string, string>) =>
    fetch(url, {
      method: "POST",
      headers: { ...JSON_HEADERS, ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_things", arguments: { apiKey: "secret-query-value" }, ...(meta ? { _meta: meta } : {}) } }),
    });

  it("spans for the tool call and each upstream attempt, parented by the HTTP traceparent, and the upstream sees the attempt's traceparent", async () => {
    const { started: proc, url } = await serve({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "things-mcp",
      OTEL_BSP_SCHEDULE_DELAY: "50",
    });
    assert.match(proc.stderr(), /tracing on: exporting spans to otlp/);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";

    // The upstream fails the first attempt (retried: two attempts, two CLIENT spans), then answers.
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    upstream.failNext = 1;
    const answered = await call(url, { traceparent: `00-${traceId}-${parentId}-01` });
    assert.equal(answered.status, 200);
    assert.equal(upstream.requests.length, 2);

    const toolSpan = await waitFor("the tool call's span", () => receiver.spans.find((s) => s.name === "tools/call list_things" && s.traceId === traceId));
    assert.equal(toolSpan.parentSpanId, parentId);
    assert.equal(toolSpan.kind, 2); // SERVER
    assert.equal(attr(toolSpan, "gen_ai.tool.name"), "list_things");
    assert.equal(attr(toolSpan, "mcp.method.name"), "tools/call");
    assert.equal(toolSpan.resource["service.name"], "things-mcp");
    const attempts = await waitFor("two attempt spans", () => {
      const found = receiver.spans.filter((s) => s.parentSpanId === toolSpan.spanId);
      return found.length >= 2 ? found : undefined;
    });
    assert.deepEqual(attempts.map((s) => [s.name, s.kind, attr(s, "http.request.method")]), [["GET", 3, "GET"], ["GET", 3, "GET"]]); // CLIENT
    const statuses = attempts.map((s) => Number(attr(s, "http.response.status_code"))).sort();
    assert.deepEqual(statuses, [200, 503]);
    const retry = attempts.find((s) => Number(attr(s, "http.response.status_code")) === 200)!;
    assert.equal(Number(attr(retry, "http.request.resend_count")), 1);
    assert.ok(attempts.every((s) => !String(attr(s, "url.full")).includes("secret-query-value")), "no query string in spans");
    // The upstream got the retry's own context.
    const seen = upstream.requests.at(-1)!.headers.traceparent;
    assert.equal(seen, `00-${traceId}-${retry.spanId}-01`);
    await proc.stop();
  });

  it("params._meta.traceparent (MCP 2026-07-28) beats the HTTP header", async () => {
    const { started, url } = await serve({ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: "50" });
    const metaTrace = "0af7651916cd43dd8448eb211c80319c";
    const metaParent = "b7ad6b7169203331";
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    const reply = await call(url, { traceparent: "00-11111111111111111111111111111111-2222222222222222-01" }, { traceparent: `00-${metaTrace}-${metaParent}-01` });
    assert.equal(reply.status, 200);
    const toolSpan = await waitFor("the tool call's span", () => receiver.spans.find((s) => s.traceId === metaTrace && s.name === "tools/call list_things"));
    assert.equal(toolSpan.parentSpanId, metaParent);
    assert.equal(toolSpan.resource["service.name"], "things", "the server's name when OTEL_SERVICE_NAME is unset");
    assert.match(String(upstream.requests[0]!.headers.traceparent), new RegExp(`^00-${metaTrace}-[0-9a-f]{16}-01$`));
    await started.stop();
  });

  it("without OTEL_* nothing is traced: no traceparent goes upstream, not even the caller's", async () => {
    const { started, url } = await serve({});
    assert.doesNotMatch(started.stderr(), /tracing on/);
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    const reply = await call(url, { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    assert.equal(reply.status, 200);
    assert.equal(upstream.requests.length, 1);
    assert.equal(upstream.requests[0]!.headers.traceparent, undefined);
    await started.stop();
  });
});
