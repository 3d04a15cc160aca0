import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyCuration } from "../../../src/curate/apply-curation.js";
import type { Curation } from "../../../src/curate/curation-schema.js";
import { CurationSchema } from "../../../src/curate/curation-schema.js";
import { candidateFilter } from "../../../src/curate/select-operations.js";
import { CurationError } from "../../../src/errors.js";
import { OperationSearch } from "../../../src/runtime/discovery/search-index.js";
import { makePetstoreIr } from "../../helpers/make-ir.js";

const ALL = ["findPetsByStatus", "getPetById", "addPet", "deletePet", "getInventory", "placeOrder", "getUserByName", "get_health"];

describe("applyCuration in discovery mode", () => {
  const cases: Array<[string, { curation: Curation | undefined; option?: boolean; reach: string[]; listed: string[] }]> = [
    ["no file, --discovery: every operation in reach, none listed beside the meta-tools", { curation: undefined, option: true, reach: ALL, listed: [] }],
    ["discovery: true in the file does the same", { curation: { discovery: true }, reach: ALL, listed: [] }],
    [
      "tools entries are listed (hybrid) and do not bound the reach",
      { curation: { discovery: true, tools: [{ operation: "getPetById", name: "get_pet" }] }, reach: ALL.map((n) => (n === "getPetById" ? "get_pet" : n)), listed: ["get_pet"] },
    ],
    [
      "include bounds the reach; tools entries stay in it",
      { curation: { discovery: true, include: { tags: ["store"] }, tools: [{ operation: "getPetById" }] }, reach: ["getPetById", "getInventory", "placeOrder"], listed: ["getPetById"] },
    ],
    ["exclude bounds the reach", { curation: { discovery: true, exclude: { methods: ["POST", "DELETE"] } }, reach: ["findPetsByStatus", "getPetById", "getInventory", "getUserByName", "get_health"], listed: [] }],
    ["include.operations alone bounds the reach", { curation: { discovery: true, include: { operations: ["getInventory"] } }, reach: ["getInventory"], listed: [] }],
  ];
  for (const [name, { curation, option, reach, listed }] of cases) {
    it(name, () => {
      const { server, warnings } = applyCuration(makePetstoreIr(), curation, option ? { discovery: true } : {});
      assert.deepEqual(server.tools.map((t) => t.name), reach);
      assert.deepEqual(server.discovery?.listed, listed);
      assert.deepEqual(server.discovery?.index?.documents.map((d) => d.name), reach, "the index covers exactly the operations in reach, in order");
      assert.ok(!warnings.some((w) => /tools selected/.test(w)), "no tool-count warning: nothing but the meta-tools is listed");
    });
  }

  it("without discovery, nothing changes: tools entries select, no discovery data", () => {
    const { server } = applyCuration(makePetstoreIr(), { tools: [{ operation: "getPetById" }] });
    assert.deepEqual(server.tools.map((t) => t.name), ["getPetById"]);
    assert.equal(server.discovery, undefined);
  });

  it("the index knows the spec's tags, and a tools entry's title beats the summary", () => {
    const { server } = applyCuration(makePetstoreIr(), { discovery: true, tools: [{ operation: "getInventory", title: "Stock levels by status" }] });
    const search = new OperationSearch(server.discovery!.index!);
    assert.equal(search.search("stock levels", 1)[0]?.name, "getInventory");
    assert.match(search.search("stock levels", 1)[0]!.line, /^GET \/store\/inventory — Stock levels by status \[read-only\]$/);
  });

  it("a listed tool named like a meta-tool is a problem at its tools entry", () => {
    assert.throws(
      () => applyCuration(makePetstoreIr(), { discovery: true, tools: [{ operation: "getPetById", name: "call_operation" }] }),
      (error: unknown) => error instanceof CurationError && /tools\[0\]\.name: tool name "call_operation" is one of discovery mode.s meta-tools/.test(error.format()),
    );
  });

  it("the file key is a boolean", () => {
    assert.equal(CurationSchema.safeParse({ discovery: true }).success, true);
    assert.equal(CurationSchema.safeParse({ discovery: "yes" }).success, false);
  });
});

describe("candidateFilter in discovery mode", () => {
  it("tools entries alone do not narrow what is converted", () => {
    assert.equal(candidateFilter({ tools: [{ operation: "getPetById" }] }, true), undefined);
    assert.notEqual(candidateFilter({ tools: [{ operation: "getPetById" }] }, false), undefined);
  });
  it("include still does", () => {
    const only = candidateFilter({ include: { tags: ["store"] }, tools: [{ operation: "getPetById" }] }, true)!;
    assert.equal(only({ operationId: "getInventory", method: "GET", path: "/store/inventory", tags: ["store"] }), true);
    assert.equal(only({ operationId: "getPetById", method: "GET", path: "/pet/{petId}", tags: ["pet"] }), true);
    assert.equal(only({ operationId: "addPet", method: "POST", path: "/pet", tags: ["pet"] }), false);
  });
});
