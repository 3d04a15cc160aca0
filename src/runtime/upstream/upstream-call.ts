/**
 * One upstream call's shared state, across its attempts: the deadline (one timer for connect,
 * headers, body and backoff), client cancellation, and what to destroy when either fires (the
 * request in flight, the body being read and its decoders, a backoff sleep); plus the keep-alive
 * undici dispatcher every call goes through. {@link sendRequest} runs the retry loop over it.
 * Imports only node:*, undici, this folder and the tracing hooks (no-ops unless OTEL_* turns them on):
 * it is copied verbatim into generated projects.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type { Agent as UndiciAgent, Dispatcher } from "undici";
import type { SendOptions } from "./send-request.js";
import { describeTarget, UpstreamError, type UpstreamErrorKind } from "./upstream-error.js";
import { startUpstreamSpan, type UpstreamSpan } from "../telemetry/tracing.js";

/** Opening a connection (TCP, and TLS for https) gives up after this long. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Longest delay a Node.js timer takes; a longer deadline is left to the other limits. */
export const MAX_TIMER_MS = 2_147_483_647;

// undici's index also loads fetch, WebSocket, cookies and more, ~50 ms of start-up; its Agent and
// its request API (which the index would attach to every dispatcher) take ~20 ms more, so they are
// loaded on the first upstream call, not at start: a server answers `initialize` and `tools/list`
// without them. undici's package has no exports map, so the two files are addressable; the runtime
// tests would catch either moving.
const load = createRequire(import.meta.url);

/**
 * The keep-alive dispatcher every upstream call goes through, shared across calls and tools. An idle
 * connection is kept 4 s, below the common 5 s server keep-alive timeout, so a pooled socket is
 * rarely closed under us; at most 64 per origin. Idle connections do not hold the process open, so
 * nothing closes it at shutdown. undici's own header and body timers are off: the call's deadline
 * and {@link readBody}'s idle timer rule.
 */
let upstream: { dispatcher: Dispatcher; request: Dispatcher["request"] } | undefined;

function upstreamClient(): { dispatcher: Dispatcher; request: Dispatcher["request"] } {
  if (upstream === undefined) {
    const Agent = load("undici/lib/dispatcher/agent.js") as typeof UndiciAgent;
    const request = load("undici/lib/api/api-request.js") as Dispatcher["request"];
    const dispatcher: Dispatcher = new Agent({
      connections: 64,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 4_000,
      connect: { timeout: CONNECT_TIMEOUT_MS },
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    upstream = { dispatcher, request };
  }
  return upstream;
}

/** One call's shared state: the deadline, cancellation, and what to destroy when either fires. */
export class Call {
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
    // Userinfo in a server URL became a static Authorization header at start (prepare-runtime.ts);
    // the request goes to the origin, without it.
    const { dispatcher, request } = upstreamClient();
    return request.call(dispatcher, {
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

/** The call's URL, parsed; an `invalid_url` {@link UpstreamError} when it is not absolute http(s). */
export function parseTarget(method: string, url: string): URL {
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
