/**
 * schemaToJsonSchema: `$ref` inlining, the recursion cut, memoisation, and the depth and size guards.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SpecError } from "../../../src/errors.js";
import { createRefResolver } from "../../../src/ir/resolve-ref.js";
import { MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES, schemaToJsonSchema } from "../../../src/ir/schema-to-json-schema.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";
import type { Diagnostic } from "../../../src/ir/types.js";
import { assertCompiles, assertNoRef, assertWarnings, convert, makeContext, runConvertCases, type ConvertCase } from "./schema-test-helpers.js";

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const recursive = (name: string): string => `${name} (recursive; nested levels beyond this one are not described)`;

const document = {
  components: {
    schemas: {
      Pet: { type: "object", properties: { name: { type: "string" } } },
      Alias: ref("Pet"),
      Named: { type: "string", description: "A name", maxLength: 20 },
      Node: {
        type: "object",
        properties: { value: { type: "string" }, children: { type: "array", items: ref("Node") } },
      },
      A: { type: "object", properties: { b: ref("B") } },
      B: { type: "object", properties: { a: ref("A") } },
      Tree: { properties: { parent: ref("Tree") } },
      List: { type: "array", items: ref("List") },
      Link: { type: "object", nullable: true, properties: { next: ref("Link") } },
      Quirky: { type: "String" },
      Owner: { type: "object", properties: { id: { type: "integer", readOnly: true }, name: { type: "string" } } },
    },
  },
};

const pet: JsonSchema = { type: "object", properties: { name: { type: "string" } } };
const node = (items: JsonSchema): JsonSchema => ({
  type: "object",
  properties: { value: { type: "string" }, children: { type: "array", items } },
});
const nodeCut: JsonSchema = { description: recursive("Node"), type: "object" };

describe("rule 1: references", () => {
  const cases: Array<[string, ConvertCase]> = [
    ["a $ref is inlined", { document, given: ref("Pet"), want: pet }],
    ["a chain of $refs is followed", { document, given: ref("Alias"), want: pet }],
    [
      "nested $refs in properties and items",
      {
        document,
        given: { type: "object", properties: { pet: ref("Pet"), pets: { type: "array", items: ref("Alias") } } },
        want: { type: "object", properties: { pet, pets: { type: "array", items: pet } } },
      },
    ],
    [
      "recursion: expanded maxRecursionDepth (2) times, then cut, keeping the type",
      { document, given: ref("Node"), want: node(node(nodeCut)) },
    ],
    ["recursion with maxRecursionDepth 1", { document, maxRecursionDepth: 1, given: ref("Node"), want: node(nodeCut) }],
    ["maxRecursionDepth below 1 counts as 1", { document, maxRecursionDepth: 0, given: ref("Node"), want: node(nodeCut) }],
    [
      "mutual recursion is cut at the ref that would appear a third time",
      {
        document,
        given: ref("A"),
        want: {
          type: "object",
          properties: {
            b: {
              type: "object",
              properties: {
                a: {
                  type: "object",
                  properties: {
                    b: { type: "object", properties: { a: { description: recursive("A"), type: "object" } } },
                  },
                },
              },
            },
          },
        },
      },
    ],
    [
      "a cut target without type gets only the description",
      {
        document,
        maxRecursionDepth: 1,
        given: ref("Tree"),
        want: { properties: { parent: { description: recursive("Tree") } } },
      },
    ],
    [
      "a cut array keeps items",
      {
        document,
        maxRecursionDepth: 1,
        given: ref("List"),
        want: { type: "array", items: { description: recursive("List"), type: "array", items: {} } },
      },
    ],
    [
      "a cut nullable keeps null",
      {
        document,
        maxRecursionDepth: 1,
        given: ref("Link"),
        want: { type: ["object", "null"], properties: { next: { description: recursive("Link"), type: ["object", "null"] } } },
      },
    ],
    [
      "3.1: sibling description overrides the target's",
      {
        document,
        specVersion: "3.1",
        given: { ...ref("Named"), description: "The pet's name" },
        want: { description: "The pet's name", type: "string", maxLength: 20 },
      },
    ],
    [
      "3.1: sibling validation keywords apply with the target",
      {
        document,
        specVersion: "3.1",
        given: { ...ref("Named"), maxLength: 5, "x-order": 1 },
        want: { description: "A name", type: "string", maxLength: 5 },
      },
    ],
    [
      "3.1: summary fills a missing description only",
      {
        document,
        specVersion: "3.1",
        given: { type: "object", properties: { pet: { ...ref("Pet"), summary: "The pet" }, name: { ...ref("Named"), summary: "Short" } } },
        want: {
          type: "object",
          properties: { pet: { ...pet, description: "The pet" }, name: { description: "A name", type: "string", maxLength: 20 } },
        },
      },
    ],
    [
      "3.2 behaves like 3.1",
      {
        document,
        specVersion: "3.2",
        given: { ...ref("Named"), description: "Override" },
        want: { description: "Override", type: "string", maxLength: 20 },
      },
    ],
    [
      "3.1: nullable next to a $ref",
      {
        document,
        specVersion: "3.1",
        given: { ...ref("Named"), nullable: true },
        want: { description: "A name", type: ["string", "null"], maxLength: 20 },
      },
    ],
    [
      "3.0: siblings of $ref are ignored, as the spec says",
      { document, given: { ...ref("Named"), description: "Override", maxLength: 5 }, want: { description: "A name", type: "string", maxLength: 20 } },
    ],
    [
      "warnings inside a target point into the target",
      { document, given: ref("Quirky"), want: { type: "string" }, wantWarnings: [["#/components/schemas/Quirky/type", "read as"]] },
    ],
  ];
  runConvertCases(cases);

  test("a dangling $ref throws SpecError", () => {
    assert.throws(() => convert(ref("Missing"), { document }), SpecError);
  });

  test("a dangling $ref behind readOnly detection throws SpecError too", () => {
    assert.throws(() => convert({ properties: { a: ref("Missing") } }, { document }), SpecError);
  });
});

describe("rule 1: memoisation", () => {
  test("one reference used twice gives the same object", () => {
    const { out } = convert({ properties: { a: ref("Pet"), b: ref("Pet") } }, { document });
    const properties = out.properties as Record<string, JsonSchema>;
    assert.equal(properties.a, properties.b);
  });

  test("memoised across calls on the same resolver", () => {
    const ctx = makeContext({ document });
    const first = schemaToJsonSchema(ref("Pet"), "#/a", ctx);
    const second = schemaToJsonSchema({ properties: { p: ref("Pet") } }, "#/b", ctx);
    assert.equal((second.properties as Record<string, JsonSchema>).p, first);
  });

  test("memoised per direction", () => {
    const ctx = makeContext({ document });
    const request = schemaToJsonSchema(ref("Owner"), "#/a", ctx);
    const response = schemaToJsonSchema(ref("Owner"), "#/a", { ...ctx, direction: "response" });
    assert.deepEqual(Object.keys(request.properties as object), ["name"]);
    assert.deepEqual(Object.keys(response.properties as object), ["id", "name"]);
  });

  test("warnings of a memoised target reach a new warnings array, once", () => {
    const ctx = makeContext({ document });
    schemaToJsonSchema(ref("Quirky"), "#/a", ctx);
    schemaToJsonSchema(ref("Quirky"), "#/a", ctx);
    assertWarnings(ctx.warnings, [["#/components/schemas/Quirky/type", "read as"]]);
    const fresh: Diagnostic[] = [];
    schemaToJsonSchema({ properties: { q: ref("Quirky") } }, "#/b", { ...ctx, warnings: fresh });
    assertWarnings(fresh, [["#/components/schemas/Quirky/type", "read as"]]);
  });

  test("results do not depend on what was converted before (recursive targets are not memoised)", () => {
    const inputs: unknown[] = [
      ref("B"),
      ref("Node"),
      ref("A"),
      { properties: { n: ref("Node"), a: ref("A") } },
      ref("Node"),
      { type: "array", items: ref("B") },
    ];
    const shared = makeContext({ document });
    for (const [i, input] of inputs.entries()) {
      const alone = schemaToJsonSchema(input, `#/${i}`, makeContext({ document }));
      assert.deepEqual(schemaToJsonSchema(input, `#/${i}`, shared), alone, `input ${i}`);
      assertCompiles(alone);
      assertNoRef(alone);
    }
  });
});

/** `{type: object, properties: {p: {...}}}` nested `levels` deep. */
function nested(levels: number): JsonSchema {
  let schema: JsonSchema = { type: "string" };
  for (let i = 0; i < levels; i++) schema = { type: "object", properties: { p: schema } };
  return schema;
}

