/**
 * What to retry and when: retryable statuses and connection errors, exponential backoff with equal
 * jitter, the server's own `Retry-After` / `retry-after-ms` hints and retry verdicts, and the process-wide
 * retry budget. Pure functions and one small counter class; the clock and
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

/**
 * The upstream's own verdict on retrying, which overrides the status rules both ways (a retryable
 * 503 is not retried on `false`; a 409 lock timeout is on `true`): `x-should-retry`, honoured by the
 * SDKs Stainless generates (OpenAI, Anthropic, …), and Stripe's `stripe-should-retry`. Undefined when
 * neither header says `true` or `false`. Header names must be lower case. The method rule still holds:
 * a verdict of `true` does not make a POST without an idempotency key safe to send twice.
 */
export function shouldRetryVerdict(headers: Readonly<Record<string, string>>): boolean | undefined {
  const raw = headers["x-should-retry"] ?? headers["stripe-should-retry"];
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/** How much retrying a whole process may do; see {@link RetryBudget}. */
export interface RetryBudgetSettings {
  /** Retries allowed as a fraction of calls started in the window (0.1: one retry per ten calls). */
  ratio: number;
  /** Retries always allowed per window, however few calls there were (so a quiet server still retries). */
  minRetries: number;
  /** The sliding window, in ms. */
  windowMs: number;
}

/** 10% of calls over 10 s, at least 10 retries per window (Finagle's RetryBudget and gRPC's retry throttling work alike). */
export const DEFAULT_RETRY_BUDGET: RetryBudgetSettings = { ratio: 0.1, minRetries: 10, windowMs: 10_000 };

const BUDGET_BUCKETS = 10;

/**
 * A retry budget shared by every call of a process: a retry is allowed while the retries of the last
 * `windowMs` stay below `max(minRetries, ratio × calls)`. Without it, an always-failing upstream sees
 * every call multiplied by 1 + retries (300 calls became 900 requests); with it, retries add at most
 * the ratio (plus the floor). Counted in ten time buckets, so each call costs a few additions.
 */
export class RetryBudget {
  private readonly calls = new Array<number>(BUDGET_BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUDGET_BUCKETS).fill(0);
  private readonly bucketMs: number;
  private bucket = 0;
  private bucketStart: number;

  constructor(
    readonly settings: RetryBudgetSettings = DEFAULT_RETRY_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucketMs = Math.max(1, settings.windowMs / BUDGET_BUCKETS);
    this.bucketStart = now();
  }

  /** Counts a call (not a retry) starting now. */
  recordCall(): void {
    this.advance();
    this.calls[this.bucket]!++;
  }

  /** Takes one retry from the budget; false when it is spent (the retry must not happen). */
  tryRetry(): boolean {
    this.advance();
    let calls = 0;
    let retries = 0;
    for (let i = 0; i < BUDGET_BUCKETS; i++) {
      calls += this.calls[i]!;
      retries += this.retries[i]!;
    }
    if (retries >= Math.max(this.settings.minRetries, this.settings.ratio * calls)) return false;
    this.retries[this.bucket]!++;
    return true;
  }

  /** Plain words for an error message: what the budget allows. */
  describe(): string {
    const { ratio, minRetries, windowMs } = this.settings;
    return `retries are capped at ${Math.round(ratio * 1000) / 10}% of calls (at least ${minRetries}) per ${windowMs / 1000} s`;
  }

  private advance(): void {
    const now = this.now();
    const elapsed = now - this.bucketStart;
    if (elapsed < this.bucketMs) return;
    const steps = Math.floor(elapsed / this.bucketMs);
    for (let i = 0; i < Math.min(steps, BUDGET_BUCKETS); i++) {
      this.bucket = (this.bucket + 1) % BUDGET_BUCKETS;
      this.calls[this.bucket] = 0;
      this.retries[this.bucket] = 0;
    }
    this.bucketStart += steps * this.bucketMs;
  }
}
