import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  backoffDelay,
  BACKOFF_CAP_MS,
  isRetryableErrorCode,
  isRetryableStatus,
  parseRetryAfter,
  planRetry,
  type RetryInput,
  type RetryPlan,
  RetryBudget,
  shouldRetryVerdict,
} from "../../../../src/runtime/upstream/retry-policy.js";

const NOW = Date.parse("2025-01-01T00:00:00Z");

describe("isRetryableStatus", () => {
  const CASES: Array<[number, boolean]> = [
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [200, false],
    [301, false],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [501, false],
    [505, false],
  ];
  for (const [status, want] of CASES) test(`${status} → ${want}`, () => assert.equal(isRetryableStatus(status), want));
});

describe("isRetryableErrorCode", () => {
  const CASES: Array<[string | undefined, boolean]> = [
    ["ECONNREFUSED", true],
    ["ECONNRESET", true],
    ["EPIPE", true],
    ["ETIMEDOUT", true],
    ["EAI_AGAIN", true],
    ["ENOTFOUND", false],
    ["CERT_HAS_EXPIRED", false],
    ["Z_DATA_ERROR", false],
    [undefined, false],
  ];
  for (const [code, want] of CASES) test(`${code} → ${want}`, () => assert.equal(isRetryableErrorCode(code), want));
});

describe("backoffDelay", () => {
  // [retry, { min: random() = 0, max: random() = 1 }]: equal jitter over min(8 s, 500 ms · 2^(retry-1)).
  const CASES: Array<[number, { min: number; max: number }]> = [
    [1, { min: 250, max: 500 }],
    [2, { min: 500, max: 1000 }],
    [3, { min: 1000, max: 2000 }],
    [4, { min: 2000, max: 4000 }],
    [5, { min: 4000, max: 8000 }],
    [6, { min: 4000, max: 8000 }],
    [30, { min: 4000, max: 8000 }],
  ];
  for (const [retry, want] of CASES) {
    test(`retry ${retry}`, () => {
      assert.equal(backoffDelay(retry, () => 0), want.min);
      assert.equal(backoffDelay(retry, () => 0.999999), want.max);
      const mid = backoffDelay(retry, () => 0.5);
      assert.ok(mid > want.min && mid < want.max);
    });
  }
  test("never above the cap", () => {
    for (let retry = 1; retry < 100; retry++) assert.ok(backoffDelay(retry, Math.random) <= BACKOFF_CAP_MS);
  });
});

