/**
 * Sends one upstream HTTP call over a shared keep-alive undici dispatcher: one deadline for
 * everything (connect, headers, body, backoff), retries for retry-safe calls only, same-origin
 * redirects only, capped decompression-aware body reading, and cancellation that destroys the socket
 * and stops the body's decoders. Retries honour the upstream's verdict (`x-should-retry`,
 * `stripe-should-retry`) and a process-wide {@link RetryBudget}; each attempt's wait for headers has
 * its own limit. Errors are {@link UpstreamError}s whose messages never hold header values or the
 * query string.
 *
 * Why undici rather than node:http: it is the Node.js project's own HTTP/1.1 client (the engine of
 * Node's `fetch`), and its `request` API costs about half of `http.request`'s CPU per call, measured
 * at 50 calls in flight against a loopback upstream (~23 µs against ~38 µs; bench/overhead).
 * The call's shared state (deadline, cancellation, the dispatcher) is upstream-call.ts, the
 * classification of a failed attempt attempt-failure.ts, the redirect rules redirects.ts, body
 * reading read-body.ts; this file is the attempt and retry loop over them.
 * Imports only node:*, undici, this folder and the tracing hooks (a no-op unless OTEL_* turns them on):
 * it is copied verbatim into generated projects.
 */
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { BuiltRequest } from "../request/build-request.js";
import type { CancelSignal } from "../core/call-cancellation.js";
import { classifyFailure } from "./attempt-failure.js";
import { ContentEncodingLimitError, readBody, type ReadBodyOptions } from "./read-body.js";
import { REDIRECT_STATUSES, sameOriginRedirect, withoutBodyHeaders } from "./redirects.js";
import { isRetryableStatus, parseRetryAfter, planRetry, shouldRetryVerdict, type RetryBudget } from "./retry-policy.js";
import { Call, MAX_TIMER_MS, parseTarget } from "./upstream-call.js";
import { describeTarget, UpstreamError } from "./upstream-error.js";
import { UPSTREAM_LIMIT_SETTINGS } from "./upstream-limits.js";

/** How one call behaves; see {@link sendRequest}. */
export interface SendOptions {
  /** Deadline for the whole call, all attempts and waits included (`ToolPolicy.timeoutMs`). */
  deadlineMs: number;
  /** Retries after the first attempt (`ToolPolicy.retries`); only used when `retrySafe`. */
  retries: number;
  /** Sending the request twice cannot duplicate a side effect (safe method, or an idempotency key). */
  retrySafe: boolean;
  /** Cap on body bytes kept, counted after decompression. */
  maxResponseBytes: number;
  /** Client cancellation (MCP `notifications/cancelled`): an `AbortSignal` or a lighter `CallCancellation`. */
  signal?: CancelSignal;
  /** Limit on waiting for response headers once the request is sent, per attempt. Default (or 0): the remaining deadline. */
  headersTimeoutMs?: number;
  /** Most content codings undone (`read-body`'s default when absent); more fails the call with kind `limit`. */
  maxContentEncodings?: number;
  /** The process-wide retry budget: every call is counted, and each retry must be granted by it. */
  retryBudget?: RetryBudget;
  /** Told once whenever a limit stops something (a retry the budget refused, too many codings, a headers timeout), for the log. */
  onLimit?: (info: { limit: string; setting: string; detail: string }) => void;
  /** Longest gap between body chunks. Default 30 s, bounded by the deadline. */
  bodyTimeoutMs?: number;
  /** Same-origin redirects followed; 0 returns every 3xx as is. Default 5. */
  maxRedirects?: number;
  /** Told before each retry; `attempt` is the number of the attempt about to start (2 for the first retry). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Replaces the backoff sleep (tests); must settle when `signal` aborts, or the call waits on it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Replaces `Math.random` for backoff jitter. */
  random?: () => number;
}

/** The upstream's answer. */
export interface UpstreamResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". Without content-encoding/length once decoded. */
  headers: Record<string, string>;
  /** The body, decoded from gzip/deflate/br, at most `maxResponseBytes` long. */
  body: Buffer;
  /** The body was longer than `maxResponseBytes` and was cut. */
  truncatedBody: boolean;
  /** Attempts made: 1 plus retries (redirect hops are not attempts). */
  attempts: number;
  /** The final URL, after same-origin redirects. */
  url: string;
  /** Why a retryable answer was returned without retrying it, when a limit decided it (the retry budget). */
  notRetried?: string;
}

