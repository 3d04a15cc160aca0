import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { schemaToTsType, tsTypeText } from "../../../src/emit/schema-to-ts-type.js";
import type { JsonValue } from "../../../src/runtime/core/tool-definition.js";

const text = (schema: JsonValue): string => tsTypeText(schemaToTsType(schema));

describe("schemaToTsType", () => {
  const cases: Array<[string, { given: JsonValue; want: string }]> = [
    ["string", { given: { type: "string" }, want: "string" }],
    ["integer is number", { given: { type: "integer", minimum: 0 }, want: "number" }],
    ["boolean", { given: { type: "boolean" }, want: "boolean" }],
    ["type array with null", { given: { type: ["string", "null"] }, want: "string | null" }],
    ["string enum", { given: { type: "string", enum: ["a", "b"] }, want: '"a" | "b"' }],
    ["mixed enum", { given: { enum: ["a", 1, -2.5, true, null] }, want: '"a" | 1 | -2.5 | true | null' }],
    ["enum with an object member", { given: { enum: ["a", { b: 1 }] }, want: "unknown" }],
    ["const", { given: { const: "card" }, want: '"card"' }],
    ["const null", { given: { const: null }, want: "null" }],
    ["hostile enum text stays in string literals", {
      given: { enum: ["*/", "${x}", "a\"b", "line\nbreak", "back\\", "\u2028"] },
      want: '"*/" | "${x}" | "a\\"b" | "line\\nbreak" | "back\\u005c" | "\\u2028"',
    }],
    ["object with required, optional and docs", {
      given: { type: "object", required: ["id"], properties: { id: { type: "integer", description: "The id." }, name: { type: "string" } } },
      want: "{\n  /** The id. */\n  id: number;\n  name?: string;\n}",
    }],
    ["non-identifier property names are quoted", {
      given: { type: "object", properties: { "a-b": { type: "string" }, "x\"y": { type: "string" }, "1st": { type: "string" }, $ok: { type: "string" } } },
      want: '{\n  "a-b"?: string;\n  "x\\"y"?: string;\n  "1st"?: string;\n  $ok?: string;\n}',
    }],
    ["deprecated property", {
      given: { type: "object", properties: { old: { type: "string", deprecated: true } } },
      want: "{\n  /** @deprecated */\n  old?: string;\n}",
    }],
    ["description that tries to close the comment", {
      given: { type: "object", properties: { a: { type: "string", description: "end */ here\n@param x" } } },
      want: "{\n  /**\n   * end *\\/ here\n   * \\@param x\n   */\n  a?: string;\n}",
    }],
    ["additionalProperties schema → index signature", {
      given: { type: "object", additionalProperties: { type: "integer" } },
      want: "{\n  [key: string]: number;\n}",
    }],
    ["index signature admits the properties' types", {
      given: { type: "object", properties: { a: { type: "string" } }, required: [], additionalProperties: { type: "integer" } },
      want: "{\n  a?: string;\n  [key: string]: number | string | undefined;\n}",
    }],
    ["index signature without optional properties has no undefined", {
      given: { type: "object", properties: { a: { type: "integer" } }, required: ["a"], additionalProperties: { type: "integer" } },
      want: "{\n  a: number;\n  [key: string]: number;\n}",
    }],
    ["free-form object", { given: { type: "object" }, want: "Record<string, unknown>" }],
    ["additionalProperties true", { given: { type: "object", additionalProperties: true }, want: "Record<string, unknown>" }],
    ["empty closed object", { given: { type: "object", additionalProperties: false }, want: "Record<string, never>" }],
    ["properties without type", { given: { properties: { a: { type: "string" } } }, want: "{\n  a?: string;\n}" }],
    ["array", { given: { type: "array", items: { type: "string" } }, want: "string[]" }],
    ["array of a union is parenthesised", { given: { type: "array", items: { type: ["string", "number"] } }, want: "(string | number)[]" }],
    ["array without items", { given: { type: "array" }, want: "unknown[]" }],
    ["array of objects", { given: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } }, want: "{\n  a?: string;\n}[]" }],
    ["closed tuple", {
      given: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false, minItems: 2 },
      want: "[number, number]",
    }],
    ["tuple with optional elements and a rest", {
      given: { type: "array", prefixItems: [{ type: "string" }, { type: ["number", "null"] }], items: { type: "boolean" }, minItems: 1 },
      want: "[string, (number | null)?, ...boolean[]]",
    }],
    ["open tuple", { given: { prefixItems: [{ type: "string" }] }, want: "[string?, ...unknown[]]" }],
    ["oneOf → union", {
      given: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
      want: "string | string[]",
    }],
    ["anyOf → union, de-duplicated and flattened", {
      given: { anyOf: [{ type: "string" }, { anyOf: [{ type: "string" }, { type: "null" }] }] },
      want: "string | null",
    }],
    ["allOf → intersection", {
      given: { allOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "object", properties: { b: { type: "number" } } }] },
      want: "{\n  a?: string;\n} & {\n  b?: number;\n}",
    }],
    ["a base type with oneOf → intersection with a parenthesised union", {
      given: { type: "object", properties: { kind: { type: "string" } }, oneOf: [{ required: ["a"] }, { required: ["b"] }] },
      want: "{\n  kind?: string;\n} & Record<string, unknown>",
    }],
    ["union members that are intersections are parenthesised", {
      given: { anyOf: [{ type: "string" }, { allOf: [{ type: "object", properties: { a: { const: 1 } } }, { type: "object", properties: { b: { const: 2 } } }] }] },
      want: "string | ({\n  a?: 1;\n} & {\n  b?: 2;\n})",
    }],
    ["unknown absorbs a union", { given: { anyOf: [{ type: "string" }, {}] }, want: "unknown" }],
    ["an empty schema", { given: {}, want: "unknown" }],
    ["true", { given: true, want: "unknown" }],
    ["false", { given: false, want: "never" }],
    ["an unknown type name", { given: { type: "file" }, want: "unknown" }],
    ["nested objects indent", {
      given: { type: "object", properties: { a: { type: "object", properties: { b: { type: "object", properties: { c: { type: "string" } } } } } } },
      want: "{\n  a?: {\n    b?: {\n      c?: string;\n    };\n  };\n}",
    }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(text(given), want));

  it("stops at a depth limit instead of overflowing", () => {
    let schema: JsonValue = { type: "string" };
    for (let i = 0; i < 200; i++) schema = { type: "array", items: schema };
    assert.match(text(schema), /unknown(\[\])+$/);
  });
});
