/** flattenToObject: one flat object schema for a tool's arguments. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { flattenToObject, type FlattenedObject } from "../../../src/ir/flatten-to-object.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";
import { assertCompiles } from "./schema-test-helpers.js";

const str = { type: "string" };
const int = { type: "integer" };

const cat: JsonSchema = {
  title: "Cat",
  type: "object",
  properties: { name: str, purrs: { type: "boolean" } },
  required: ["name", "purrs"],
};
const dog: JsonSchema = {
  title: "Dog",
  type: "object",
  properties: { name: str, barks: { type: "boolean" } },
  required: ["name"],
};

const cases: Array<[string, { given: JsonSchema; want: FlattenedObject | undefined }]> = [
  [
    "a plain object is returned whole",
    {
      given: { type: "object", properties: { a: str }, required: ["a"], additionalProperties: false, description: "d" },
      want: {
        schema: { description: "d", type: "object", properties: { a: str }, required: ["a"], additionalProperties: false },
        lifted: false,
      },
    },
  ],
  [
    "properties without type get type object",
    { given: { properties: { a: str } }, want: { schema: { type: "object", properties: { a: str } }, lifted: false } },
  ],
  [
    "a nullable object loses null",
    { given: { type: ["object", "null"], properties: { a: str } }, want: { schema: { type: "object", properties: { a: str } }, lifted: false } },
  ],
  [
    "anyOf of an object and null is the object (3.1 nullable $ref)",
    {
      given: { description: "Outer", anyOf: [{ ...dog }, { type: "null" }] },
      want: { schema: { title: "Dog", description: "Outer", type: "object", properties: dog.properties as JsonSchema, required: ["name"] }, lifted: false },
    },
  ],
  [
    "3.0 nullable wrap around an allOf",
    {
      given: { anyOf: [{ type: "object", properties: { a: str }, allOf: [{ required: ["a"] }] }, { type: "null" }] },
      want: { schema: { type: "object", properties: { a: str }, required: ["a"] }, lifted: false },
    },
  ],
  ["an array is not object-like", { given: { type: "array", items: { type: "object", properties: { a: str } } }, want: undefined }],
  ["a string is not object-like", { given: { type: "string" }, want: undefined }],
  ["a free-form object has no properties", { given: { type: "object" }, want: undefined }],
  ["a map has no properties", { given: { type: "object", additionalProperties: str }, want: undefined }],
  ["empty properties", { given: { type: "object", properties: {} }, want: undefined }],
  ["{} is not object-like", { given: {}, want: undefined }],
  [
    "oneOf of objects: union of properties, required in every branch, a sentence naming them",
    {
      given: { description: "A pet.", oneOf: [cat, dog] },
      want: {
        schema: {
          description: "A pet. One of: Cat (fields name, purrs) or Dog (fields name, barks).",
          type: "object",
          properties: { name: str, purrs: { type: "boolean" }, barks: { type: "boolean" } },
          required: ["name"],
        },
        lifted: true,
      },
    },
  ],
  [
    "anyOf says 'Any of', three alternatives, a property with different schemas",
    {
      given: {
        anyOf: [
          { title: "A", properties: { x: str } },
          { title: "B", properties: { x: int } },
          { title: "C", properties: { y: str } },
        ],
      },
      want: {
        schema: {
          description: "Any of: A (fields x), B (fields x) or C (fields y).",
          type: "object",
          properties: { x: { anyOf: [str, int] }, y: str },
        },
        lifted: true,
      },
    },
  ],
  [
    "untitled alternatives named by a constant property, else by position",
    {
      given: {
        oneOf: [
          { type: "object", properties: { kind: { const: "card" }, number: str }, required: ["kind"] },
          { type: "object", properties: { kind: { type: "string", enum: ["bank"] }, iban: str }, required: ["kind"] },
          { type: "object", properties: { note: str } },
        ],
      },
      want: {
        schema: {
          description:
            'One of: kind = "card" (fields kind, number), kind = "bank" (fields kind, iban) or option 3 (fields note).',
          type: "object",
          properties: { kind: { anyOf: [{ const: "card" }, { type: "string", enum: ["bank"] }] }, number: str, iban: str, note: str },
        },
        lifted: true,
      },
    },
  ],
  [
    "shared properties plus alternatives that only require",
    {
      given: { type: "object", properties: { a: str, b: str }, oneOf: [{ required: ["a"] }, { required: ["b"] }] },
      want: {
        schema: {
          description: "One of: option 1 (fields a) or option 2 (fields b).",
          type: "object",
          properties: { a: str, b: str },
        },
        lifted: true,
      },
    },
  ],
  [
    "a null alternative among objects is ignored",
    {
      given: { oneOf: [cat, { type: "null" }, dog] },
      want: {
        schema: {
          description: "One of: Cat (fields name, purrs) or Dog (fields name, barks).",
          type: "object",
          properties: { name: str, purrs: { type: "boolean" }, barks: { type: "boolean" } },
          required: ["name"],
        },
        lifted: true,
      },
    },
  ],
  ["a non-object alternative: not object-like", { given: { oneOf: [cat, { type: "string" }] }, want: undefined }],
  ["a free-form alternative: not object-like", { given: { oneOf: [cat, {}] }, want: undefined }],
  [
    "allOf that mergeAllOf could not fold is folded here",
    {
      given: {
        title: "Payment",
        allOf: [
          { properties: { amount: int }, required: ["amount"], oneOf: [{ title: "Card", properties: { card: str } }, { title: "Bank", properties: { iban: str } }] },
          { oneOf: [{ title: "Now", properties: { now: { type: "boolean" } } }, { title: "Later", properties: { at: str } }] },
        ],
      },
      want: {
        schema: {
          title: "Payment",
          description: "One of: Card (fields card) or Bank (fields iban). One of: Now (fields now) or Later (fields at).",
          type: "object",
          properties: { amount: int, card: str, iban: str, now: { type: "boolean" }, at: str },
          required: ["amount"],
        },
        lifted: true,
      },
    },
  ],
  [
    "long field lists are shortened",
    {
      given: {
        oneOf: [
          { title: "Wide", properties: Object.fromEntries("abcdefghij".split("").map((k) => [k, str])) },
          { title: "Narrow", properties: { z: str } },
        ],
      },
      want: {
        schema: {
          description: "One of: Wide (fields a, b, c, d, e, f, g, h, …) or Narrow (fields z).",
          type: "object",
          properties: { ...Object.fromEntries("abcdefghij".split("").map((k) => [k, str])), z: str },
        },
        lifted: true,
      },
    },
  ],
];

describe("flattenToObject", () => {
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const before = JSON.stringify(given);
      const got = flattenToObject(given);
      assert.deepEqual(got, want);
      assert.equal(JSON.stringify(given), before, "input not mutated");
      if (got !== undefined) {
        assertCompiles(got.schema);
        for (const keyword of ["allOf", "oneOf", "anyOf"]) assert.equal(got.schema[keyword], undefined, keyword);
      }
    });
  }
});