const DEFAULT_BODY_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;
/** Bodies of discarded responses (retried, redirected) up to this size are drained to keep the socket. */
const DRAIN_LIMIT = 64 * 1024;
/** undici's response headers as one string each: names are already lower case; repeats joined with ", " (RFC 9110 §5.3). */
function headersToRecord(raw: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(raw)) {
    if (name === "__proto__") continue;
    const value = raw[name];
    if (value === undefined) continue;
    out[name] = typeof value === "string" ? value : value.join(", ");
  }
  return out;
}

/** Lets go of a response whose body is not wanted: drains a small one (keeps the socket), else closes. */
function discard(body: Readable, headers: Record<string, string>): void {
  body.on("error", noop);
  const length = headers["content-length"];
  if (length !== undefined && Number(length) <= DRAIN_LIMIT) body.resume();
  else body.destroy();
}

function noop(): void {}

/**
 * Sends `req` and returns the upstream's response, retrying transient failures when `retrySafe`.
 * Returns any HTTP status, including a retryable one once retries run out and a cross-origin 3xx (not
 * followed). Throws {@link UpstreamError} when no response can be returned: `timeout`, `connection`,
 * `cancelled`, `retry_after_exceeds_deadline`, `too_many_redirects` or `invalid_url`.
 */
export async function sendRequest(req: BuiltRequest, options: SendOptions): Promise<UpstreamResponse> {
  let method = req.method.toUpperCase();
  const call = new Call(options, parseTarget(method, req.url), method);
  let headers: Record<string, string> = req.headers;
  let body = req.body;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const random = options.random ?? Math.random;
  let attempt = 0;
  let retriesUsed = 0;
  let redirects = 0;
  let staleRetried = false;
  let redirected = false;

  const retry = async (delayMs: number, reason: string): Promise<void> => {
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    if (delayMs > 0) await call.sleep(delayMs);
  };
  const budget = options.retryBudget;
  budget?.recordCall();
  /** Asks the budget for one retry; on refusal tells `onLimit` and returns why, for the result. */
  const budgetRefusal = (): string | undefined => {
    if (budget === undefined || budget.tryRetry()) return undefined;
    const why = `not retried: this server's retry budget is spent (${budget.describe()}; ${UPSTREAM_LIMIT_SETTINGS.retryBudgetPercent} and ${UPSTREAM_LIMIT_SETTINGS.retryBudgetMin} raise it)`;
    options.onLimit?.({ limit: "retry budget", setting: UPSTREAM_LIMIT_SETTINGS.retryBudgetPercent, detail: budget.describe() });
    return why;
  };

  try {
    for (;;) {
      if (call.failure !== undefined) throw call.failure;
      let inBody = false;
      try {
        if (redirected) redirected = false;
        else attempt++;
        const answer = await call.send(headers, body, attempt);
        call.span?.status(answer.statusCode);
        const res = answer.body;
        call.res = res;
        const status = answer.statusCode;
        const resHeaders = headersToRecord(answer.headers);

        if (REDIRECT_STATUSES.has(status) && maxRedirects > 0 && resHeaders.location !== undefined) {
          const next = sameOriginRedirect(call.target, resHeaders.location);
          if (next !== undefined) {
            discard(res, resHeaders);
            call.res = undefined;
            if (redirects >= maxRedirects) {
              throw new UpstreamError(
                "too_many_redirects",
                `${describeTarget(method, call.target)}: more than ${maxRedirects} redirects`,
                false,
              );
            }
            redirects++;
            if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
              method = "GET";
              body = undefined;
              headers = withoutBodyHeaders(headers);
            }
            call.target = next;
            call.method = method;
            redirected = true;
            continue;
          }
        }

        const verdict = status >= 400 ? shouldRetryVerdict(resHeaders) : undefined;
        let notRetried: string | undefined;
        if (verdict ?? isRetryableStatus(status)) {
          const plan = planRetry({
            retry: retriesUsed + 1,
            retries: options.retries,
            retrySafe: options.retrySafe,
            remainingMs: call.remaining(),
            retryAfterMs: parseRetryAfter(resHeaders, Date.now()),
            random,
          });
          if (plan.action !== "stop") {
            discard(res, resHeaders);
            call.res = undefined;
          }
          if (plan.action === "retry_after_exceeds_deadline") {
            const seconds = Math.ceil(plan.retryAfterMs / 1000);
            const retryAt = new Date(Date.now() + plan.retryAfterMs).toISOString();
            throw new UpstreamError(
              "retry_after_exceeds_deadline",
              `${describeTarget(method, call.target)}: the upstream answered ${status} and asked to retry after ` +
                `${seconds} s (at ${retryAt}), past this call's ${options.deadlineMs} ms deadline`,
              true,
              attempt,
              { retryAfterMs: plan.retryAfterMs, retryAt },
            );
          }
          if (plan.action === "retry") {
            notRetried = budgetRefusal();
            if (notRetried === undefined) {
              retriesUsed++;
              await retry(plan.delayMs, `status ${status}`);
              continue;
            }
          }
        }

        inBody = true;
        const bodyMs = Math.min(options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS, MAX_TIMER_MS);
        const reading: ReadBodyOptions = {
          contentEncoding: resHeaders["content-encoding"],
          maxBytes: options.maxResponseBytes,
          onStop: (stop) => {
            call.stopBody = stop;
          },
        };
        if (bodyMs < call.remaining()) reading.idleTimeoutMs = bodyMs;
        if (options.maxContentEncodings !== undefined) reading.maxEncodings = options.maxContentEncodings;
        const result = await readBody(res, reading);
        if (call.failure !== undefined) throw call.failure;
        if (result.decoded) {
          delete resHeaders["content-encoding"];
          delete resHeaders["content-length"];
        }
        const response: UpstreamResponse = {
          status,
          headers: resHeaders,
          body: result.body,
          truncatedBody: result.truncated,
          attempts: attempt,
          url: call.target.href,
        };
        if (notRetried !== undefined) response.notRetried = notRetried;
        return response;
      } catch (error) {
        if (call.failure !== undefined) throw call.failure;
        if (error instanceof UpstreamError) throw error;
        if (error instanceof ContentEncodingLimitError) {
          const setting = UPSTREAM_LIMIT_SETTINGS.maxContentEncodings;
          options.onLimit?.({ limit: "content encodings", setting, detail: error.message });
          throw new UpstreamError("limit", `${describeTarget(method, call.target)}: ${error.message} (${setting} raises the limit)`, false, attempt, { setting });
        }
        const failure = classifyFailure(error, inBody, options.headersTimeoutMs);
        call.span?.fail(failure.reason);
        if (failure.reason === "headers timeout") {
          options.onLimit?.({ limit: "headers timeout", setting: UPSTREAM_LIMIT_SETTINGS.headersTimeoutMs, detail: failure.what });
        }
        // A pooled connection the server closed while idle fails at once, before any response; one
        // fresh try is free. (undici does not say whether the connection was reused, so this holds
        // for the first reset of any retry-safe call.)
        let notRetried: string | undefined;
        if (options.retrySafe && !staleRetried && !inBody && (failure.code === "ECONNRESET" || failure.code === "EPIPE")) {
          staleRetried = true;
          notRetried = budgetRefusal();
          if (notRetried === undefined) {
            await retry(0, "stale keep-alive connection");
            continue;
          }
        }
        if (failure.transient && notRetried === undefined) {
          const plan = planRetry({
            retry: retriesUsed + 1,
            retries: options.retries,
            retrySafe: options.retrySafe,
            remainingMs: call.remaining(),
            random,
          });
          if (plan.action === "retry") {
            notRetried = budgetRefusal();
            if (notRetried === undefined) {
              retriesUsed++;
              await retry(plan.delayMs, failure.reason);
              continue;
            }
          }
        }
        throw new UpstreamError(
          failure.kind,
          `${describeTarget(method, call.target)}: ${failure.what}${notRetried === undefined ? "" : ` (${notRetried})`}`,
          failure.transient && (options.retrySafe || failure.unsent),
          attempt,
          failure.code === undefined ? undefined : { code: failure.code },
        );
      }
    }
  } catch (error) {
    if (error instanceof UpstreamError) error.attempts = attempt;
    call.span?.fail(error instanceof UpstreamError ? error.kind : "error");
    throw error;
  } finally {
    call.end();
  }
}
