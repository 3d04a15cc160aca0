import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loosenSchema, responseToOutputSchema } from "../../../src/curate/output-schema.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";

const pet: JsonSchema = {
  type: "object",
  required: ["id", "name"],
  additionalProperties: false,
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    required: { type: "boolean", description: "a property named required" },
    category: {
      type: "object",
      required: ["id"],
      additionalProperties: false,
      properties: { id: { type: "integer" } },
    },
    tags: {
      type: "array",
      items: { type: "object", required: ["name"], unevaluatedProperties: false, properties: { name: { type: "string" } } },
    },
    status: { enum: ["available", "sold"], default: { required: ["kept"] } },
    owner: { anyOf: [{ type: "object", required: ["a"], additionalProperties: false }, { type: "null" }] },
    extra: { type: "object", additionalProperties: { type: "string" } },
  },
};

const loosePet: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    required: { type: "boolean", description: "a property named required" },
    category: { type: "object", properties: { id: { type: "integer" } } },
    tags: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
    status: { enum: ["available", "sold"], default: { required: ["kept"] } },
    owner: { anyOf: [{ type: "object" }, { type: "null" }] },
    extra: { type: "object", additionalProperties: { type: "string" } },
  },
};

describe("loosenSchema", () => {
  it("drops required and additionalProperties: false at every schema position, and only there", () => {
    assert.deepEqual(loosenSchema(pet), loosePet);
  });

  it("does not touch its input", () => {
    const before = structuredClone(pet);
    loosenSchema(pet);
    assert.deepEqual(pet, before);
  });
});

describe("responseToOutputSchema", () => {
  const cases: Array<[string, { given: JsonSchema | undefined; want: ReturnType<typeof responseToOutputSchema> }]> = [
    ["object: loosened", { given: pet, want: { schema: loosePet } }],
    [
      "array: loosened and wrapped in { items }",
      {
        given: { type: "array", items: pet },
        want: { schema: { type: "object", properties: { items: { type: "array", items: loosePet } }, required: ["items"] } },
      },
    ],
    ["string: none", { given: { type: "string" }, want: { reason: "its JSON response schema is neither an object nor an array" } }],
    ["no schema: none", { given: undefined, want: { reason: "the operation declares no JSON response schema" } }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => assert.deepEqual(responseToOutputSchema(given), want));
  }
});
