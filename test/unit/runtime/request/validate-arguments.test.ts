import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_INPUT_LIMITS, type InputLimits } from "../../../../src/runtime/request/input-limits.js";
import type { JsonSchema } from "../../../../src/runtime/core/tool-definition.js";
import { checkArguments } from "../../../../src/runtime/request/validate-arguments.js";

const limits: InputLimits = { ...DEFAULT_INPUT_LIMITS };

const schema: JsonSchema = {
  type: "object",
  properties: {
    ids: { type: "array", items: { type: "integer" } },
    body: { type: "object", properties: { name: { type: "string" }, meta: { type: "object" } } },
    tag: { type: "string", enum: ["a", "b"] },
  },
};

/** `{"a":{"a":...{}}}` nested `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe("checkArguments", () => {
  const cases: Array<[string, { given: Record<string, unknown>; want: RegExp[]; limit?: keyof InputLimits }]> = [
    ["accepts declared arguments", { given: { ids: [1, 2], tag: "a", body: { name: "x" } }, want: [] }],
    ["refuses an undeclared argument (issue 9, 11a)", { given: { tag: "a", colour: "red" }, want: [/^colour: unknown argument .*remove it/] }],
    ["refuses an argument named Authorization, saying the server sets it", { given: { Authorization: "Bearer x" }, want: [/^Authorization: unknown argument; the server alone sets Authorization/] }],
    ["refuses an argument named Host", { given: { host: "evil.example" }, want: [/^host: unknown argument; the server alone sets host/] }],
    ["refuses a nested __proto__ key (defect 5)", { given: JSON.parse('{"body":{"meta":{"__proto__":{"admin":true}}}}') as Record<string, unknown>, want: [/^body\.meta\.__proto__: the key "__proto__" is never forwarded/] }],
    ["refuses a top-level __proto__ key", { given: JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>, want: [/^__proto__: the key "__proto__" is never forwarded/] }],
    ["refuses an undeclared nested constructor key", { given: { body: { meta: { constructor: { prototype: { x: 1 } } } } }, want: [/^body\.meta\.constructor: the key "constructor" is never forwarded/] }],
    ["lists schema problems, naming the field", { given: { ids: [1, "two"], tag: "c" }, want: [/^ids\.1: expected integer/, /^tag: expected one of \["a","b"\]/] }],
  ];
  for (const [name, { given, want, limit }] of cases) {
    it(name, () => {
      const checked = checkArguments(schema, given, limits);
      assert.equal(checked.problems.length, want.length, checked.problems.join("\n"));
      want.forEach((pattern, i) => assert.match(checked.problems[i]!, pattern));
      assert.equal(checked.limit, limit);
    });
  }

  it("forwards a constructor key where the schema declares that property", () => {
    const declares: JsonSchema = { type: "object", properties: { race: { type: "object", properties: { constructor: { type: "string" } } } } };
    assert.deepEqual(checkArguments(declares, { race: { constructor: "Williams" } }, limits).problems, []);
  });

  it("reports a hidden argument as one the server sets", () => {
    const checked = checkArguments(schema, { api_key: "x" }, limits, new Set(["api_key"]));
    assert.deepEqual(checked.problems, ["api_key: not an argument of this tool (the server sets it)"]);
  });

  it("refuses depth 100,000 with a problem naming the limit, not a stack overflow (defect 5)", () => {
    const checked = checkArguments(schema, { body: { meta: nested(100_000) } }, limits);
    assert.equal(checked.limit, "maxArgumentDepth");
    assert.equal(checked.problems.length, 1);
    assert.match(checked.problems[0]!, /nest deeper than 64 levels.*OPENAPI_MCP_MAX_ARGUMENT_DEPTH/);
    assert.ok(checked.problems[0]!.length < 600);
  });

  it("accepts depth exactly at the limit", () => {
    const shallow: JsonSchema = { type: "object", properties: { a: {} } };
    // The arguments object is level 1; nested(63) under "a" makes 64 levels.
    assert.deepEqual(checkArguments(shallow, { a: nested(63) }, limits).problems, []);
    assert.equal(checkArguments(shallow, { a: nested(64) }, limits).limit, "maxArgumentDepth");
  });

  it("refuses arguments over the size limit before validating them (defect 5)", () => {
    const checked = checkArguments(schema, { ids: Array.from({ length: 1_000_000 }, () => "x") }, limits);
    assert.equal(checked.limit, "maxArgumentBytes");
    assert.match(checked.problems[0]!, /larger than 1048576 bytes.*OPENAPI_MCP_MAX_ARGUMENT_BYTES/);
  });

  it("lists at most maxValidationErrors problems for a million wrong items, quickly (defect 5)", () => {
    const roomy = { ...limits, maxArgumentBytes: 64 * 1024 * 1024 };
    const started = process.hrtime.bigint();
    const checked = checkArguments(schema, { ids: Array.from({ length: 1_000_000 }, () => "x") }, roomy);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.equal(checked.limit, "maxValidationErrors");
    assert.equal(checked.problems.length, 21);
    assert.match(checked.problems[0]!, /^ids\.0: expected integer/);
    assert.match(checked.problems[20]!, /and 999980 more problems not listed \(at most 20 are; the server's OPENAPI_MCP_MAX_VALIDATION_ERRORS/);
    assert.ok(checked.problems.join("\n").length < 4000);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });
});
