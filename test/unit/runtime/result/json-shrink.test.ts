import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { childPath, JsonShrinker, limitDepth, type Cut, type Json } from "../../../../src/runtime/result/json-shrink.js";

describe("JsonShrinker.sizeAtMost", () => {
  const VALUES: Array<[string, Json]> = [
    ["scalars", [null, true, false, 0, -1.5e-7, "x"]],
    ["escapes", ["\"\\\n\t\u0001\u001f é 😀 \uD800"]],
    ["nested", { a: { b: [1, { c: "d" }] }, "k\"ey": [], e: {} }],
    ["empty containers", [[], {}]],
  ];
  for (const [name, value] of VALUES) {
    test(`exact when under the cap: ${name}`, () => {
      assert.equal(new JsonShrinker().sizeAtMost(value, Infinity), JSON.stringify(value).length);
    });
  }
  test("stops early above the cap", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => i);
    const size = new JsonShrinker().sizeAtMost(list, 50);
    assert.ok(size > 50, "reports more than the cap");
    assert.ok(size < JSON.stringify(list).length, "without measuring everything");
  });
});

describe("JsonShrinker.shrink", () => {
  const BUDGETS = [2, 3, 10, 25, 60, 150, 400];
  const DOC: Json = { list: Array.from({ length: 50 }, (_, i) => ({ i, s: "v".repeat(i) })), text: "t".repeat(300), n: 12345 };
  for (const budget of BUDGETS) {
    test(`result length equals its reported size and stays within ${budget}`, () => {
      const shrinker = new JsonShrinker();
      const result = shrinker.shrink(DOC, budget, "$");
      assert.ok(result !== undefined);
      assert.equal(JSON.stringify(result.value).length, result.size);
      assert.ok(result.size <= budget);
    });
  }
  test("budget below 2 keeps nothing", () => assert.equal(new JsonShrinker().shrink({ a: 1 }, 1, "$"), undefined));
  test("reset keeps initial cuts only", () => {
    const initial: Cut[] = [{ path: "$.x", kind: "array", original: 3, kept: 0 }];
    const shrinker = new JsonShrinker(initial);
    shrinker.shrink("long string value", 8, "$");
    assert.equal(shrinker.cuts.length, 2);
    shrinker.reset();
    assert.deepEqual(shrinker.cuts, initial);
  });
});

describe("childPath and limitDepth", () => {
  const PATHS: Array<[string, { given: [string, string | number]; want: string }]> = [
    ["identifier", { given: ["$", "data"], want: "$.data" }],
    ["index", { given: ["$.a", 3], want: "$.a[3]" }],
    ["odd key", { given: ["$", "a-b"], want: '$["a-b"]' }],
    ["long path is capped", { given: ["$", "k".repeat(300)], want: `$.${"k".repeat(117)}…` }],
  ];
  for (const [name, { given, want }] of PATHS) test(name, () => assert.equal(childPath(...given), want));

  test("limitDepth empties containers at the limit and records them", () => {
    const cuts: Cut[] = [];
    assert.deepEqual(limitDepth({ a: { b: { c: [1] } }, e: [] }, 2, cuts), { a: { b: {} }, e: [] });
    assert.deepEqual(cuts, [{ path: "$.a.b", kind: "object", original: 1, kept: 0 }]);
  });
});