describe("parseRetryAfter", () => {
  const CASES: Array<[string, { given: Record<string, string>; want: number | undefined }]> = [
    ["absent", { given: {}, want: undefined }],
    ["delta seconds", { given: { "retry-after": "2" }, want: 2000 }],
    ["zero", { given: { "retry-after": "0" }, want: 0 }],
    ["padded", { given: { "retry-after": " 120 " }, want: 120_000 }],
    ["decimal seconds (lenient)", { given: { "retry-after": "1.5" }, want: 1500 }],
    ["HTTP-date in the future", { given: { "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }, want: 30_000 }],
    ["HTTP-date in the past", { given: { "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }, want: 0 }],
    ["garbage", { given: { "retry-after": "soon" }, want: undefined }],
    ["negative", { given: { "retry-after": "-5" }, want: undefined }],
    ["empty", { given: { "retry-after": "" }, want: undefined }],
    ["retry-after-ms", { given: { "retry-after-ms": "250" }, want: 250 }],
    ["retry-after-ms fractional rounds up", { given: { "retry-after-ms": "12.2" }, want: 13 }],
    ["retry-after-ms wins", { given: { "retry-after-ms": "100", "retry-after": "5" }, want: 100 }],
    ["bad retry-after-ms falls back", { given: { "retry-after-ms": "x", "retry-after": "5" }, want: 5000 }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(parseRetryAfter(given, NOW), want));
});

describe("planRetry", () => {
  const base: RetryInput = { retry: 1, retries: 2, retrySafe: true, remainingMs: 10_000, random: () => 0 };
  const CASES: Array<[string, { given: Partial<RetryInput>; want: RetryPlan }]> = [
    ["first retry backs off", { given: {}, want: { action: "retry", delayMs: 250 } }],
    ["second retry doubles", { given: { retry: 2 }, want: { action: "retry", delayMs: 500 } }],
    ["retries exhausted", { given: { retry: 3 }, want: { action: "stop" } }],
    ["no retries configured", { given: { retries: 0 }, want: { action: "stop" } }],
    ["not retry-safe", { given: { retrySafe: false }, want: { action: "stop" } }],
    ["not retry-safe ignores Retry-After", { given: { retrySafe: false, retryAfterMs: 3_600_000 }, want: { action: "stop" } }],
    ["Retry-After honoured as given", { given: { retryAfterMs: 2000 }, want: { action: "retry", delayMs: 2000 } }],
    ["Retry-After above the backoff cap", { given: { retryAfterMs: 9000 }, want: { action: "retry", delayMs: 9000 } }],
    ["Retry-After 0", { given: { retryAfterMs: 0 }, want: { action: "retry", delayMs: 0 } }],
    [
      "Retry-After past the deadline",
      { given: { retryAfterMs: 3_600_000 }, want: { action: "retry_after_exceeds_deadline", retryAfterMs: 3_600_000 } },
    ],
    [
      "Retry-After equal to the time left",
      { given: { retryAfterMs: 10_000 }, want: { action: "retry_after_exceeds_deadline", retryAfterMs: 10_000 } },
    ],
    ["retries exhausted ignores Retry-After", { given: { retry: 3, retryAfterMs: 3_600_000 }, want: { action: "stop" } }],
    ["backoff past the deadline stops", { given: { remainingMs: 200 }, want: { action: "stop" } }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.deepEqual(planRetry({ ...base, ...given }), want));
});

describe("shouldRetryVerdict", () => {
  const cases: Array<[string, { given: Record<string, string>; want: boolean | undefined }]> = [
    ["absent", { given: {}, want: undefined }],
    ["x-should-retry: true", { given: { "x-should-retry": "true" }, want: true }],
    ["x-should-retry: FALSE (case)", { given: { "x-should-retry": " FALSE " }, want: false }],
    ["stripe-should-retry: false", { given: { "stripe-should-retry": "false" }, want: false }],
    ["x-should-retry wins over stripe's", { given: { "x-should-retry": "true", "stripe-should-retry": "false" }, want: true }],
    ["anything else is no verdict", { given: { "x-should-retry": "maybe" }, want: undefined }],
  ];
  for (const [name, { given, want }] of cases) test(name, () => assert.equal(shouldRetryVerdict(given), want));
});

describe("RetryBudget", () => {
  test("retries stay within max(floor, ratio × calls) over the window", () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.1, minRetries: 2, windowMs: 1000 }, () => now);
    for (let i = 0; i < 50; i++) budget.recordCall();
    let granted = 0;
    for (let i = 0; i < 50; i++) if (budget.tryRetry()) granted++;
    assert.equal(granted, 5, "10% of 50 calls");
    const quiet = new RetryBudget({ ratio: 0.1, minRetries: 2, windowMs: 1000 }, () => now);
    quiet.recordCall();
    assert.deepEqual([quiet.tryRetry(), quiet.tryRetry(), quiet.tryRetry()], [true, true, false], "the floor allows 2");
  });

  test("the window slides: old calls and retries are forgotten", () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0, minRetries: 1, windowMs: 1000 }, () => now);
    assert.equal(budget.tryRetry(), true);
    assert.equal(budget.tryRetry(), false);
    now = 500;
    assert.equal(budget.tryRetry(), false, "still inside the window");
    now = 1100;
    assert.equal(budget.tryRetry(), true, "the first retry's bucket has left the window");
    now = 60_000;
    assert.equal(budget.tryRetry(), true, "a long gap clears everything");
  });

  test("describe names the figures", () => {
    assert.equal(new RetryBudget().describe(), "retries are capped at 10% of calls (at least 10) per 10 s");
  });
});
