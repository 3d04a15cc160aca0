/**
 * Sends one upstream HTTP call with node:http/node:https over shared keep-alive agents: one deadline
 * for everything (connect, headers, body, backoff), retries for retry-safe calls only, same-origin
 * redirects only, capped decompression-aware body reading, and cancellation that destroys the socket.
 * Errors are {@link UpstreamError}s whose messages never hold header values or the query string.
 * Imports only node:* and this folder: it is copied verbatim into generated projects.
 */
import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { BuiltRequest } from "./build-request.js";
import type { CancelSignal } from "./call-cancellation.js";
import { BodyIdleTimeoutError, readBody } from "./read-body.js";
import { isRetryableErrorCode, isRetryableStatus, parseRetryAfter, planRetry } from "./retry-policy.js";
import { describeTarget, UpstreamError, type UpstreamErrorKind } from "./upstream-error.js";

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
  /** Limit on opening a new connection (TCP, and TLS for https). Default 10 s, bounded by the deadline. */
  connectTimeoutMs?: number;
  /** Limit on waiting for response headers once the request is sent. Default: the remaining deadline. */
  headersTimeoutMs?: number;
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
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
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

// Shared across calls: sockets are reused between calls and tools. The idle timeout stays below the
// common 5 s server keep-alive timeout so a pooled socket is rarely closed under us; LIFO lets the
// surplus go idle and expire.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: "lifo", timeout: 4000 } as const;

/** The keep-alive agents every upstream call goes through (e.g. to `destroy()` them at shutdown). */
export const upstreamAgents: { readonly http: http.Agent; readonly https: https.Agent } = {
  http: new http.Agent(AGENT_OPTIONS),
  https: new https.Agent(AGENT_OPTIONS),
};

/** Internal: a connect or headers timer fired during one attempt. */
class AttemptTimeout extends Error {
  constructor(readonly phase: "connect" | "headers", readonly ms: number) {
    super(`${phase} timeout`);
  }
}

function noop(): void {}

/** One call's shared state: the deadline, cancellation, and what to destroy when either fires. */
class Call {
  readonly deadlineAt: number;
  failure: UpstreamError | undefined;
  req: ClientRequest | undefined;
  res: IncomingMessage | undefined;
  target: URL;
  method: string;
  private readonly timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private sleepController: AbortController | undefined;
  private readonly onAbort: (() => void) | undefined;

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
    this.req?.destroy(error);
    this.sleepController?.abort(error);
    this.wake?.();
  }

  /** Stops the timer and the abort listener; the call is over. */
  end(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.options.signal!.removeEventListener("abort", this.onAbort);
    this.req = undefined;
    this.res = undefined;
  }

  /** Sends the request and resolves with the response head (the body is still to be read). */
  send(headers: OutgoingHttpHeaders, body: Uint8Array | string | undefined): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const target = this.target;
      const secure = target.protocol === "https:";
      const remaining = this.remaining();
      const connectMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      const headersMs = this.options.headersTimeoutMs;
      let connectTimer: NodeJS.Timeout | undefined;
      let headersTimer: NodeJS.Timeout | undefined;
      let responded = false;
      let req: ClientRequest;
      try {
        req = (secure ? https : http).request({
          protocol: target.protocol,
          hostname: target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname,
          port: target.port === "" ? undefined : target.port,
          path: target.pathname + target.search,
          method: this.method,
          headers,
          agent: secure ? upstreamAgents.https : upstreamAgents.http,
          auth:
            target.username === "" && target.password === ""
              ? undefined
              : `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`,
        });
      } catch (error) {
        reject(error);
        return;
      }
      this.req = req;
      this.res = undefined;
      req.on("error", (error) => {
        clearTimeout(connectTimer);
        clearTimeout(headersTimer);
        reject(error);
      });
      req.once("response", (res) => {
        responded = true;
        clearTimeout(headersTimer);
        this.res = res;
        resolve(res);
      });
      if (connectMs < remaining) {
        req.once("socket", (socket: Socket) => {
          if (!socket.connecting) return; // a pooled socket: already connected
          connectTimer = setTimeout(() => req.destroy(new AttemptTimeout("connect", connectMs)), connectMs);
          socket.once(secure ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
        });
      }
      if (headersMs !== undefined && headersMs < remaining) {
        req.once("finish", () => {
          // A server may answer before the request body is fully sent (e.g. an early 413).
          if (responded) return;
          headersTimer = setTimeout(() => req.destroy(new AttemptTimeout("headers", headersMs)), headersMs);
        });
      }
      req.end(body);
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

/** Lower-cases names and joins repeated headers with ", " (RFC 9110 §5.3). */
function headersToRecord(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === "__proto__") continue;
    const value = raw[i + 1]!;
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** Lets go of a response whose body is not wanted: drains a small one (keeps the socket), else closes. */
function discard(res: IncomingMessage, headers: Record<string, string>): void {
  res.on("error", noop);
  const length = headers["content-length"];
  if (length !== undefined && Number(length) <= DRAIN_LIMIT) res.resume();
  else res.destroy();
}

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

function withoutBodyHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) if (!BODY_HEADERS.has(name.toLowerCase())) out[name] = headers[name];
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

