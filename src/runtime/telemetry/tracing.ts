/**
 * OpenTelemetry spans for tool calls and upstream attempts, through `@opentelemetry/api` only.
 * Even the API is imported by `startTracing` (start-tracing.ts), once an SDK is registered, and
 * handed to {@link enableTracing}; until then every hook here returns after one property read, so a
 * server without `OTEL_*` configuration loads nothing and pays nothing per call.
 *
 * Span shapes follow the OpenTelemetry semantic conventions: a SERVER span per `tools/call`
 * (MCP conventions, https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/: name
 * `tools/call {tool}`, `mcp.method.name`, `gen_ai.tool.name`, `gen_ai.operation.name`), and a
 * CLIENT span per upstream HTTP request, retries and redirect hops included
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client-span), whose context
 * goes upstream in `traceparent`/`tracestate` (W3C Trace Context). The parent of a tool call's span
 * is the W3C context in the request's `params._meta` (MCP 2026-07-28), else the HTTP request's
 * `traceparent` header ({@link adoptHttpTraceContext}). URLs in spans carry no query string and no
 * userinfo, and no header value is recorded: secrets stay out of traces.
 */
import type { Context, Span, TextMapGetter } from "@opentelemetry/api";

type Api = typeof import("@opentelemetry/api");

/** Whether an SDK is registered, and the API to reach it; read first by every hook. */
export const tracingState: { enabled: boolean; api: Api | undefined } = { enabled: false, api: undefined };

/** Switches the hooks on (`api` undefined: off again). */
export function enableTracing(api: Api | undefined): void {
  tracingState.api = api;
  tracingState.enabled = api !== undefined;
}

const TRACER_NAME = "openapi-mcp-bridge";

/** Reads W3C trace context fields from a `_meta` object (keys `traceparent`, `tracestate`, `baggage`). */
const META_GETTER: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === "string" ? value : undefined;
  },
};

/**
 * Streamable HTTP: a request's `traceparent`/`tracestate` headers become the trace context of each
 * JSON-RPC request in it that carries none in `params._meta` (per-message context wins: a batch
 * may mix callers' traces). Does nothing while tracing is off.
 */
export function adoptHttpTraceContext(headers: Record<string, string | string[] | undefined>, messages: readonly unknown[]): void {
  if (tracingState.api === undefined) return;
  const traceparent = headers.traceparent;
  if (typeof traceparent !== "string") return;
  const tracestate = headers.tracestate;
  for (const message of messages) {
    const m = message as { method?: unknown; params?: Record<string, unknown> };
    if (m.method !== "tools/call" || m.params === null || typeof m.params !== "object") continue;
    const meta = (m.params._meta ?? {}) as Record<string, unknown>;
    if (typeof meta.traceparent === "string") continue;
    m.params._meta = { ...meta, traceparent, ...(typeof tracestate === "string" ? { tracestate } : {}) };
  }
}

/**
 * Runs one tool call inside a SERVER span whose parent is the context in `params._meta` (else the
 * active one). A result with `isError` marks the span as an error (`error.type` `tool_error`).
 */
export function traceToolCall<R extends { isError?: boolean }>(tool: string, params: unknown, run: () => Promise<R>): Promise<R> {
  // Not async itself: while off, the call's own promise is returned, with no extra one around it.
  const api = tracingState.api;
  return api === undefined ? run() : tracedToolCall(api, tool, params, run);
}

async function tracedToolCall<R extends { isError?: boolean }>(api: Api, tool: string, params: unknown, run: () => Promise<R>): Promise<R> {
  const { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } = api;
  const meta = (params as { _meta?: unknown } | undefined)?._meta;
  const parent: Context =
    meta !== null && typeof meta === "object" && typeof (meta as Record<string, unknown>).traceparent === "string"
      ? propagation.extract(ROOT_CONTEXT, meta as Record<string, unknown>, META_GETTER)
      : context.active();
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `tools/call ${tool}`,
    { kind: SpanKind.SERVER, attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": tool, "gen_ai.operation.name": "execute_tool" } },
    parent,
  );
  try {
    const result = await context.with(trace.setSpan(parent, span), run);
    if (result.isError === true) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return result;
  } catch (error) {
    span.setAttribute("error.type", error instanceof Error ? error.name : "unknown");
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** One upstream HTTP request's span; see {@link startUpstreamSpan}. */
export interface UpstreamSpan {
  /** The request's headers plus `traceparent` (and `tracestate`) naming this span. */
  headers: Record<string, string>;
  /** The response head arrived. */
  status(code: number): void;
  /** The request failed without a response (`reason` becomes `error.type`). */
  fail(reason: string): void;
  end(): void;
}

/**
 * Starts a CLIENT span for one upstream HTTP request (an attempt, a retry or a redirect hop) as a
 * child of the active context, and returns the headers to send with its context injected; undefined
 * while tracing is off.
 */
export function startUpstreamSpan(method: string, target: URL, attempt: number, headers: Record<string, string>): UpstreamSpan | undefined {
  const api = tracingState.api;
  if (api === undefined) return undefined;
  const { context, propagation, SpanKind, SpanStatusCode, trace } = api;
  const port = target.port !== "" ? Number(target.port) : target.protocol === "https:" ? 443 : 80;
  const span: Span = trace.getTracer(TRACER_NAME).startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      "http.request.method": method,
      "url.full": `${target.origin}${target.pathname}`,
      "server.address": target.hostname,
      "server.port": port,
      ...(attempt > 1 ? { "http.request.resend_count": attempt - 1 } : {}),
    },
  });
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  let ended = false;
  return {
    headers: { ...withoutTraceHeaders(headers), ...carrier },
    status(code) {
      span.setAttribute("http.response.status_code", code);
      if (code >= 400) {
        span.setAttribute("error.type", String(code));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    },
    fail(reason) {
      span.setAttribute("error.type", reason);
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    },
    end() {
      if (ended) return;
      ended = true;
      span.end();
    },
  };
}

/** A curation header of the same name must not fork the trace: this span's context replaces it. */
function withoutTraceHeaders(headers: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower !== "traceparent" && lower !== "tracestate") continue;
    out ??= { ...headers };
    delete out[name];
  }
  return out ?? headers;
}
