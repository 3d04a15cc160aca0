import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ArgumentDraft } from "../../../src/ir/build-context.js";
import { assembleInput, restatesName } from "../../../src/ir/input-schema.js";

function draft(wireName: string, location: ArgumentDraft["location"], required = false): ArgumentDraft {
  const target = location === "body"
    ? { in: "body" as const, property: wireName }
    : { in: location, name: wireName, style: "simple" as const, explode: false, allowReserved: false };
  return { wireName, location, target, required, schema: { type: "string", description: location } };
}

describe("assembleInput", () => {
  const cases: Array<[string, { given: ArgumentDraft[]; want: string[] }]> = [
    ["no collision keeps names", { given: [draft("a", "path"), draft("b", "query")], want: ["a", "b"] }],
    ["path beats body", { given: [draft("id", "body"), draft("id", "path")], want: ["id_body", "id"] }],
    ["query beats header beats cookie", {
      given: [draft("id", "cookie"), draft("id", "header"), draft("id", "query")],
      want: ["id_cookie", "id_header", "id"],
    }],
    ["sanitised names can collide too", { given: [draft("a[b]", "query"), draft("a_b", "body")], want: ["a_b", "a_b_body"] }],
    ["a suffix already taken gets a number", {
      given: [draft("id", "path"), draft("id_body", "query"), draft("id", "body")],
      want: ["id", "id_body", "id_body_2"],
    }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      const { inputSchema, bindings } = assembleInput(given);
      assert.deepEqual(bindings.map((b) => b.argument), want);
      assert.deepEqual(Object.keys(inputSchema.properties as object), want);
      assert.equal(inputSchema.type, "object");
    });
  }
  it("collects required arguments and omits an empty list", () => {
    assert.deepEqual(assembleInput([draft("a", "path", true), draft("b", "query")]).inputSchema.required, ["a"]);
    assert.equal(assembleInput([draft("b", "query")]).inputSchema.required, undefined);
  });
  it("lists each argument's schema leaned: a type its enum already says is left out", () => {
    const direction: ArgumentDraft = { ...draft("direction", "query"), schema: { type: "string", enum: ["asc", "desc"], description: "The direction to sort the results by." } };
    assert.deepEqual(assembleInput([direction]).inputSchema.properties, { direction: { enum: ["asc", "desc"], description: "The direction to sort the results by." } });
  });
  it("drops advice to URL-encode a path argument (the runtime encodes it), and then a description that only restates the name", () => {
    const advice = "The name of the environment. The name must be URL encoded. For example, any slashes in the name must be replaced with `%2F`.";
    const inPath: ArgumentDraft = { ...draft("environment_name", "path", true), schema: { type: "string", description: advice } };
    const reviewed: ArgumentDraft = { ...draft("environment_name", "body"), schema: { type: "string", description: `${advice.replace("environment.", "environment to approve or reject.")}` } };
    const { inputSchema } = assembleInput([inPath, reviewed]);
    assert.deepEqual(inputSchema.properties, {
      environment_name: { type: "string" },
      // Not a path value: the words stay.
      environment_name_body: { type: "string", description: reviewed.schema.description },
    });
  });
  it("keeps the wire name on the binding", () => {
    const { bindings } = assembleInput([draft("filter[x]", "query")]);
    assert.deepEqual(bindings[0]!.target, { in: "query", name: "filter[x]", style: "simple", explode: false, allowReserved: false });
  });
});

describe("restatesName", () => {
  const cases: Array<[string, string, boolean]> = [
    ["secret_name", "The name of the secret.", true],
    ["gist_id", "The unique identifier of the gist.", true],
    ["repositoryId", "The ID of the repository.", true],
    ["org", "The organization.", true],
    ["org", "The organization name. The name is not case sensitive.", false],
    ["per_page", "The number of results per page (max 100).", false],
    ["page", "The page number of the results to fetch.", false],
    ["name", "", false],
  ];
  for (const [name, description, want] of cases) it(`${name}: ${JSON.stringify(description)}`, () => assert.equal(restatesName(description, name), want));

  it("an argument whose description restates its name is listed without it", () => {
    const restated: ArgumentDraft = { ...draft("gist_id", "path", true), schema: { type: "string", description: "The unique identifier of the gist." } };
    const kept: ArgumentDraft = { ...draft("per_page", "query"), schema: { type: "integer", description: "Results per page (max 100)." } };
    const { inputSchema } = assembleInput([restated, kept]);
    assert.deepEqual(inputSchema.properties, { gist_id: { type: "string" }, per_page: { type: "integer", description: "Results per page (max 100)." } });
    assert.equal(restated.schema.description, "The unique identifier of the gist.", "the draft itself is not changed");
  });
});
