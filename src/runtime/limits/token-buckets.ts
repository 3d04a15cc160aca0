/**
 * Token buckets in this process: each key holds up to `count` tokens, refilled continuously at
 * `count` per `perMs`; a request takes one token or is told how long until one is there. A burst
 * of the full count is allowed after a quiet spell, which is what an agent's bursty calls need.
 *
 * Buckets that have refilled completely carry no information and are dropped when the map grows,
 * so a stream of one-off callers cannot grow memory without bound.
 */
import type { Rate } from "../core/ops-settings.js";

/** Where buckets live: this process ({@link MemoryBuckets}) or Redis (redis-buckets.ts). */
export interface BucketStore {
  /** Takes one token from `key`'s bucket: 0 when taken, else milliseconds until one is available. */
  take(key: string, rate: Rate): number | Promise<number>;
  /** Releases connections; buckets are forgotten. */
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  updated: number;
  /** Milliseconds after which the bucket is full again and may be forgotten. */
  fullAfter: number;
}

/** Past this many buckets, full ones are swept on the next take. */
const SWEEP_AT = 10_000;

/** In-process buckets; `now` is injectable for tests. */
export class MemoryBuckets implements BucketStore {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = SWEEP_AT;

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(key: string, rate: Rate): number {
    const t = this.now();
    const perMsRate = rate.count / rate.perMs;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.sweepAt) this.sweep(t);
      bucket = { tokens: rate.count, updated: t, fullAfter: rate.perMs };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(rate.count, bucket.tokens + (t - bucket.updated) * perMsRate);
      bucket.updated = t;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    // Less a hair: floating-point refill arithmetic would otherwise round 3600000 ms up to 3600001.
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMsRate - 1e-6));
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  private sweep(t: number): void {
    for (const [key, bucket] of this.buckets) if (t - bucket.updated >= bucket.fullAfter) this.buckets.delete(key);
    // Still crowded: every bucket is in use. Grow the threshold rather than sweep on every take.
    this.sweepAt = Math.max(SWEEP_AT, this.buckets.size * 2);
  }
}
