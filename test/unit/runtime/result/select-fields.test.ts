import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../../../src/runtime/core/tool-definition.js";
import { availableFields, MAX_LISTED_FIELDS, selectFields } from "../../../../src/runtime/result/select-fields.js";

const issue = { number: 1, title: "Crash", user: { login: "octocat", id: 9 }, labels: [{ name: "bug", color: "red" }], body: "long" };

describe("selectFields", () => {
  const cases: Array<[string, { value: JsonValue; paths: string[]; want: JsonValue; missing?: string[] }]> = [
    ["top-level keys of an object", { value: issue, paths: ["number", "title"], want: { number: 1, title: "Crash" } }],
    ["a nested path", { value: issue, paths: ["user.login"], want: { user: { login: "octocat" } } }],
    ["a path through a list applies to every element", { value: issue, paths: ["labels.name"], want: { labels: [{ name: "bug" }] } }],
    ["a top-level array: paths apply to each element", { value: [issue, { ...issue, number: 2 }], paths: ["number"], want: [{ number: 1 }, { number: 2 }] }],
    ["items.title of a search answer", { value: { total_count: 2, items: [issue, issue] }, paths: ["items.title", "total_count"], want: { items: [{ title: "Crash" }, { title: "Crash" }], total_count: 2 } }],
    ["a parent path keeps everything below, whatever else is asked", { value: issue, paths: ["user", "user.login"], want: { user: { login: "octocat", id: 9 } } }],
    ["a path that matches nothing is reported", { value: issue, paths: ["number", "nope", "user.nope"], want: { number: 1, user: {} }, missing: ["nope", "user.nope"] }],
    ["a key absent from some elements is found in others", { value: [{ a: 1 }, { b: 2 }], paths: ["b"], want: [{}, { b: 2 }] }],
    ["a scalar answer stays as it is", { value: 42, paths: ["a"], want: 42, missing: ["a"] }],
  ];
  for (const [name, { value, paths, want, missing }] of cases) {
    it(name, () => {
      const got = selectFields(value, paths);
      assert.deepEqual(got.value, want);
      assert.deepEqual(got.missing, missing ?? []);
    });
  }
});

describe("availableFields", () => {
  it("lists dotted paths breadth first, through lists, three steps deep", () => {
    assert.deepEqual(availableFields({ total_count: 1, items: [issue] }), [
      "total_count", "items", "items.number", "items.title", "items.user", "items.labels", "items.body",
      "items.user.login", "items.user.id", "items.labels.name", "items.labels.color",
    ]);
  });
  it("samples the elements of a top-level list", () => assert.deepEqual(availableFields([{ a: 1 }, { b: 2 }]), ["a", "b"]));
  it(`stops at ${MAX_LISTED_FIELDS} paths`, () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    assert.equal(availableFields(wide).length, MAX_LISTED_FIELDS);
  });
});
