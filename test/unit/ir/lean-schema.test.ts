import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { leanSchema, titleSaidByTag, typeSaidByValues } from "../../../src/ir/lean-schema.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";
import { convert } from "./schema-test-helpers.js";

describe("typeSaidByValues", () => {
  const cases: Array<[string, { given: JsonSchema; want: boolean }]> = [
    ["GitHub's direction", { given: { type: "string", enum: ["asc", "desc"], description: "The direction to sort the results by." }, want: true }],
    ["Stripe's empty-string branch", { given: { type: "string", enum: [""] }, want: true }],
    ["integers", { given: { type: "integer", enum: [1, 7, 30] }, want: true }],
    ["an integer is a number too", { given: { type: "number", enum: [1, 2.5] }, want: true }],
    ["a nullable enum with its null", { given: { type: ["string", "null"], enum: ["open", null] }, want: true }],
    ["a const", { given: { type: "string", const: "creation" }, want: true }],
    // `type` still narrows these, so it stays:
    ["a value of another type", { given: { type: "string", enum: ["a", 1] }, want: false }],
    ["a fraction under integer", { given: { type: "integer", enum: [1.5] }, want: false }],
    ["no values", { given: { type: "string" }, want: false }],
    ["an empty enum", { given: { type: "string", enum: [] }, want: false }],
    ["no type to drop", { given: { enum: ["a"] }, want: false }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(typeSaidByValues(given), want));
});

describe("titleSaidByTag", () => {
  const rule = (title: string, tag: JsonSchema): JsonSchema => ({ title, description: "Only allow users with bypass permission to create matching refs.", type: "object", properties: { type: tag }, required: ["type"] });
  const cases: Array<[string, { given: JsonSchema; want: boolean }]> = [
    ["GitHub's ruleset rule, tagged by enum", { given: rule("creation", { type: "string", enum: ["creation"] }), want: true }],
    ["…or by const", { given: rule("update", { const: "update" }), want: true }],
    ["a title that says more than the tag", { given: rule("Repository Rule", { type: "string", enum: ["creation"] }), want: false }],
    ["a tag with several values", { given: rule("creation", { type: "string", enum: ["creation", "update"] }), want: false }],
    ["a title equal to a property's name, not its value", { given: { title: "type", type: "object", properties: { type: { type: "string" } } }, want: false }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(titleSaidByTag(given), want));
});

describe("leanSchema", () => {
  it("drops the type at every depth, and keeps property names that look like keywords", () => {
    const given: JsonSchema = {
      type: "object",
      properties: {
        type: { type: "string", enum: ["pull_request"] },
        enum: { type: "array", items: { type: "integer", enum: [1, 2] } },
        rule: { anyOf: [{ title: "evaluate", type: "object", properties: { mode: { type: "string", const: "evaluate" } } }, { type: "string", enum: [""] }] },
      },
      required: ["type"],
    };
    assert.deepEqual(leanSchema(given), {
      type: "object",
      properties: {
        type: { enum: ["pull_request"] },
        enum: { type: "array", items: { enum: [1, 2] } },
        rule: { anyOf: [{ type: "object", properties: { mode: { const: "evaluate" } } }, { enum: [""] }] },
      },
      required: ["type"],
    });
  });
  it("never modifies its input and returns unchanged schemas as they are (specs share sub-objects)", () => {
    const shared: JsonSchema = { type: "string", enum: ["a"] };
    const plain: JsonSchema = { type: "object", properties: { name: { type: "string" } } };
    const given: JsonSchema = { type: "object", properties: { one: shared, two: shared, plain } };
    const copy = structuredClone(given);
    const out = leanSchema(given);
    assert.deepEqual(given, copy);
    assert.equal((out.properties as Record<string, JsonSchema>).plain, plain);
    assert.deepEqual((out.properties as Record<string, JsonSchema>).one, { enum: ["a"] });
    assert.equal(leanSchema(plain), plain);
    // A shared node with subschemas is leaned once, and stays shared.
    const sharedObject: JsonSchema = { type: "object", properties: { kind: shared } };
    const twice = leanSchema({ type: "object", properties: { a: sharedObject, b: sharedObject } });
    assert.equal((twice.properties as Record<string, JsonSchema>).a, (twice.properties as Record<string, JsonSchema>).b);
  });
  it("keeps a property called __proto__ as a property", () => {
    const given = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","enum":["x"]}}}') as JsonSchema;
    const out = leanSchema(given);
    assert.deepEqual(Object.keys(out.properties as object), ["__proto__"]);
    assert.deepEqual(JSON.stringify(out), '{"type":"object","properties":{"__proto__":{"enum":["x"]}}}');
  });
});

/**
 * Losing nothing, judged by Ajv rather than by our own reading: every component schema of GitHub's
 * and Stripe's specs, converted as the IR converts it, then leaned; wherever the lean one differs,
 * both must accept and refuse the same values — each listed value, and a value of every JSON type.
 */
describe("leanSchema admits exactly the values the full schema admits (Ajv, GitHub and Stripe components)", () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  // Keywords whose values are data, not schemas.
  const DATA = new Set(["type", "enum", "const", "default", "examples", "required"]);
  const PROBES: unknown[] = [null, true, false, 0, 1, -3, 2.5, "", "x", "asc", [], ["a"], {}, { a: 1 }];
  const specs: Array<[string, () => Record<string, unknown>]> = [
    ["GitHub", () => JSON.parse(readFileSync("node_modules/@octokit/openapi/generated/api.github.com.json", "utf8")) as Record<string, unknown>],
    ["Stripe", () => parse(readFileSync("fixtures/corpus/stripe-spec3-2023-09-12.yaml", "utf8")) as Record<string, unknown>],
  ];
  for (const [vendor, load] of specs) {
    it(vendor, () => {
      const document = load();
      const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
      const seen = new Set<string>();
      let compared = 0;
      const compare = (full: unknown, lean: unknown): void => {
        if (full === lean || typeof full !== "object" || full === null) return;
        if (Array.isArray(full)) {
          full.forEach((item, i) => compare(item, (lean as unknown[])[i]));
          return;
        }
        const f = full as JsonSchema;
        const l = lean as JsonSchema;
        if (f.type !== undefined && l.type === undefined) {
          const key = JSON.stringify(f);
          if (!seen.has(key)) {
            seen.add(key);
            compared++;
            const [vf, vl] = [ajv.compile(f), ajv.compile(l)];
            const listed = [...(Array.isArray(f.enum) ? f.enum : []), ...(Object.hasOwn(f, "const") ? [f.const] : [])];
            for (const probe of [...PROBES, ...listed]) assert.equal(vl(probe), vf(probe), `${JSON.stringify(probe)} against ${key.slice(0, 200)}`);
          }
        }
        for (const [k, v] of Object.entries(f)) if (!DATA.has(k)) compare(v, l[k]);
      };
      for (const [name, schema] of Object.entries(schemas)) {
        const { out } = convert(schema, { document, pointer: `#/components/schemas/${name}`, specVersion: "3.0" });
        compare(out, leanSchema(out));
      }
      assert.ok(compared > 100, `${compared} leaned schemas compared`);
    });
  }
});
