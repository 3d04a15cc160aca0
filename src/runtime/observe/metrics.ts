/**
 * Prometheus metrics (`serve.metrics`), in the text exposition format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), with `prom-client` — loaded only
 * when metrics are on, so a server without them pays nothing at start or per call. Each server gets
 * its own registry (two servers in one process, as in tests, never mix counts).
 *
 * - `mcp_tool_calls_total{tool,outcome}` and `mcp_tool_call_duration_seconds{tool}`: every call,
 *   refused ones included (outcome as in call-record.ts).
 * - `mcp_upstream_requests_total{status}`: calls that got an upstream answer, by its final status;
 *   the attempts before it count in `mcp_upstream_retries_total`.
 * - `mcp_limit_hits_total{limit}`: per-caller limit refusals (perCaller, perTool, concurrentPerCaller).
 * - `mcp_calls_in_flight`: read from the call gate at scrape time.
 * - `mcp_auth_failures_total{reason}`: counted by the inbound OAuth layer through {@link ServerMetrics.authFailure}.
 */
import type { CallRecord } from "./call-record.js";
import { callOutcome } from "./call-record.js";

/** A server's metrics. */
export interface ServerMetrics {
  /** Counts one finished (or refused) tool call. */
  observeCall(call: CallRecord): void;
  /** Counts one per-caller limit refusal. */
  limitHit(limit: string): void;
  /** Counts one refused inbound credential: `reason` such as `missing_token`, `expired`, `bad_audience`, `insufficient_scope`. */
  authFailure(reason: string): void;
  /** The `Content-Type` of {@link ServerMetrics.render}'s text. */
  readonly contentType: string;
  /** The exposition text. */
  render(): Promise<string>;
}

/** Histogram buckets for a tool call, in seconds: an upstream call takes milliseconds to tens of seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Creates the metrics; `inFlight` is read at every scrape. */
export async function createServerMetrics(inFlight: () => number): Promise<ServerMetrics> {
  const prom = await import("prom-client");
  const registers = [new prom.Registry()];
  const calls = new prom.Counter({ name: "mcp_tool_calls_total", help: "Tool calls, by tool and outcome (ok, limited, rejected, upstream_error, error).", labelNames: ["tool", "outcome"], registers });
  const duration = new prom.Histogram({ name: "mcp_tool_call_duration_seconds", help: "Tool call duration, all attempts included.", labelNames: ["tool"], buckets: DURATION_BUCKETS, registers });
  const upstream = new prom.Counter({ name: "mcp_upstream_requests_total", help: "Tool calls answered by the upstream, by the final HTTP status.", labelNames: ["status"], registers });
  const retries = new prom.Counter({ name: "mcp_upstream_retries_total", help: "Upstream attempts retried.", registers });
  const limits = new prom.Counter({ name: "mcp_limit_hits_total", help: "Requests and calls refused by a per-caller limit, by limit.", labelNames: ["limit"], registers });
  const auth = new prom.Counter({ name: "mcp_auth_failures_total", help: "Inbound requests refused for their credentials, by reason.", labelNames: ["reason"], registers });
  new prom.Gauge({
    name: "mcp_calls_in_flight",
    help: "Tool calls running now.",
    registers,
    collect() {
      this.set(inFlight());
    },
  });
  const registry = registers[0]!;
  return {
    observeCall(call) {
      calls.inc({ tool: call.tool.name, outcome: callOutcome(call) });
      duration.observe({ tool: call.tool.name }, call.ms / 1000);
      if (call.status !== undefined) upstream.inc({ status: String(call.status) });
      if (call.attempts > 1) retries.inc(call.attempts - 1);
    },
    limitHit: (limit) => limits.inc({ limit }),
    authFailure: (reason) => auth.inc({ reason }),
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}
