import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spreadOf } from "../../../bench/stats.js";

describe("spreadOf", () => {
  const cases: Array<[string, { given: number[]; want: { min: number; median: number; max: number } }]> = [
    ["one value", { given: [7], want: { min: 7, median: 7, max: 7 } }],
    ["odd count, unsorted", { given: [5, 1, 3], want: { min: 1, median: 3, max: 5 } }],
    ["even count takes the middle mean", { given: [4, 1, 2, 3], want: { min: 1, median: 2.5, max: 4 } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(spreadOf(given), want));
  it("refuses an empty list", () => assert.throws(() => spreadOf([])));
});
