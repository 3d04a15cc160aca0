import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpecError } from "../../../src/errors.js";
import { buildIr } from "../../../src/ir/build-ir.js";
import { loadSpec } from "../../../src/load/load-spec.js";
import type { LoadedSpec } from "../../../src/load/load-spec.js";

function spec(document: Record<string, unknown>, specVersion: LoadedSpec["specVersion"] = "3.0"): LoadedSpec {
  return { source: "inline.yaml", location: "/tmp/inline.yaml", isUrl: false, specVersion, document, problems: [] };
}

describe("buildIr errors", () => {
  it("a spec whose only operation has a dangling $ref fails with the pointer", async () => {
    await assert.rejects(async () => buildIr(await loadSpec("fixtures/specs/dangling-ref.yaml")), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.match(e.format(), /^fixtures\/specs\/dangling-ref\.yaml #\/paths\/~1widgets\/post\/requestBody\/content\/application~1json\/schema: no operation could be converted; the first failure: "\$ref": "#\/components\/schemas\/Widget" points at nothing — fix the reference/);
      return true;
    });
  });
  it("a spec with no operations says so", () => {
    assert.throws(() => buildIr(spec({ openapi: "3.0.0", info: {}, paths: {} })), /the spec has no operations/);
  });
  it("a broken operation is skipped with a warning; the others remain", async () => {
    const ir = buildIr(await loadSpec("fixtures/specs/dangling-ref-partial.yaml"));
    assert.deepEqual(ir.operations.map((o) => o.tool.name), ["list_gadgets"]);
    assert.match(ir.warnings.map((w) => `${w.pointer}: ${w.message}`).join("\n"), /POST \/widgets skipped: "\$ref": "#\/components\/schemas\/Widget" points at nothing/);
  });
});

describe("buildIr rules", () => {
  const op = (extra: Record<string, unknown> = {}) => ({ responses: { "200": { description: "ok" } }, ...extra });
  it("annotations follow the method", () => {
    const ir = buildIr(spec({ openapi: "3.0.0", info: {}, paths: { "/a": { get: op(), put: op(), post: op(), delete: op(), patch: op(), head: op() } } }));
    const byMethod = Object.fromEntries(ir.operations.map((o) => [o.method, o.tool.annotations]));
    assert.deepEqual(byMethod.GET, { readOnlyHint: true, openWorldHint: true });
    assert.deepEqual(byMethod.HEAD, { readOnlyHint: true, openWorldHint: true });
    assert.deepEqual(byMethod.PUT, { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    assert.deepEqual(byMethod.DELETE, { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true });
    assert.deepEqual(byMethod.POST, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
  });
  it("names are unique and deterministic when operationIds collide", () => {
    const ir = buildIr(spec({ openapi: "3.0.0", info: {}, paths: { "/a": { get: op({ operationId: "getThing" }) }, "/b": { get: op({ operationId: "get-thing" }) } } }));
    assert.deepEqual(ir.operations.map((o) => o.tool.name), ["get_thing", "get_thing_2"]);
  });
  it("honours a shorter name limit", () => {
    const ir = buildIr(spec({ openapi: "3.0.0", info: {}, paths: { "/a": { get: op({ operationId: "aVeryLongOperationIdentifierIndeed" }) } } }), { maxToolNameLength: 20 });
    assert.equal(ir.operations[0]!.tool.name.length <= 20, true);
  });
  it("an undeclared path placeholder becomes a required string argument, with a warning", () => {
    const ir = buildIr(spec({ openapi: "3.0.0", info: {}, paths: { "/a/{id}": { get: op() } } }));
    assert.deepEqual(ir.operations[0]!.tool.inputSchema, { type: "object", properties: { id: { type: "string" } }, required: ["id"] });
    assert.match(ir.warnings[0]!.message, /path placeholder \{id\} has no parameter/);
  });
  it("detects paging arguments", () => {
    const q = (name: string) => ({ name, in: "query", schema: { type: "string" } });
    const ir = buildIr(spec({ openapi: "3.0.0", info: {}, paths: { "/a": { get: op({ parameters: [q("per_page"), q("page"), q("q"), q("cursor")] }) } } }));
    assert.deepEqual(ir.operations[0]!.tool.pagingArguments, ["per_page", "page", "cursor"]);
  });
  it("says so when a 3.1 spec declares only webhooks", () => {
    assert.throws(() => buildIr(spec({ openapi: "3.1.0", info: {}, webhooks: { a: { post: op() } } }, "3.1")), (e: unknown) =>
      e instanceof SpecError && /#\/webhooks: the spec declares only webhooks \(1\), which the API sends; there is no operation a tool can call/.test(e.format()));
  });
});
