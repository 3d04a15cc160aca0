/**
 * Per-caller limits (`serve.rateLimit`): a token bucket per caller for requests, one per caller and
 * tool for tool calls, and a cap on each caller's calls in flight. One greedy client can then not
 * spend the whole upstream quota that every caller of this server shares.
 *
 * A refusal names the limit, the setting that raises it and when to retry: the HTTP layer turns a
 * request refusal into 429 with `Retry-After` (RFC 9110 §10.2.3), the tool-call path into an
 * `isError` result (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling),
 * so the model can wait and try again. Nothing is sent upstream for a refused call.
 */
import type { RateLimitSettings } from "../core/ops-settings.js";
import type { Principal } from "../core/principal.js";
import type { BucketStore } from "./token-buckets.js";

/** Which limit refused. */
export type LimitName = "perCaller" | "perTool" | "concurrentPerCaller";

/** A refused request or call. */
export interface LimitRefusal {
  limit: LimitName;
  /** Milliseconds until a retry can succeed (at least 1000: `Retry-After` counts whole seconds). */
  retryAfterMs: number;
  /** For people and models: the limit, its setting and when to retry. */
  message: string;
}

type Admission = LimitRefusal | undefined;

/** Applies {@link RateLimitSettings}; `onHit` is told of every refusal (metrics). */
export class CallerLimiter {
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly store: BucketStore,
    private readonly onHit: (limit: LimitName) => void = () => {},
  ) {}

  /** One inbound request (HTTP POST); checks the caller's bucket. */
  async admitRequest(principal: Principal): Promise<Admission> {
    const rate = this.settings.perCaller;
    if (rate === undefined) return undefined;
    const wait = await this.store.take(`c:${principal.id}`, rate);
    if (wait === 0) return undefined;
    return this.refuse("perCaller", wait, `Rate limit reached: at most ${rate.text} requests per caller (the per-caller rate limit; raise it with serve.rateLimit.perCaller in the curation file or --rate-limit)`);
  }

  /**
   * One tool call: the caller's calls in flight, then the tool's bucket, and the caller's bucket
   * when `countRequest` (stdio, where no HTTP request was counted). When admitted (undefined), the
   * caller must {@link CallerLimiter.release} once the call is over.
   */
  async admitCall(principal: Principal, tool: string, countRequest: boolean): Promise<Admission> {
    const running = this.inFlight.get(principal.id) ?? 0;
    const cap = this.settings.concurrentPerCaller;
    if (running >= cap) {
      return this.refuse(
        "concurrentPerCaller",
        1000,
        `Too many tool calls in flight for this caller: ${cap} are running (the per-caller concurrency cap; raise it with serve.rateLimit.concurrentPerCaller in the curation file or --max-concurrent-calls-per-caller). Nothing was sent`,
      );
    }
    this.inFlight.set(principal.id, running + 1);
    let refusal: Admission;
    try {
      refusal = countRequest ? await this.admitRequest(principal) : undefined;
      const rate = this.settings.perTool.get(tool);
      if (refusal === undefined && rate !== undefined) {
        const wait = await this.store.take(`t:${tool}:${principal.id}`, rate);
        if (wait > 0) {
          refusal = this.refuse("perTool", wait, `Rate limit reached for ${tool}: at most ${rate.text} calls per caller (the per-tool rate limit; raise it with serve.rateLimit.perTool.${tool} in the curation file or --rate-limit-tool ${tool}=RATE). Nothing was sent`);
        }
      }
    } catch (error) {
      this.release(principal);
      throw error;
    }
    if (refusal !== undefined) this.release(principal);
    return refusal;
  }

  /** Ends a call admitted by {@link CallerLimiter.admitCall}. */
  release(principal: Principal): void {
    const running = (this.inFlight.get(principal.id) ?? 1) - 1;
    if (running <= 0) this.inFlight.delete(principal.id);
    else this.inFlight.set(principal.id, running);
  }

  /** Closes the bucket store. */
  close(): Promise<void> {
    return this.store.close();
  }

  private refuse(limit: LimitName, waitMs: number, what: string): LimitRefusal {
    this.onHit(limit);
    const retryAfterMs = Math.max(1000, Math.ceil(waitMs / 1000) * 1000);
    return { limit, retryAfterMs, message: `${what}; retry in ${retryAfterMs / 1000} s.` };
  }
}
