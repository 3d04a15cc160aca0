/**
 * The one error `sendRequest` throws. Messages name the method, origin and path only: never the
 * query string (an apiKey may sit there), userinfo, or any request header value. Imports nothing:
 * this folder is copied verbatim into generated projects.
 */

/** Why the upstream call produced no usable response. */
export type UpstreamErrorKind =
  /** The call's deadline, or a headers/body idle timeout, passed. */
  | "timeout"
  /** The connection failed: refused, reset, DNS, TLS, connect timeout, corrupt compressed body. */
  | "connection"
  /** The client cancelled the call (MCP `notifications/cancelled`). */
  | "cancelled"
  /** The upstream asked to wait (`Retry-After`) past the call's deadline; `retryAt` says until when. */
  | "retry_after_exceeds_deadline"
  /** More same-origin redirects than `maxRedirects`. */
  | "too_many_redirects"
  /** The request URL is not an absolute http(s) URL. */
  | "invalid_url"
  /** A limit of this server stopped the call (e.g. too many content codings); `setting` names what raises it. */
  | "limit";

/** Extra facts an {@link UpstreamError} may carry. */
export interface UpstreamErrorDetails {
  /** The Node.js error code behind a connection failure (`ECONNREFUSED`, `ECONNRESET`, …). */
  code?: string;
  /** For `retry_after_exceeds_deadline`: how long the upstream asked to wait. */
  retryAfterMs?: number;
  /** For `retry_after_exceeds_deadline`: when the upstream accepts a new call (ISO 8601). */
  retryAt?: string;
  /** For `limit`: the environment variable that raises the limit. */
  setting?: string;
}

/** An upstream call failed without a response to return. */
export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  /** Attempts made (first try plus retries); 0 when nothing was sent. Set when the error is thrown. */
  attempts: number;
  /** True when calling again later could succeed without risking a duplicate side effect. */
  readonly retryable: boolean;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly retryAt?: string;
  readonly setting?: string;

  constructor(kind: UpstreamErrorKind, message: string, retryable: boolean, attempts = 0, details?: UpstreamErrorDetails) {
    super(message);
    this.name = "UpstreamError";
    this.kind = kind;
    this.retryable = retryable;
    this.attempts = attempts;
    if (details?.code !== undefined) this.code = details.code;
    if (details?.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details?.retryAt !== undefined) this.retryAt = details.retryAt;
    if (details?.setting !== undefined) this.setting = details.setting;
  }
}

/** `GET https://api.example.com/v1/pets`: what error messages may say about a request. */
export function describeTarget(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}
