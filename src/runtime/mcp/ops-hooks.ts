/**
 * What the MCP layer needs of the operations features (prepare-ops.ts builds it): the per-caller
 * limiter and the metrics. Absent when none is configured, so the transports and the tool-call
 * path test one field and go on.
 *
 * {@link callWithLimits} is the tool-call side of the limits: a refused call is answered with an
 * `isError` result saying when to retry, and is still logged (audit, metrics) as `limited`.
 */
import type { CancelSignal } from "../core/call-cancellation.js";
import type { Principal } from "../core/principal.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { errorResult, type ToolResult } from "../core/tool-results.js";
import { invokeTool, type InvokeContext } from "../invoke/invoke-tool.js";
import type { CallerLimiter } from "../limits/caller-limiter.js";
import type { ServerMetrics } from "../observe/metrics.js";

/** The operations features a running server has; see the file comment. */
export interface OpsHooks {
  /** Per-caller limits (`serve.rateLimit`). */
  limiter?: CallerLimiter;
  /** Metrics (`serve.metrics`); `authFailure` is for the inbound OAuth layer. */
  metrics?: ServerMetrics;
  /** Serve `GET /metrics` on the MCP listener (metrics on, no port of their own). */
  metricsOnListener: boolean;
  /** Releases what the features hold (Redis connection, audit file). */
  close(): Promise<void>;
}

/**
 * Runs one tool call under the caller's limits: refused → an `isError` result (nothing sent) and a
 * call-log entry with the limit; admitted → {@link invokeTool}, then the caller's slot is freed.
 * `countRequest` (stdio) also takes from the per-caller bucket, as an HTTP request would have.
 */
export async function callWithLimits(
  limiter: CallerLimiter,
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: InvokeContext,
  signal: CancelSignal | undefined,
  caller: Principal,
  countRequest: boolean,
): Promise<ToolResult> {
  const refusal = await limiter.admitCall(caller, tool.name, countRequest);
  if (refusal !== undefined) {
    ctx.log("warn", "tool call refused by a per-caller limit", { tool: tool.name, principal: caller.id, limit: refusal.limit });
    ctx.logCall?.(tool, { status: undefined, attempts: 0, bytes: 0, limit: refusal.limit }, 0, true, caller, args);
    return errorResult(refusal.message);
  }
  try {
    return await invokeTool(tool, args, ctx, signal, caller);
  } finally {
    limiter.release(caller);
  }
}
