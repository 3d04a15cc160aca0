import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRate, type RateLimitSettings } from "../../../../src/runtime/core/ops-settings.js";
import { addressPrincipal } from "../../../../src/runtime/core/principal.js";
import { CallerLimiter, type LimitName } from "../../../../src/runtime/limits/caller-limiter.js";
import { MemoryBuckets } from "../../../../src/runtime/limits/token-buckets.js";

const alice = addressPrincipal("10.0.0.1", "agent/1");
const bob = addressPrincipal("10.0.0.2", undefined);

function limiter(settings: Partial<RateLimitSettings>, now: () => number = () => 0): { limiter: CallerLimiter; hits: LimitName[] } {
  const hits: LimitName[] = [];
  const full: RateLimitSettings = { perTool: new Map(), concurrentPerCaller: 16, ...settings };
  return { limiter: new CallerLimiter(full, new MemoryBuckets(now), (limit) => hits.push(limit)), hits };
}

describe("caller limiter", () => {
  it("per caller: a request past the rate is refused naming the limit, its settings and when to retry", async () => {
    const { limiter: l, hits } = limiter({ perCaller: parseRate("2/min", "t") });
    assert.equal(await l.admitRequest(alice), undefined);
    assert.equal(await l.admitRequest(alice), undefined);
    const refusal = await l.admitRequest(alice);
    assert.equal(refusal?.limit, "perCaller");
    assert.equal(refusal?.retryAfterMs, 30_000);
    assert.match(refusal!.message, /at most 2\/min requests per caller.*serve\.rateLimit\.perCaller.*--rate-limit.*retry in 30 s/);
    assert.equal(await l.admitRequest(bob), undefined, "bob has his own bucket");
    assert.deepEqual(hits, ["perCaller"]);
  });
  it("per tool: only the named tool is limited, per caller", async () => {
    const { limiter: l } = limiter({ perTool: new Map([["create_issue", parseRate("1/h", "t")]]) });
    assert.equal(await l.admitCall(alice, "create_issue", false), undefined);
    l.release(alice);
    const refusal = await l.admitCall(alice, "create_issue", false);
    assert.equal(refusal?.limit, "perTool");
    assert.match(refusal!.message, /create_issue: at most 1\/h calls per caller.*serve\.rateLimit\.perTool\.create_issue.*--rate-limit-tool create_issue=RATE.*Nothing was sent; retry in 3600 s\./);
    assert.equal(await l.admitCall(alice, "list_issues", false), undefined, "other tools are not limited");
    assert.equal(await l.admitCall(bob, "create_issue", false), undefined, "other callers are not limited");
  });
  it("concurrency: a caller's calls in flight are capped, and a released slot is free again", async () => {
    const { limiter: l, hits } = limiter({ concurrentPerCaller: 2 });
    assert.equal(await l.admitCall(alice, "t", false), undefined);
    assert.equal(await l.admitCall(alice, "t", false), undefined);
    const refusal = await l.admitCall(alice, "t", false);
    assert.equal(refusal?.limit, "concurrentPerCaller");
    assert.match(refusal!.message, /2 are running.*--max-concurrent-calls-per-caller/);
    assert.equal(await l.admitCall(bob, "t", false), undefined);
    l.release(alice);
    assert.equal(await l.admitCall(alice, "t", false), undefined);
    assert.deepEqual(hits, ["concurrentPerCaller"]);
  });
  it("a refused call does not hold a concurrency slot; countRequest also takes from the caller's bucket (stdio)", async () => {
    const { limiter: l } = limiter({ perCaller: parseRate("1/min", "t"), concurrentPerCaller: 1 });
    assert.equal(await l.admitCall(alice, "t", true), undefined);
    l.release(alice);
    assert.equal((await l.admitCall(alice, "t", true))?.limit, "perCaller");
    // Had the refusal kept its slot, the cap of 1 would now refuse without looking at the bucket.
    assert.equal((await l.admitCall(alice, "t", false)), undefined);
  });
});
