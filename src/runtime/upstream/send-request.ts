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
 * Imports only node:*, undici, this folder and the tracing hooks (a no-op unless OTEL_* turns them on):
 * it is copied verbatim into generated projects.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type { Agent as UndiciAgent, Dispatcher } from "undici";
import type { BuiltRequest } from "../request/build-request.js";
import type { CancelSignal } from "../core/call-cancellation.js";
import { BodyIdleTimeoutError, ContentEncodingLimitError, readBody } from "./read-body.js";
import { isRetryableErrorCode, isRetryableStatus, parseRetryAfter, planRetry, shouldRetryVerdict, type RetryBudget } from "./retry-policy.js";
import { describeTarget, UpstreamError, type UpstreamErrorKind } from "./upstream-error.js";
import { UPSTREAM_LIMIT_SETTINGS } from "./upstream-limits.js";
import { startUpstreamSpan, type UpstreamSpan } from "../telemetry/tracing.js";

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

/** Opening a connection (TCP, and TLS for https) gives up after this long. */
const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;
const MAX_TIMER_MS = 2_147_483_647;
/** Bodies of discarded responses (retried, redirected) up to this size are drained to keep the socket. */
const DRAIN_LIMIT = 64 * 1024;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Request headers describing the body, dropped when a redirect turns the request into a GET (Fetch §4.4). */
const BODY_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
  "transfer-encoding",
]);

// undici's index also loads fetch, WebSocket, cookies and more, ~50 ms of start-up; its Agent and
// its request API (which the index would attach to every dispatcher) take ~20 ms. undici's package has
// no exports map, so the two files are addressable; the runtime tests would catch either moving.
const load = createRequire(import.meta.url);
const Agent = load("undici/lib/dispatcher/agent.js") as typeof UndiciAgent;
const undiciRequest = load("undici/lib/api/api-request.js") as Dispatcher["request"];

/**
 * The keep-alive dispatcher every upstream call goes through, shared across calls and tools. An idle
 * connection is kept 4 s, below the common 5 s server keep-alive timeout, so a pooled socket is
 * rarely closed under us; at most 64 per origin. Idle connections do not hold the process open, so
 * nothing closes it at shutdown. undici's own header and body timers are off: the call's deadline
 * and {@link readBody}'s idle timer rule.
 */
const upstreamDispatcher: Dispatcher = new Agent({
  connections: 64,
  keepAliveTimeout: 4_000,
  keepAliveMaxTimeout: 4_000,
  connect: { timeout: CONNECT_TIMEOUT_MS },
  headersTimeout: 0,
  bodyTimeout: 0,
});

/** One call's shared state: the deadline, cancellation, and what to destroy when either fires. */
class Call {
  readonly deadlineAt: number;
  failure: UpstreamError | undefined;
  /** The body being read, if any. */
  res: Readable | undefined;
  target: URL;
  method: string;
  /** Aborts the attempt in flight: undici listens on it for `abort` (one listener per attempt). */
  readonly aborter = new EventEmitter();
  private readonly timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private sleepController: AbortController | undefined;
  private readonly onAbort: (() => void) | undefined;
  /** Stops the body read in flight, decoders included (set by {@link readBody}'s `onStop`). */
  stopBody: ((error: Error) => void) | undefined;
  /** The span of the HTTP request in flight, when tracing is on: one per attempt and redirect hop. */
  span: UpstreamSpan | undefined;

  constructor(
    readonly options: SendOptions,
    target: URL,
    method: string,
  ) {
    this.target = target;
    this.method = method;
    const deadlineMs = options.deadlineMs;
    this.deadlineAt = performance.now() + deadlineMs;
    if (deadlineMs < MAX_TIMER_MS) {
      this.timer = setTimeout(() => {
        this.fail("timeout", `no complete response within the ${deadlineMs} ms deadline`, this.options.retrySafe);
      }, Math.max(0, deadlineMs));
    }
    const signal = options.signal;
    if (signal !== undefined) {
      if (signal.aborted) this.fail("cancelled", "cancelled by the client", false);
      else {
        this.onAbort = () => this.fail("cancelled", "cancelled by the client", false);
        signal.addEventListener("abort", this.onAbort, { once: true });
      }
    }
  }

  remaining(): number {
    return this.deadlineAt - performance.now();
  }

  /** Records the failure and interrupts whatever is in flight: request, body, or backoff sleep. */
  fail(kind: UpstreamErrorKind, what: string, retryable: boolean): void {
    if (this.failure !== undefined) return;
    const error = new UpstreamError(kind, `${describeTarget(this.method, this.target)}: ${what}`, retryable);
    this.failure = error;
    this.res?.destroy(error);
    // A body that has fully arrived may still be decoding: destroying the response does not stop that.
    this.stopBody?.(error);
    this.aborter.emit("abort");
    this.sleepController?.abort(error);
    this.wake?.();
  }

  /** Stops the timer and the abort listener; the call is over. */
  end(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.options.signal!.removeEventListener("abort", this.onAbort);
    this.res = undefined;
    this.stopBody = undefined;
    this.span?.end();
  }

