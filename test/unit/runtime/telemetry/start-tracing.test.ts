/** tracingPlanFromEnv: which OTEL_* settings turn tracing on, and what is refused with a warning. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tracingPlanFromEnv, type TracingPlan } from "../../../../src/runtime/telemetry/start-tracing.js";
import { adoptHttpTraceContext, startUpstreamSpan, traceToolCall, tracingState } from "../../../../src/runtime/telemetry/tracing.js";

describe("tracingPlanFromEnv", () => {
  const cases: Array<[string, { env: Record<string, string>; transport?: "stdio" | "http"; want: TracingPlan | undefined }]> = [
    ["nothing set: off", { env: {}, want: undefined }],
    ["an OTLP endpoint alone: otlp", { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }, want: { exporters: ["otlp"], warnings: [] } }],
    ["a traces endpoint alone: otlp", { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" }, want: { exporters: ["otlp"], warnings: [] } }],
    ["OTEL_TRACES_EXPORTER=none beats an endpoint", { env: { OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }, want: undefined }],
    ["OTEL_SDK_DISABLED=true beats everything", { env: { OTEL_SDK_DISABLED: "true", OTEL_TRACES_EXPORTER: "otlp" }, want: undefined }],
    ["otlp and console over HTTP", { env: { OTEL_TRACES_EXPORTER: "otlp, console" }, want: { exporters: ["otlp", "console"], warnings: [] } }],
    ["console over stdio: refused (stdout is the protocol)", { env: { OTEL_TRACES_EXPORTER: "console" }, transport: "stdio", want: { exporters: [], warnings: ["OTEL_TRACES_EXPORTER=console is ignored over stdio: spans on stdout would corrupt the JSON-RPC stream; use otlp"] } }],
    ["an unknown exporter: warned", { env: { OTEL_TRACES_EXPORTER: "zipkin" }, want: { exporters: [], warnings: ["OTEL_TRACES_EXPORTER=zipkin is not supported (otlp, console or none): ignored"] } }],
    ["grpc: not exported, warned", { env: { OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, want: { exporters: [], warnings: ["OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported (no gRPC exporter is installed): traces are not exported; use http/json and the collector's OTLP/HTTP port (4318)"] } }],
  ];
  for (const [name, { env, transport, want }] of cases) {
    it(name, () => assert.deepEqual(tracingPlanFromEnv(env, transport ?? "http"), want));
  }
  it("http/protobuf: sent as http/json, with a warning that says so", () => {
    const plan = tracingPlanFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" }, "http");
    assert.deepEqual(plan?.exporters, ["otlp"]);
    assert.match(plan!.warnings[0]!, /http\/protobuf: traces are sent as OTLP\/HTTP with JSON encoding/);
  });
});

describe("tracing hooks while off", () => {
  it("do nothing: no span, no header, no _meta written, the call runs as is", async () => {
    assert.equal(tracingState.enabled, false);
    assert.equal(startUpstreamSpan("GET", new URL("http://x/"), 1, {}), undefined);
    const messages = [{ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "t" } }];
    adoptHttpTraceContext({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }, messages);
    assert.deepEqual(messages[0]!.params, { name: "t" });
    const result = { content: [], isError: true };
    assert.equal(await traceToolCall("t", {}, async () => result), result);
  });
});
