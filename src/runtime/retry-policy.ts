/**
 * What to retry and when: retryable statuses and connection errors, exponential backoff with equal
 * jitter, and the server's own `Retry-After` / `retry-after-ms` hints. Pure functions; the clock and
 * the random source are parameters. Imports nothing: this folder is copied verbatim.
 */

/** Statuses worth another try (RFC 9110 §15.5.9, §15.6; RFC 6585 §4 for 429). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Node.js error codes of transient connection failures. `socket hang up` carries `ECONNRESET`;
 * `EAI_AGAIN` is a temporary DNS failure. ENOTFOUND and TLS errors are not transient.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
]);

/** First backoff ceiling; each retry doubles it. */
export const BACKOFF_BASE_MS = 500;
/** Largest backoff ceiling. */
export const BACKOFF_CAP_MS = 8000;

/** True for 408, 429, 500, 502, 503, 504. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** True for a transient connection failure's error code. */
export function isRetryableErrorCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ERROR_CODES.has(code);
}

/**
 * Backoff before retry number `retry` (1 for the first retry): equal jitter over an exponential
 * ceiling, `ceiling/2 + random·ceiling/2` with `ceiling = min(8 s, 500 ms · 2^(retry-1))`. Equal
 * rather than full jitter keeps a floor, so a retry never follows its failure immediately.
 */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

/**
 * The wait the upstream asked for, in ms: `retry-after-ms` (a de-facto header, milliseconds) wins over
 * `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date). A date in the past means 0.
 * Undefined when absent or unparsable. Header names must be lower case.
 */
export function parseRetryAfter(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const ms = headers["retry-after-ms"];
  if (ms !== undefined) {
    const value = Number(ms.trim());
    if (ms.trim() !== "" && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const raw = headers["retry-after"]?.trim();
  if (raw === undefined || raw === "") return undefined;
  // Delay-seconds is an integer; accept a decimal fraction leniently.
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  // An HTTP-date names its day and month; bare numbers like "-5" are not dates.
  const date = /[a-z]/i.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** What {@link planRetry} needs to know about the failed attempt. */
export interface RetryInput {
  /** Number of the retry being considered: 1 after the first attempt failed. */
  retry: number;
  /** Retries allowed after the first attempt. */
  retries: number;
  /** The caller vouches that sending the request again cannot duplicate a side effect. */
  retrySafe: boolean;
  /** Time left before the call's deadline, in ms. */
  remainingMs: number;
  /** The upstream's requested wait (from {@link parseRetryAfter}), if any. */
  retryAfterMs?: number;
  random: () => number;
}

/** The decision: give up, wait and retry, or fail because the upstream's wait passes the deadline. */
export type RetryPlan =
  | { action: "stop" }
  | { action: "retry"; delayMs: number }
  | { action: "retry_after_exceeds_deadline"; retryAfterMs: number };

/**
 * Decides whether a retryable failure is retried. A server-requested wait is honoured as given
 * (not capped) when it fits before the deadline, else the call fails at once; a computed backoff
 * that would not fit stops retrying (the last outcome stands) rather than sleeping into the deadline.
 */
export function planRetry(input: RetryInput): RetryPlan {
  if (!input.retrySafe || input.retry > input.retries) return { action: "stop" };
  if (input.retryAfterMs !== undefined) {
    if (input.retryAfterMs >= input.remainingMs) {
      return { action: "retry_after_exceeds_deadline", retryAfterMs: input.retryAfterMs };
    }
    return { action: "retry", delayMs: input.retryAfterMs };
  }
  const delayMs = backoffDelay(input.retry, input.random);
  return delayMs >= input.remainingMs ? { action: "stop" } : { action: "retry", delayMs };
}