/** Follows `properties.p` `levels` times. */
function descend(schema: JsonSchema, levels: number): JsonSchema {
  let at = schema;
  for (let i = 0; i < levels; i++) at = (at.properties as Record<string, JsonSchema>).p as JsonSchema;
  return at;
}

describe("rule 8: depth and size guards", () => {
  test(`nesting deeper than ${MAX_SCHEMA_DEPTH} levels is cut, with one warning`, () => {
    const { out, warnings } = convert(nested(40));
    assert.deepEqual(descend(out, MAX_SCHEMA_DEPTH), { type: "object", properties: { p: { description: "p nested deeper than 32 levels; not described", type: "object" } } });
    const pointer = `#/s${"/properties/p".repeat(MAX_SCHEMA_DEPTH + 1)}`;
    assertWarnings(warnings, [[pointer, "nested deeper than 32 levels"]]);
    assertCompiles(out);
  });

  test("a chain of distinct references is cut by depth too, named after the reference", () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) schemas[`L${i}`] = { type: "object", properties: { next: ref(`L${i + 1}`) } };
    schemas.L40 = { type: "string" };
    const doc = { components: { schemas } };
    const { out, warnings } = convert(ref("L0"), { document: doc });
    let at = out;
    for (let i = 0; i < MAX_SCHEMA_DEPTH + 1; i++) at = (at.properties as Record<string, JsonSchema>).next as JsonSchema;
    assert.deepEqual(at, { description: "L33 nested deeper than 32 levels; not described", type: "object" });
    assertWarnings(warnings, [["#/components/schemas/L33", "nested deeper"]]);
    // A target memoised when reached shallowly is not reused where it would exceed the depth.
    const shared = makeContext({ document: doc });
    schemaToJsonSchema(ref("L20"), "#/a", shared);
    assert.deepEqual(schemaToJsonSchema(ref("L0"), "#/s", shared), out);
    assertWarnings(shared.warnings, [["#/components/schemas/L33", "nested deeper"]]);
  });

  test(`more than ${MAX_SCHEMA_NODES} output nodes: the rest is cut, with one warning`, () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < MAX_SCHEMA_NODES + 5; i++) properties[`p${i}`] = { type: "string" };
    const { out, warnings } = convert({ type: "object", properties });
    const values = Object.values(out.properties as Record<string, JsonSchema>);
    const cut = values.filter((v) => v.description !== undefined);
    // The root is one node, so the last property that fits is p(MAX - 2).
    assert.equal(cut.length, 6);
    const tooLarge = `larger than ${MAX_SCHEMA_NODES} nodes`;
    assert.deepEqual(cut[0], { description: `p${MAX_SCHEMA_NODES - 1} not described: the schema is ${tooLarge}`, type: "string" });
    assertWarnings(warnings, [[`#/s/properties/p${MAX_SCHEMA_NODES - 1}`, tooLarge]]);
  });

  test("memoised targets count against the size guard on every reuse", () => {
    // Big is a twentieth of the budget; 30 uses cannot all be expanded.
    const size = MAX_SCHEMA_NODES / 20;
    const big: Record<string, unknown> = {};
    for (let i = 0; i < size - 1; i++) big[`f${i}`] = { type: "integer" };
    const doc = { components: { schemas: { Big: { type: "object", properties: big } } } };
    const uses: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) uses[`u${i}`] = ref("Big");
    const { out, warnings } = convert({ type: "object", properties: uses }, { document: doc });
    assertWarnings(warnings, [["#/components/schemas/Big/properties/f" + (size - 2), `larger than ${MAX_SCHEMA_NODES} nodes`]]);
    const copies = Object.values(out.properties as Record<string, JsonSchema>);
    const whole = copies.filter((u) => !JSON.stringify(u).includes("not described")).length;
    assert.equal(whole, 19, "19 whole copies fit next to the root; the 20th is partly cut");
    assert.ok(copies.slice(20).every((u) => typeof u.description === "string" && u.description.includes("not described")));
  });
});