function classifyFailure(error: unknown, inBody: boolean): AttemptFailure {
  if (error instanceof AttemptTimeout) {
    return error.phase === "connect"
      ? { kind: "connection", what: `could not connect within ${error.ms} ms`, reason: "connect timeout", code: "ETIMEDOUT", transient: true, unsent: true }
      : { kind: "timeout", what: `no response headers within ${error.ms} ms`, reason: "headers timeout", transient: true, unsent: false };
  }
  if (error instanceof BodyIdleTimeoutError) {
    return { kind: "timeout", what: error.message, reason: "body stalled", transient: true, unsent: false };
  }
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === "string" ? raw : undefined;
  const label = code ?? "unknown error";
  return {
    kind: "connection",
    what: inBody ? `reading the response body failed (${label})` : `connection failed (${label})`,
    reason: label,
    ...(code === undefined ? {} : { code }),
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
  let headers: OutgoingHttpHeaders = req.headers;
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

  try {
    for (;;) {
      if (call.failure !== undefined) throw call.failure;
      let inBody = false;
      try {
        if (redirected) redirected = false;
        else attempt++;
        const res = await call.send(headers, body);
        const status = res.statusCode ?? 0;
        const resHeaders = headersToRecord(res.rawHeaders);

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

        if (isRetryableStatus(status)) {
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
            retriesUsed++;
            await retry(plan.delayMs, `status ${status}`);
            continue;
          }
        }

        inBody = true;
        const bodyMs = Math.min(options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS, MAX_TIMER_MS);
        const result = await readBody(res, {
          contentEncoding: resHeaders["content-encoding"],
          maxBytes: options.maxResponseBytes,
          ...(bodyMs < call.remaining() ? { idleTimeoutMs: bodyMs } : {}),
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
        };
      } catch (error) {
        if (call.failure !== undefined) throw call.failure;
        if (error instanceof UpstreamError) throw error;
        const failure = classifyFailure(error, inBody);
        // A pooled socket the server closed while idle fails at once; one fresh try is free.
        if (
          options.retrySafe &&
          !staleRetried &&
          !inBody &&
          call.req?.reusedSocket === true &&
          (failure.code === "ECONNRESET" || failure.code === "EPIPE")
        ) {
          staleRetried = true;
          await retry(0, "stale keep-alive connection");
          continue;
        }
        if (failure.transient) {
          const plan = planRetry({
            retry: retriesUsed + 1,
            retries: options.retries,
            retrySafe: options.retrySafe,
            remainingMs: call.remaining(),
            random,
          });
          if (plan.action === "retry") {
            retriesUsed++;
            await retry(plan.delayMs, failure.reason);
            continue;
          }
        }
        throw new UpstreamError(
          failure.kind,
          `${describeTarget(method, call.target)}: ${failure.what}`,
          failure.transient && (options.retrySafe || failure.unsent),
          attempt,
          failure.code === undefined ? undefined : { code: failure.code },
        );
      }
    }
  } catch (error) {
    if (error instanceof UpstreamError) error.attempts = attempt;
    throw error;
  } finally {
    call.end();
  }
}
