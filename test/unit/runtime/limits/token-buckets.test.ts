import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRate } from "../../../../src/runtime/core/ops-settings.js";
import { MemoryBuckets } from "../../../../src/runtime/limits/token-buckets.js";

describe("memory token buckets", () => {
  it("allows a burst of the full count, then refuses with the time until one token is back", () => {
    let now = 0;
    const buckets = new MemoryBuckets(() => now);
    const rate = parseRate("3/min", "test");
    assert.deepEqual([0, 1, 2].map(() => buckets.take("a", rate)), [0, 0, 0]);
    assert.equal(buckets.take("a", rate), 20_000, "one token every 20 s");
    now = 15_000;
    assert.equal(buckets.take("a", rate), 5_000);
    now = 20_000;
    assert.equal(buckets.take("a", rate), 0, "refilled one");
    assert.equal(buckets.take("a", rate), 20_000);
  });
  it("keeps callers apart and never holds more than the count", () => {
    let now = 0;
    const buckets = new MemoryBuckets(() => now);
    const rate = parseRate("2/s", "test");
    assert.equal(buckets.take("a", rate), 0);
    assert.equal(buckets.take("a", rate), 0);
    assert.ok(buckets.take("a", rate) > 0);
    assert.equal(buckets.take("b", rate), 0, "another caller has its own bucket");
    now = 60_000;
    assert.deepEqual([0, 1, 2].map(() => buckets.take("a", rate) === 0), [true, true, false], "a long quiet spell refills to the count, not beyond");
  });
});

describe("parseRate", () => {
  const cases: Array<[string, { count: number; perMs: number } | RegExp]> = [
    ["120/min", { count: 120, perMs: 60_000 }],
    ["5/s", { count: 5, perMs: 1000 }],
    [" 10 / hour ", { count: 10, perMs: 3_600_000 }],
    ["0/min", /at least 1/],
    ["10/day", /rate such as 120\/min/],
    ["ten/min", /rate such as/],
  ];
  for (const [given, want] of cases) {
    it(JSON.stringify(given), () => {
      if (want instanceof RegExp) assert.throws(() => parseRate(given, "serve.rateLimit.perCaller"), (e: Error) => want.test(e.message) && e.message.includes("serve.rateLimit.perCaller"));
      else assert.deepEqual((({ count, perMs }) => ({ count, perMs }))(parseRate(given, "x")), want);
    });
  }
});
