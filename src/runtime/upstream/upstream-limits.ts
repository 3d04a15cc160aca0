/**
 * The limits on what one upstream may cost this process, read once from the environment: bytes read
 * per response, content codings undone, the wait for response headers, and the process-wide retry
 * budget. Each has a safe default and an `OPENAPI_MCP_*` variable; an invalid value is reported and
 * the default kept, so a typo never removes a limit. Every message about a limit names its variable
 * (from {@link UPSTREAM_LIMIT_SETTINGS}), so the operator knows what to raise. Imports only this
 * folder's pure modules: it is copied verbatim into generated projects.
 */
import { DEFAULT_MAX_CONTENT_ENCODINGS } from "./read-body.js";
import { DEFAULT_RETRY_BUDGET, type RetryBudgetSettings } from "./retry-policy.js";

/** The environment variable behind each limit. */
export const UPSTREAM_LIMIT_SETTINGS = {
  maxResponseBytes: "OPENAPI_MCP_MAX_RESPONSE_BYTES",
  maxContentEncodings: "OPENAPI_MCP_MAX_CONTENT_ENCODINGS",
  headersTimeoutMs: "OPENAPI_MCP_HEADERS_TIMEOUT_MS",
  retryBudgetRatio: "OPENAPI_MCP_RETRY_BUDGET_RATIO",
  retryBudgetMin: "OPENAPI_MCP_RETRY_BUDGET_MIN",
} as const;

/** Resolved limits; see {@link upstreamLimitsFromEnv}. */
export interface UpstreamLimits {
  /** Cap on body bytes read from one response, counted after decompression. */
  maxResponseBytes: number;
  /** Most content codings undone for one response (`Content-Encoding: gzip, br` is two). */
  maxContentEncodings: number;
  /** Longest wait for response headers per attempt; 0: only the call's deadline bounds it. */
  headersTimeoutMs: number;
  /** The process-wide retry budget. */
  retryBudget: RetryBudgetSettings;
}

/** The defaults: 10 MiB, 5 codings, 15 s for headers, retries ≤ 10% of calls (at least 10) per 10 s. */
export const DEFAULT_UPSTREAM_LIMITS: UpstreamLimits = {
  maxResponseBytes: 10 * 1024 * 1024,
  maxContentEncodings: DEFAULT_MAX_CONTENT_ENCODINGS,
  headersTimeoutMs: 15_000,
  retryBudget: DEFAULT_RETRY_BUDGET,
};

/**
 * Reads the limits from `env`. A value that is not a number in range is passed to `problem` (to be
 * logged) and the default is used.
 */
export function upstreamLimitsFromEnv(
  env: Record<string, string | undefined>,
  problem: (variable: string, message: string) => void = () => {},
): UpstreamLimits {
  const read = (variable: string, fallback: number, valid: (n: number) => boolean, rule: string): number => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && valid(value)) return value;
    problem(variable, `${variable} must be ${rule}, got "${raw}"; using the default ${fallback}`);
    return fallback;
  };
  const positiveInteger = (n: number): boolean => Number.isInteger(n) && n > 0;
  const wholeNumber = (n: number): boolean => Number.isInteger(n) && n >= 0;
  const d = DEFAULT_UPSTREAM_LIMITS;
  const s = UPSTREAM_LIMIT_SETTINGS;
  return {
    maxResponseBytes: read(s.maxResponseBytes, d.maxResponseBytes, positiveInteger, "a whole number of bytes above 0"),
    maxContentEncodings: read(s.maxContentEncodings, d.maxContentEncodings, wholeNumber, "a whole number (0 refuses compressed responses)"),
    headersTimeoutMs: read(s.headersTimeoutMs, d.headersTimeoutMs, wholeNumber, "a whole number of milliseconds (0: the call's deadline only)"),
    retryBudget: {
      ratio: read(s.retryBudgetRatio, d.retryBudget.ratio, (n) => n >= 0, "a fraction of calls, 0 or more (0.1 = 10%)"),
      minRetries: read(s.retryBudgetMin, d.retryBudget.minRetries, wholeNumber, "a whole number of retries per window"),
      windowMs: d.retryBudget.windowMs,
    },
  };
}
