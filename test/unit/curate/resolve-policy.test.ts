import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyDefaults, ToolEntry } from "../../../src/curate/curation-schema.js";
import { resolvePolicy, type ResolvedPolicy } from "../../../src/curate/resolve-policy.js";

describe("resolvePolicy: tool entry > defaults > built-in", () => {
  const builtIn: ResolvedPolicy = { policy: { timeoutMs: 30_000, retries: 2, maxResponseTokens: 20_000 }, outputSchema: false };
  const defaults: PolicyDefaults = { timeoutMs: 5000, retries: 0, maxResponseTokens: 1000, outputSchema: true, idempotencyKeyHeader: "X-Key" };
  const cases: Array<[string, { entry?: ToolEntry; defaults?: PolicyDefaults; want: ResolvedPolicy }]> = [
    ["nothing set: built-in", { want: builtIn }],
    [
      "defaults beat built-in",
      { defaults, want: { policy: { timeoutMs: 5000, retries: 0, maxResponseTokens: 1000, idempotencyKeyHeader: "X-Key" }, outputSchema: true } },
    ],
    [
      "tool entry beats defaults, field by field",
      {
        entry: { operation: "x", timeoutMs: 10_000, outputSchema: false, idempotencyKeyHeader: "Idempotency-Key" },
        defaults,
        want: { policy: { timeoutMs: 10_000, retries: 0, maxResponseTokens: 1000, idempotencyKeyHeader: "Idempotency-Key" }, outputSchema: false },
      },
    ],
    [
      "tool entry beats built-in",
      { entry: { operation: "x", retries: 5, maxResponseTokens: 4000 }, want: { policy: { timeoutMs: 30_000, retries: 5, maxResponseTokens: 4000 }, outputSchema: false } },
    ],
    ["retries: 0 is kept, not defaulted", { entry: { operation: "x", retries: 0 }, want: { ...builtIn, policy: { ...builtIn.policy, retries: 0 } } }],
  ];
  for (const [name, { entry, defaults: given, want }] of cases) {
    it(name, () => assert.deepEqual(resolvePolicy(entry, given), want));
  }
});
