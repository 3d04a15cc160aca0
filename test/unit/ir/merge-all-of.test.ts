/** mergeAllOf on converted schemas (rule 7). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mergeAllOf } from "../../../src/ir/merge-all-of.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";
import { assertCompiles } from "./schema-test-helpers.js";

const cases: Array<[string, { given: JsonSchema; want: JsonSchema }]> = [
  ["no allOf: returned as is", { given: { type: "string" }, want: { type: "string" } }],
  [
    "properties merged, required unioned",
    {
      given: {
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { type: "object", properties: { b: { type: "integer" } }, required: ["b", "a"] },
        ],
      },
      want: { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, required: ["a", "b"] },
    },
  ],
  [
    "the same property merged recursively",
    {
      given: {
        allOf: [
          { properties: { a: { type: "string", description: "first" } } },
          { properties: { a: { maxLength: 3, description: "second" } } },
        ],
      },
      want: { properties: { a: { description: "first", type: "string", maxLength: 3 } } },
    },
  ],
  [
    "a property that cannot be merged becomes an allOf of both",
    {
      given: { allOf: [{ properties: { a: { type: "string" } } }, { properties: { a: { type: "integer" } } }] },
      want: { properties: { a: { type: "string", allOf: [{ type: "integer" }] } } },
    },
  ],
  [
    "types intersected: number and integer give integer",
    { given: { allOf: [{ type: "number" }, { type: "integer" }] }, want: { type: "integer" } },
  ],
  [
    "types intersected: a nullable branch and a plain one",
    { given: { allOf: [{ type: ["string", "null"] }, { type: "string" }] }, want: { type: "string" } },
  ],
  [
    "conflicting types: the later branch stays in allOf",
    {
      given: { description: "d", allOf: [{ type: "string" }, { type: "boolean" }] },
      want: { description: "d", type: "string", allOf: [{ type: "boolean" }] },
    },
  ],
  [
    "descriptions: the first non-empty one wins, own first",
    {
      given: { description: "", allOf: [{ description: "one" }, { description: "two", title: "T" }] },
      want: { title: "T", description: "one" },
    },
  ],
  [
    "bounds tightened",
    {
      given: {
        allOf: [
          { minimum: 1, maximum: 10, minLength: 2, maxItems: 5 },
          { minimum: 3, maximum: 20, minLength: 1, maxItems: 4 },
        ],
      },
      want: { minimum: 3, maximum: 10, minLength: 2, maxItems: 4 },
    },
  ],
  [
    "enums intersected",
    { given: { allOf: [{ enum: ["a", "b", "c"] }, { enum: ["c", "b", "z"] }] }, want: { enum: ["b", "c"] } },
  ],
  [
    "disjoint enums are kept apart",
    { given: { allOf: [{ enum: ["a"] }, { enum: ["b"] }] }, want: { enum: ["a"], allOf: [{ enum: ["b"] }] } },
  ],
  [
    "nested allOf flattened",
    {
      given: { allOf: [{ allOf: [{ properties: { a: true } }, { properties: { b: true } }] }, { required: ["a"] }] },
      want: { properties: { a: true, b: true }, required: ["a"] },
    },
  ],
  ["true branches vanish", { given: { type: "string", allOf: [true, {}] }, want: { type: "string" } }],
  ["false branch kept", { given: { type: "string", allOf: [false] }, want: { type: "string", allOf: [false] } }],
  [
    "two oneOfs cannot be merged: the second stays",
    {
      given: { allOf: [{ oneOf: [{ required: ["a"] }] }, { oneOf: [{ required: ["b"] }] }] },
      want: { oneOf: [{ required: ["a"] }], allOf: [{ oneOf: [{ required: ["b"] }] }] },
    },
  ],
  [
    "additionalProperties: false wins, schemas merge",
    {
      given: {
        allOf: [
          { additionalProperties: { type: "string" }, properties: { a: {} } },
          { additionalProperties: { maxLength: 2 } },
          { additionalProperties: false },
        ],
      },
      want: { properties: { a: {} }, additionalProperties: false },
    },
  ],
  [
    "annotations: first default and examples kept, deprecated if any",
    {
      given: { allOf: [{ default: 1, examples: [1] }, { default: 2, examples: [2], deprecated: true }] },
      want: { default: 1, examples: [1], deprecated: true },
    },
  ],
  [
    "different patterns kept apart",
    {
      given: { allOf: [{ pattern: "^a" }, { pattern: "b$" }] },
      want: { pattern: "^a", allOf: [{ pattern: "b$" }] },
    },
  ],
];

describe("mergeAllOf", () => {
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const before = JSON.stringify(given);
      assert.deepEqual(mergeAllOf(given), want);
      assert.equal(JSON.stringify(given), before, "input not mutated");
      assertCompiles(mergeAllOf(given));
    });
  }

  test("unchanged branches are shared, not copied", () => {
    const a: JsonSchema = { type: "string" };
    const merged = mergeAllOf({ allOf: [{ properties: { a } }, { properties: { b: { type: "integer" } } }] });
    assert.equal((merged.properties as Record<string, JsonSchema>).a, a);
  });
});
