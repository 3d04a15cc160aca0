/**
 * Keyword conversion rules of schemaToJsonSchema: nullable, OpenAPI-only keywords, readOnly and
 * writeOnly, arrays, the keyword whitelist and value fixes, allOf merging. References and guards
 * are in schema-to-json-schema.refs.test.ts.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { convert, runConvertCases, type ConvertCase } from "./schema-test-helpers.js";

const FILE = "File content, base64-encoded or a data: URL";

describe("rule 2: nullable", () => {
  const cases: Array<[string, ConvertCase]> = [
    ["3.0 nullable adds null to type", { given: { type: "string", nullable: true }, want: { type: ["string", "null"] } }],
    [
      "nullable with enum adds null to the enum too",
      { given: { type: "string", enum: ["a", "b"], nullable: true }, want: { type: ["string", "null"], enum: ["a", "b", null] } },
    ],
    [
      "nullable enum that already lists null",
      { given: { type: "string", enum: ["a", null], nullable: true }, want: { type: ["string", "null"], enum: ["a", null] } },
    ],
    [
      "2.0 x-nullable",
      { specVersion: "2.0", given: { type: "integer", "x-nullable": true }, want: { type: ["integer", "null"] } },
    ],
    ["nullable: false changes nothing", { given: { type: "string", nullable: false }, want: { type: "string" } }],
    [
      "nullable with oneOf and no type wraps in anyOf, annotations outside",
      {
        given: { description: "A pet", nullable: true, oneOf: [{ type: "string" }, { type: "integer" }] },
        want: { description: "A pet", anyOf: [{ oneOf: [{ type: "string" }, { type: "integer" }] }, { type: "null" }] },
      },
    ],
    [
      "nullable with a type and a oneOf also wraps (the branches would refuse null)",
      {
        given: { type: "object", nullable: true, oneOf: [{ required: ["a"] }, { required: ["b"] }] },
        want: { anyOf: [{ type: "object", oneOf: [{ required: ["a"] }, { required: ["b"] }] }, { type: "null" }] },
      },
    ],
    [
      "nullable allOf of a typed schema merges, then adds null to the merged type",
      {
        given: { nullable: true, allOf: [{ type: "object", properties: { a: { type: "string" } } }] },
        want: { type: ["object", "null"], properties: { a: { type: "string" } } },
      },
    ],
    [
      "nullable with nothing that refuses null stays as it is",
      { given: { nullable: true, description: "anything" }, want: { description: "anything" } },
    ],
    ["nullable const becomes an enum with null", { given: { const: "x", nullable: true }, want: { enum: ["x", null] } }],
    [
      "nullable array keeps its items",
      { given: { type: "array", nullable: true }, want: { type: ["array", "null"], items: {} } },
    ],
    [
      "3.1 type array kept and deduplicated",
      { specVersion: "3.1", given: { type: ["string", "null", "string"] }, want: { type: ["string", "null"] } },
    ],
    ["type null is fine", { specVersion: "3.1", given: { type: "null" }, want: { type: "null" } }],
    [
      "nullable on a type that already allows null adds nothing",
      { given: { type: ["string", "null"], nullable: true }, want: { type: ["string", "null"] } },
    ],
  ];
  runConvertCases(cases);
});

describe("rule 3: OpenAPI-only keywords", () => {
  const cases: Array<[string, ConvertCase]> = [
    [
      "boolean exclusiveMinimum becomes the numeric bound",
      { given: { type: "number", minimum: 5, exclusiveMinimum: true }, want: { type: "number", exclusiveMinimum: 5 } },
    ],
    [
      "exclusiveMaximum: false keeps maximum",
      { given: { type: "number", maximum: 9, exclusiveMaximum: false }, want: { type: "number", maximum: 9 } },
    ],
    [
      "exclusiveMinimum: true without minimum is dropped",
      {
        given: { type: "number", exclusiveMinimum: true },
        want: { type: "number" },
        wantWarnings: [["#/s/exclusiveMinimum", "without minimum"]],
      },
    ],
    [
      "3.1 numeric exclusive bounds kept",
      {
        specVersion: "3.1",
        given: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 10 },
        want: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 10 },
      },
    ],
    [
      "boolean exclusiveMaximum in a 3.1 spec is read the 3.0 way, with a warning",
      {
        specVersion: "3.1",
        given: { maximum: 3, exclusiveMaximum: true },
        want: { exclusiveMaximum: 3 },
        wantWarnings: [["#/s/exclusiveMaximum", "3.0 form"]],
      },
    ],
    ["example becomes examples", { given: { type: "string", example: "rex" }, want: { type: "string", examples: ["rex"] } }],
    [
      "a property title that only repeats its name goes; one that says more stays",
      {
        given: { type: "object", properties: { pull_number: { type: "integer", title: "Pull Number" }, ownerId: { type: "string", title: "owner_id" }, team: { type: "string", title: "Team slug" } } },
        want: { type: "object", properties: { pull_number: { type: "integer" }, ownerId: { type: "string" }, team: { type: "string", title: "Team slug" } } },
      },
    ],
    [
      "schema descriptions lose markup: a link keeps its text, a sentence that only points at one goes",
      {
        given: { type: "string", description: 'A **timestamp** in [ISO 8601](https://en.wikipedia.org/wiki/ISO_8601). For more information, see "[Dates](https://x.io/d)."' },
        want: { type: "string", description: "A timestamp in ISO 8601." },
      },
    ],
    ["a description that is only markup is dropped", { given: { type: "string", description: "<br/>" }, want: { type: "string" } }],
    [
      "3.1 examples: the first kept (one shows the shape), and examples win over example",
      { specVersion: "3.1", given: { examples: [1, { a: 2 }], example: 0 }, want: { examples: [1] } },
    ],
    [
      "examples that is not an array is dropped",
      {
        given: { type: "string", examples: { one: { value: "x" } } },
        want: { type: "string" },
        wantWarnings: [["#/s/examples", "not a list"]],
      },
    ],
    [
      "an example written as a $ref is inlined",
      {
        document: { components: { examples: { Rex: { value: { name: "Rex" } } } } },
        given: { type: "object", example: { $ref: "#/components/examples/Rex/value" } },
        want: { type: "object", examples: [{ name: "Rex" }] },
        wantWarnings: [["#/s/example", "inlined"]],
      },
    ],
    [
      "example and default values holding a $ref, or a dangling one, are dropped",
      {
        specVersion: "3.1",
        given: { default: { a: [{ $ref: "#/x" }] }, examples: [{ $ref: "#/nowhere" }, 1] },
        want: { examples: [1] },
        wantWarnings: [
          ["#/s/default", "holds a $ref"],
          ["#/s/examples/0", "does not resolve"],
        ],
      },
    ],
    [
      "OpenAPI-only and extension keywords dropped silently",
      {
        given: {
          type: "object",
          discriminator: { propertyName: "kind" },
          xml: { name: "pet" },
          externalDocs: { url: "https://example.com" },
          "x-internal": true,
          nullable: false,
          readOnly: true,
          writeOnly: false,
          $schema: "https://json-schema.org/draft/2020-12/schema",
          $id: "pet",
          $comment: "hi",
          unevaluatedProperties: false,
          dependentSchemas: {},
        },
        want: { type: "object" },
      },
    ],
    [
      "Swagger 2.0 file becomes a base64 string",
      {
        specVersion: "2.0",
        given: { type: "file" },
        want: { description: FILE, type: "string", contentEncoding: "base64" },
      },
    ],
    [
      "file description is merged with the existing one",
      {
        specVersion: "2.0",
        given: { type: "file", description: "The avatar" },
        want: { description: `The avatar. ${FILE}`, type: "string", contentEncoding: "base64" },
      },
    ],
    [
      "file in a 3.0 spec is converted with a warning",
      {
        given: { type: "file", description: "Upload." },
        want: { description: `Upload. ${FILE}`, type: "string", contentEncoding: "base64" },
        wantWarnings: [["#/s/type", "only in Swagger 2.0"]],
      },
    ],
    [
      "array of files",
      {
        specVersion: "2.0",
        given: { type: "array", items: { type: "file" } },
        want: { type: "array", items: { description: FILE, type: "string", contentEncoding: "base64" } },
      },
    ],
  ];
  runConvertCases(cases);
});

describe("rule 4: readOnly and writeOnly", () => {
  const document = {
    components: {
      schemas: {
        Id: { type: "string", readOnly: true },
        Secret: { type: "string", writeOnly: true },
      },
    },
  };
  const pet = {
    type: "object",
    required: ["id", "name", "password"],
    properties: {
      id: { type: "integer", readOnly: true },
      name: { type: "string" },
      password: { type: "string", writeOnly: true },
    },
  };
  const cases: Array<[string, ConvertCase]> = [
    [
      "request drops readOnly properties, from required too",
      {
        given: pet,
        want: { type: "object", properties: { name: { type: "string" }, password: { type: "string" } }, required: ["name", "password"] },
      },
    ],
    [
      "response drops writeOnly properties",
      {
        direction: "response",
        given: pet,
        want: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } }, required: ["id", "name"] },
      },
    ],
    [
      "readOnly on the referenced schema",
      {
        document,
        given: { type: "object", properties: { id: { $ref: "#/components/schemas/Id" }, name: { type: "string" } } },
        want: { type: "object", properties: { name: { type: "string" } } },
      },
    ],
    [
      "readOnly on an allOf branch (the 3.0 way to annotate a $ref)",
      {
        document,
        given: { type: "object", properties: { owner: { allOf: [{ $ref: "#/components/schemas/Secret" }, { readOnly: true }] } } },
        want: { type: "object", properties: {} },
      },
    ],
    [
      "writeOnly through a reference is dropped in responses",
      {
        document,
        direction: "response",
        given: { type: "object", properties: { secret: { $ref: "#/components/schemas/Secret" }, id: { $ref: "#/components/schemas/Id" } } },
        want: { type: "object", properties: { id: { type: "string" } } },
      },
    ],
    [
      "3.1 readOnly next to a $ref",
      {
        document,
        specVersion: "3.1",
        given: { type: "object", properties: { name: { $ref: "#/components/schemas/Secret", readOnly: true } } },
        want: { type: "object", properties: {} },
      },
    ],
  ];
  runConvertCases(cases);
});

describe("rule 5: arrays and objects", () => {
  const cases: Array<[string, ConvertCase]> = [
    ["array without items gets items {}", { given: { type: "array" }, want: { type: "array", items: {} } }],
    [
      "3.1 array in a type list gets items {} too",
      { specVersion: "3.1", given: { type: ["array", "null"] }, want: { type: ["array", "null"], items: {} } },
    ],
    [
      "items as a list becomes prefixItems",
      {
        given: { type: "array", items: [{ type: "string" }, { type: "integer" }] },
        want: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: {} },
        wantWarnings: [["#/s/items", "prefixItems"]],
      },
    ],
    [
      "additionalItems next to a list becomes items",
      {
        given: { type: "array", items: [{ type: "string" }], additionalItems: false },
        want: { type: "array", prefixItems: [{ type: "string" }], items: false },
        wantWarnings: [["#/s/items", "prefixItems"]],
      },
    ],
    [
      "3.1 prefixItems kept",
      {
        specVersion: "3.1",
        given: { type: "array", prefixItems: [{ type: "number" }], items: { type: "string" } },
        want: { type: "array", prefixItems: [{ type: "number" }], items: { type: "string" } },
      },
    ],
    [
      "properties without type: no type invented",
      { given: { properties: { a: { type: "string" } } }, want: { properties: { a: { type: "string" } } } },
    ],
    [
      "property values that are not schemas are dropped",
      {
        given: { type: "object", properties: { a: "string", b: null, c: { type: "string" }, d: [1] } },
        want: { type: "object", properties: { c: { type: "string" } } },
        wantWarnings: [
          ["#/s/properties/a", "not an object"],
          ["#/s/properties/b", "not an object"],
          ["#/s/properties/d", "not an object"],
        ],
      },
    ],
    [
      "properties that is not an object is dropped",
      { given: { type: "object", properties: ["a"] }, want: { type: "object" }, wantWarnings: [["#/s/properties", "not an object"]] },
    ],
    [
      "property names are escaped in pointers",
      {
        given: { properties: { "a/b": { type: "Int" } } },
        want: { properties: { "a/b": { type: "integer" } } },
        wantWarnings: [["#/s/properties/a~1b/type", 'read as "integer"']],
      },
    ],
    [
      "contains and uniqueItems kept",
      {
        specVersion: "3.1",
        given: { type: "array", items: { type: "string" }, contains: { const: "x" }, uniqueItems: true, minItems: 1 },
        want: { type: "array", items: { type: "string" }, contains: { const: "x" }, minItems: 1, uniqueItems: true },
      },
    ],
  ];
  runConvertCases(cases);
});

describe("rule 6: whitelist and value fixes", () => {
  const cases: Array<[string, ConvertCase]> = [
    ["type String", { given: { type: "String" }, want: { type: "string" }, wantWarnings: [["#/s/type", 'read as "string"']] }],
    ["type int", { given: { type: "int" }, want: { type: "integer" }, wantWarnings: [["#/s/type", 'read as "integer"']] }],
    [
      "type with trailing space",
      { given: { type: "integer " }, want: { type: "integer" }, wantWarnings: [["#/s/type", 'read as "integer"']] },
    ],
    ["type bool", { given: { type: "bool" }, want: { type: "boolean" }, wantWarnings: [["#/s/type", 'read as "boolean"']] }],
    [
      "unknown type dropped, the rest kept",
      { given: { type: "uuid", format: "uuid" }, want: { format: "uuid" }, wantWarnings: [["#/s/type", 'unknown type "uuid"']] },
    ],
    [
      "unknown names dropped from a type list",
      {
        specVersion: "3.1",
        given: { type: ["string", "any", 3] },
        want: { type: ["string"] },
        wantWarnings: [
          ["#/s/type", 'unknown type "any"'],
          ["#/s/type", "not a type name"],
        ],
      },
    ],
    [
      "required that is not an array is dropped",
      {
        given: { type: "object", required: "name", properties: { name: { type: "string" } } },
        want: { type: "object", properties: { name: { type: "string" } } },
        wantWarnings: [["#/s/required", "not an array"]],
      },
    ],
    [
      "required: non-strings and duplicates removed",
      {
        given: { type: "object", required: ["a", 1, "a", null] },
        want: { type: "object", required: ["a"] },
        wantWarnings: [
          ["#/s/required", "non-string"],
          ["#/s/required", "more than once"],
        ],
      },
    ],
    [
      "required: true on a property moves to the parent",
      {
        given: { type: "object", properties: { a: { type: "string", required: true }, b: { type: "string", required: false } } },
        want: { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a"] },
        wantWarnings: [
          ["#/s/properties/a/required", "moved"],
          ["#/s/properties/b/required", "moved"],
        ],
      },
    ],
    [
      "pattern that does not compile with the u flag is dropped",
      {
        given: { type: "string", pattern: "^[a-z\\_]+$" },
        want: { type: "string" },
        wantWarnings: [["#/s/pattern", "not a valid Unicode regular expression"]],
      },
    ],
    ["valid pattern kept", { given: { type: "string", pattern: "^\\d{3}-[a-z]+$" }, want: { type: "string", pattern: "^\\d{3}-[a-z]+$" } }],
    [
      "invalid patternProperties key dropped",
      {
        specVersion: "3.1",
        given: { type: "object", patternProperties: { "^x-": { type: "string" }, "(": { type: "string" } } },
        want: { type: "object", patternProperties: { "^x-": { type: "string" } } },
        wantWarnings: [["#/s/patternProperties/(", "not a valid Unicode regular expression"]],
      },
    ],
    [
      "patternProperties that overlap properties are separated (Ajv strict refuses the overlap)",
      {
        specVersion: "3.1",
        given: {
          type: "object",
          properties: { "x-id": { type: "string" } },
          patternProperties: { "^x-": { maxLength: 5 } },
        },
        want: {
          type: "object",
          properties: { "x-id": { type: "string", maxLength: 5 } },
          patternProperties: { "^(?!(?:x-id)$)[\\s\\S]*?(?:^x-)": { maxLength: 5 } },
        },
      },
    ],
    [
      "overlap with a property name holding regex characters",
      {
        specVersion: "3.1",
        given: { type: "object", properties: { "a.b": { type: "string" }, ab: true }, patternProperties: { "\\.": { minLength: 1 } } },
        want: {
          type: "object",
          properties: { "a.b": { type: "string", minLength: 1 }, ab: true },
          patternProperties: { "^(?!(?:a\\.b)$)[\\s\\S]*?(?:\\.)": { minLength: 1 } },
        },
      },
    ],
    ["enum not an array dropped", { given: { enum: "a" }, want: {}, wantWarnings: [["#/s/enum", "not an array"]] }],
    ["empty enum dropped", { given: { type: "string", enum: [] }, want: { type: "string" }, wantWarnings: [["#/s/enum", "empty"]] }],
    [
      "duplicate enum values deduped",
      {
        given: { enum: ["a", "b", "a", { x: 1, y: 2 }, { y: 2, x: 1 }] },
        want: { enum: ["a", "b", { x: 1, y: 2 }] },
        wantWarnings: [["#/s/enum", "duplicates removed"]],
      },
    ],
    [
      "numbers written as strings",
      {
        given: { type: "integer", minimum: "1", maximum: "10", minLength: "2" },
        want: { type: "integer", minLength: 2, minimum: 1, maximum: 10 },
        wantWarnings: [
          ["#/s/minLength", "read as 2"],
          ["#/s/minimum", "read as 1"],
          ["#/s/maximum", "read as 10"],
        ],
      },
    ],
    [
      "invalid counts and multipleOf dropped",
      {
        given: { type: "string", maxLength: -1, minLength: 1.5, multipleOf: 0, minimum: "ten" },
        want: { type: "string" },
        wantWarnings: [
          ["#/s/multipleOf", "not positive"],
          ["#/s/minLength", "not a non-negative integer"],
          ["#/s/maxLength", "not a non-negative integer"],
          ["#/s/minimum", "not a number"],
        ],
      },
    ],
    [
      "default and examples kept as-is, even when they do not match",
      {
        given: { type: "integer", default: "five", example: { odd: [1] } },
        want: { type: "integer", default: "five", examples: [{ odd: [1] }] },
      },
    ],
    ["null default kept", { given: { type: "string", default: null }, want: { type: "string", default: null } }],
    [
      "description that is not a string dropped",
      { given: { type: "string", description: 42 }, want: { type: "string" }, wantWarnings: [["#/s/description", "not a string"]] },
    ],
    [
      "boolean keywords written as strings",
      {
        given: { type: "array", items: {}, uniqueItems: "true", deprecated: "yes" },
        want: { type: "array", items: {}, uniqueItems: true },
        wantWarnings: [
          ["#/s/uniqueItems", "as the string"],
          ["#/s/deprecated", "not a boolean"],
        ],
      },
    ],
    [
      "3.1 boolean schemas kept",
      {
        specVersion: "3.1",
        given: { type: "object", properties: { any: true, never: false }, additionalProperties: false },
        want: { type: "object", properties: { any: true, never: false }, additionalProperties: false },
      },
    ],
    ["top-level true becomes {}", { specVersion: "3.1", given: true, want: {} }],
    ["top-level false becomes {not: {}}", { specVersion: "3.1", given: false, want: { not: {} } }],
    ["a schema that is not an object becomes {}", { given: "string", want: {}, wantWarnings: [["#/s", "not an object"]] }],
    [
      "if without then/else dropped",
      { specVersion: "3.1", given: { if: { type: "string" } }, want: {}, wantWarnings: [["#/s/if", "if/then/else"]] },
    ],
    [
      "if/then/else kept",
      {
        specVersion: "3.1",
        given: { if: { required: ["a"] }, then: { required: ["b"] }, else: false },
        want: { if: { required: ["a"] }, then: { required: ["b"] }, else: false },
      },
    ],
    [
      "empty oneOf dropped",
      { given: { type: "object", oneOf: [] }, want: { type: "object" }, wantWarnings: [["#/s/oneOf", "empty list"]] },
    ],
    [
      "non-schema entries dropped from anyOf",
      {
        given: { anyOf: [{ type: "string" }, "integer"] },
        want: { anyOf: [{ type: "string" }] },
        wantWarnings: [["#/s/anyOf/1", "not an object"]],
      },
    ],
    [
      "keywords written in canonical order",
      {
        specVersion: "3.1",
        given: { maxLength: 3, description: "d", type: "string", title: "t", deprecated: true, const: "abc" },
        want: { title: "t", description: "d", type: "string", const: "abc", maxLength: 3, deprecated: true },
      },
    ],
    [
      "dependentRequired kept, values cleaned",
      {
        specVersion: "3.1",
        given: { type: "object", dependentRequired: { a: ["b", "b"], c: "d" } },
        want: { type: "object", dependentRequired: { a: ["b"] } },
        wantWarnings: [
          ["#/s/dependentRequired/a", "more than once"],
          ["#/s/dependentRequired/c", "not an array"],
        ],
      },
    ],
    [
      "format, content keywords and propertyNames kept",
      {
        specVersion: "3.1",
        given: {
          type: "object",
          propertyNames: { pattern: "^[a-z]+$" },
          additionalProperties: { type: "string", format: "byte", contentMediaType: "image/png", contentEncoding: "base64" },
          minProperties: 1,
        },
        want: {
          type: "object",
          additionalProperties: { type: "string", format: "byte", contentMediaType: "image/png", contentEncoding: "base64" },
          propertyNames: { pattern: "^[a-z]+$" },
          minProperties: 1,
        },
      },
    ],
  ];
  runConvertCases(cases);
});

describe("rule 7: allOf merged by the converter", () => {
  const document = {
    components: {
      schemas: {
        Pet: {
          type: "object",
          description: "A pet",
          required: ["name"],
          properties: { name: { type: "string" }, tag: { type: "string" } },
        },
      },
    },
  };
  const cases: Array<[string, ConvertCase]> = [
    [
      "inheritance: allOf of a $ref and extra properties becomes one object",
      {
        document,
        given: {
          allOf: [
            { $ref: "#/components/schemas/Pet" },
            { type: "object", required: ["id"], properties: { id: { type: "integer" }, tag: { maxLength: 10 } } },
          ],
        },
        want: {
          description: "A pet",
          type: "object",
          properties: { name: { type: "string" }, tag: { type: "string", maxLength: 10 }, id: { type: "integer" } },
          required: ["name", "id"],
        },
      },
    ],
    [
      "own description first, then branches",
      {
        document,
        given: { description: "The owner's pet", allOf: [{ $ref: "#/components/schemas/Pet" }] },
        want: {
          description: "The owner's pet",
          type: "object",
          properties: { name: { type: "string" }, tag: { type: "string" } },
          required: ["name"],
        },
      },
    ],
    [
      "conflicting types kept as allOf",
      {
        given: { allOf: [{ type: "string" }, { type: "integer" }, { minLength: 2 }] },
        want: { type: "string", minLength: 2, allOf: [{ type: "integer" }] },
      },
    ],
    [
      "oneOf branches that are $refs get the component name as title",
      {
        document,
        given: { oneOf: [{ $ref: "#/components/schemas/Pet" }, { type: "string" }] },
        want: {
          oneOf: [
            {
              title: "Pet",
              description: "A pet",
              type: "object",
              properties: { name: { type: "string" }, tag: { type: "string" } },
              required: ["name"],
            },
            { type: "string" },
          ],
        },
      },
    ],
  ];
  runConvertCases(cases);
});

describe("long descriptions are capped", () => {
  runConvertCases([
    ["a description within the cap is kept", { given: { type: "string", description: "Short." }, want: { type: "string", description: "Short." } }],
  ]);
  test("a long property description is cut to the cap at a word, marked with an ellipsis", () => {
    const long = `${"Sentence one is short. ".repeat(10)}${"word ".repeat(200)}`;
    const { out } = convert({ type: "object", properties: { p: { type: "string", description: long } } });
    const description = (out.properties as Record<string, { description: string }>).p!.description;
    assert.ok(description.length <= 400, `${description.length} characters`);
    assert.ok(description.endsWith("…"));
    assert.ok(long.startsWith(description.slice(0, -1).trimEnd()));
  });
});
