/**
 * The limits on what one upstream may cost this process: bytes read per response, content codings
 * undone, the wait for response headers, and the process-wide retry budget. They are rows of the
 * one limits table (`LIMITS` in core/serve-settings.ts: flag > `OPENAPI_MCP_*` variable > default,
 * resolved once at start); this file turns the resolved values into what `sendRequest` takes, and
 * names the setting behind each for the messages about hitting it. Imports only `core` and this
 * folder's pure modules: it is copied verbatim into generated projects.
 */
import { limitSpec, type ServeLimits } from "../core/serve-settings.js";
import { DEFAULT_RETRY_BUDGET, RetryBudget } from "./retry-policy.js";

/** The environment variable behind each upstream limit, named when it is hit. */
export const UPSTREAM_LIMIT_SETTINGS = {
  maxResponseBytes: limitSpec("maxResponseBytes").env,
  maxContentEncodings: limitSpec("maxContentEncodings").env,
  headersTimeoutMs: limitSpec("upstreamHeadersTimeoutMs").env,
  retryBudgetPercent: limitSpec("retryBudgetPercent").env,
  retryBudgetMin: limitSpec("retryBudgetMin").env,
} as const;

/** What `sendRequest` takes from the limits, beyond the read cap. */
export interface UpstreamSendLimits {
  /** Most content codings undone for one response. */
  maxContentEncodings: number;
  /** Longest wait for response headers per attempt; 0: only the call's deadline bounds it. */
  headersTimeoutMs: number;
  /** The process-wide retry budget (one per server, shared by every call). */
  retryBudget: RetryBudget;
}

/** The upstream options of a server whose limits are `limits`; call once per server (it holds the retry budget). */
export function upstreamSendLimits(limits: ServeLimits): UpstreamSendLimits {
  return {
    maxContentEncodings: limits.maxContentEncodings,
    headersTimeoutMs: limits.upstreamHeadersTimeoutMs,
    retryBudget: new RetryBudget({ ratio: limits.retryBudgetPercent / 100, minRetries: limits.retryBudgetMin, windowMs: DEFAULT_RETRY_BUDGET.windowMs }),
  };
}
