import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closestMatch, didYouMean } from "../../../src/curate/did-you-mean.js";

describe("closestMatch", () => {
  const candidates = ["getPetById", "findPetsByStatus", "addPet", "GET /pet/{petId}", "DELETE /pet/{petId}"];
  const cases: Array<[string, { input: string; want: string | undefined }]> = [
    ["one typo", { input: "getPetByld", want: "getPetById" }],
    ["case only", { input: "getpetbyid", want: "getPetById" }],
    ["route with lowercase method", { input: "get /pet/{petid}", want: "GET /pet/{petId}" }],
    ["route with a wrong param name", { input: "GET /pet/{id}", want: "GET /pet/{petId}" }],
    ["nothing close", { input: "listInvoices", want: undefined }],
    ["short input, far candidates", { input: "x", want: undefined }],
  ];
  for (const [name, { input, want }] of cases) {
    it(name, () => assert.equal(closestMatch(input, candidates), want));
  }

  it("prefers the earlier candidate on ties", () => {
    assert.equal(closestMatch("ab", ["ac", "ad"]), "ac");
  });

  it("formats the hint", () => {
    assert.equal(didYouMean("addPett", candidates), 'did you mean "addPet"?');
    assert.equal(didYouMean("zzzzzzzz", candidates), undefined);
  });
});
