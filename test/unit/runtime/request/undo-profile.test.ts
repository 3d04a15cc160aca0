import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonSchema } from "../../../../src/runtime/core/tool-definition.js";
import { profileKeys, undoProfile } from "../../../../src/runtime/request/undo-profile.js";

const schema: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string" },
    note: { type: ["string", "null"] },
    keep: { type: ["string", "null"] },
    meta: { type: "object", additionalProperties: { type: "integer" } },
    list: { type: "array", items: { type: "object", properties: { "x-id": { type: "string" }, opt: { type: "integer" } } } },
    text: { type: "string" },
    either: { anyOf: [{ type: "object", properties: { a: { type: "integer" } } }, { type: "integer" }] },
  },
  required: ["name", "keep"],
};

describe("undoProfile", () => {
  it("drops a null given for an optional property (OpenAI strict lists it as required), keeps it for a required one", () => {
    assert.deepEqual(undoProfile(schema, { name: "n", note: null, keep: null, meta: null }, ["nullMeansAbsent"]), { name: "n", keep: null });
  });

  it("drops nulls inside arrays of objects", () => {
    assert.deepEqual(undoProfile(schema, { list: [{ opt: null, "x-id": "1" }] }, ["nullMeansAbsent"]), { list: [{ "x-id": "1" }] });
  });

  it("parses JSON text where the full schema takes no string, and leaves strings where it does", () => {
    assert.deepEqual(undoProfile(schema, { meta: '{"a":1}', text: '{"a":1}', either: "7" }, ["jsonStrings"]), { meta: { a: 1 }, text: '{"a":1}', either: 7 });
  });

  it("leaves text that is not JSON for validation to name", () => {
    assert.deepEqual(undoProfile(schema, { meta: "{oops" }, ["jsonStrings"]), { meta: "{oops" });
  });

  it("renames keys back to the API's names, inside arrays too; a key given under its own name wins", () => {
    assert.deepEqual(undoProfile(schema, { list: [{ x_id: "1" }, { x_id: "2", "x-id": "3" }] }, ["renamedKeys"]), { list: [{ "x-id": "1" }, { "x-id": "3" }] });
  });

  it("changes nothing without the rule", () => {
    const args = { note: null, meta: '{"a":1}', list: [{ x_id: "1" }] };
    assert.deepEqual(undoProfile(schema, args, []), args);
  });

  it("keeps __proto__ from parsed JSON as an own key (validation refuses it), never as a prototype", () => {
    const out = undoProfile(schema, { meta: '{"__proto__":{"polluted":1}}' }, ["jsonStrings"]);
    const meta = out.meta as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(meta), Object.prototype);
    assert.deepEqual(Object.keys(meta), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("profileKeys", () => {
  it("keeps safe names, replaces other characters, avoids collisions deterministically", () => {
    assert.deepEqual([...profileKeys(["ok", "x-id", "x_id", "1a", "$top"])], [["ok", "ok"], ["x-id", "x_id_2"], ["x_id", "x_id"], ["1a", "_1a"], ["$top", "_top"]]);
  });
});