  /** Sends the request and resolves with the response head; its body is still to be read. */
  send(headers: Record<string, string>, body: Uint8Array | string | undefined, attempt: number): Promise<Dispatcher.ResponseData<unknown>> {
    const target = this.target;
    this.span?.end();
    this.span = startUpstreamSpan(this.method, target, attempt, headers);
    if (this.span !== undefined) headers = this.span.headers;
    const headersMs = this.options.headersTimeoutMs;
    if (target.username !== "" || target.password !== "") {
      // Credentials in the base URL become Basic auth, as http.request's `auth` option did.
      const userinfo = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
      headers = { ...headers, authorization: `Basic ${Buffer.from(userinfo).toString("base64")}` };
    }
    return undiciRequest.call(upstreamDispatcher, {
      origin: target.origin,
      path: target.pathname + target.search,
      method: this.method as Dispatcher.HttpMethod,
      headers,
      body: body ?? null,
      signal: this.aborter,
      headersTimeout: headersMs !== undefined && headersMs > 0 && headersMs < this.remaining() ? headersMs : 0,
      bodyTimeout: 0,
    });
  }

  /** Waits `ms` unless the deadline or cancellation comes first (then throws that failure). */
  async sleep(ms: number): Promise<void> {
    const injected = this.options.sleep;
    try {
      await new Promise<void>((resolve, reject) => {
        this.wake = resolve;
        if (injected === undefined) {
          const timer = setTimeout(resolve, ms);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        } else {
          this.sleepController = new AbortController();
          injected(ms, this.sleepController.signal).then(resolve, reject);
        }
      });
    } catch (error) {
      if (this.failure === undefined) throw error;
    } finally {
      this.wake = undefined;
      this.sleepController = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
  }
}

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

/** The redirect target when it is an http(s) URL on the same origin (scheme, host, port); else undefined. */
function sameOriginRedirect(current: URL, location: string): URL | undefined {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return undefined;
  }
  return next.origin === current.origin ? next : undefined;
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!BODY_HEADERS.has(name.toLowerCase())) out[name] = value;
  return out;
}

function parseTarget(method: string, url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new UpstreamError("invalid_url", `${method}: the upstream URL is not a valid absolute URL`, false);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new UpstreamError("invalid_url", `${method}: unsupported upstream URL scheme "${target.protocol}"`, false);
  }
  return target;
}

/** How a failed attempt is reported, and whether it may be retried. */
interface AttemptFailure {
  kind: "timeout" | "connection";
  what: string;
  reason: string;
  code?: string;
  /** Transient: another attempt could succeed. */
  transient: boolean;
  /** Nothing reached the upstream, so even an unsafe call could be sent again by the caller. */
  unsent: boolean;
}

/**
 * undici's codes for a connection the other side closed or cut short, as the Node.js code they mean:
 * node:http reported both as ECONNRESET ("socket hang up"), and so does this runtime.
 */
const RESET_CODES: ReadonlySet<string> = new Set(["UND_ERR_SOCKET", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH"]);

function classifyFailure(error: unknown, inBody: boolean, headersTimeoutMs: number | undefined): AttemptFailure {
  if (error instanceof BodyIdleTimeoutError) {
    return { kind: "timeout", what: error.message, reason: "body stalled", transient: true, unsent: false };
  }
  const raw = (error as { code?: unknown } | null)?.code;
  if (typeof raw !== "string") throw error; // not a network failure but a bug: let it surface
  if (raw === "UND_ERR_CONNECT_TIMEOUT") {
    return { kind: "connection", what: `could not connect within ${CONNECT_TIMEOUT_MS} ms`, reason: "connect timeout", code: "ETIMEDOUT", transient: true, unsent: true };
  }
  if (raw === "UND_ERR_HEADERS_TIMEOUT") {
    const what = `no response headers within ${headersTimeoutMs} ms (the headers timeout, ${UPSTREAM_LIMIT_SETTINGS.headersTimeoutMs})`;
    return { kind: "timeout", what, reason: "headers timeout", transient: true, unsent: false };
  }
  const code = RESET_CODES.has(raw) ? "ECONNRESET" : raw;
  return {
    kind: "connection",
    what: inBody ? `reading the response body failed (${code})` : `connection failed (${code})`,
    reason: code,
    code,
    transient: isRetryableErrorCode(code),
    unsent: !inBody && (code === "ECONNREFUSED" || code === "EAI_AGAIN"),
  };
}

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
    const why = `not retried: this server's retry budget is spent (${budget.describe()}; ${UPSTREAM_LIMIT_SETTINGS.retryBudgetRatio} and ${UPSTREAM_LIMIT_SETTINGS.retryBudgetMin} raise it)`;
    options.onLimit?.({ limit: "retry budget", setting: UPSTREAM_LIMIT_SETTINGS.retryBudgetRatio, detail: budget.describe() });
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
        const result = await readBody(res, {
          contentEncoding: resHeaders["content-encoding"],
          maxBytes: options.maxResponseBytes,
          ...(bodyMs < call.remaining() ? { idleTimeoutMs: bodyMs } : {}),
          ...(options.maxContentEncodings === undefined ? {} : { maxEncodings: options.maxContentEncodings }),
          onStop: (stop) => {
            call.stopBody = stop;
          },
        });
        if (call.failure !== undefined) throw call.failure;
        if (result.decoded) {
          delete resHeaders["content-encoding"];
          delete resHeaders["content-length"];
        }
        return {
          status,
          headers: resHeaders,
          body: result.body,
          truncatedBody: result.truncated,
          attempts: attempt,
          url: call.target.href,
          ...(notRetried === undefined ? {} : { notRetried }),
        };
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
