/**
 * What went wrong with one attempt of an upstream call, classified for the retry loop: a stalled
 * body, a connect or headers timeout, or a connection error by its Node.js code (undici's own codes
 * mapped to the ones node:http reported); whether it is transient, and whether the request surely
 * never reached the upstream. Anything without an error code is a bug and is rethrown.
 */
import { BodyIdleTimeoutError } from "./read-body.js";
import { isRetryableErrorCode } from "./retry-policy.js";
import { CONNECT_TIMEOUT_MS } from "./upstream-call.js";
import { UPSTREAM_LIMIT_SETTINGS } from "./upstream-limits.js";

/** How a failed attempt is reported, and whether it may be retried. */
export interface AttemptFailure {
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

/** What a thrown error means for the attempt: its kind, message, and whether another attempt may help. */
export function classifyFailure(error: unknown, inBody: boolean, headersTimeoutMs: number | undefined): AttemptFailure {
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
