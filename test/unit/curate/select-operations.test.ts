import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Curation } from "../../../src/curate/curation-schema.js";
import { operationLabel } from "../../../src/curate/operation-ref.js";
import { selectOperations } from "../../../src/curate/select-operations.js";
import { makeIr, makePetstoreIr } from "../../helpers/make-ir.js";

const ir = makePetstoreIr();
const all = ["findPetsByStatus", "getPetById", "addPet", "deletePet", "getInventory", "placeOrder", "getUserByName", "GET /health"];

function select(curation: Curation | undefined): string[] {
  const selection = selectOperations(ir.operations, curation);
  assert.deepEqual(selection.problems, []);
  return selection.selected.map(operationLabel);
}

describe("selectOperations", () => {
  const cases: Array<[string, { given: Curation | undefined; want: string[] }]> = [
    ["no curation: everything", { given: undefined, want: all }],
    ["empty curation: everything", { given: {}, want: all }],
    ["an include with empty lists selects nothing (the file chose)", { given: { include: { tags: [], paths: [] } }, want: [] }],
    ["tools: [] selects nothing (init's starter file)", { given: { tools: [] }, want: [] }],
    ["neither include nor tools selects every operation", { given: { exclude: { tags: [] } }, want: all }],
    ["include.tags", { given: { include: { tags: ["store"] } }, want: ["getInventory", "placeOrder"] }],
    ["include.tags: any listed tag", { given: { include: { tags: ["store", "user"] } }, want: ["getInventory", "placeOrder", "getUserByName"] }],
    ["include.methods ignore case", { given: { include: { methods: ["post"] } }, want: ["addPet", "placeOrder"] }],
    ["include.paths: * is one segment", { given: { include: { paths: ["/pet/*"] } }, want: ["findPetsByStatus", "getPetById", "deletePet"] }],
    ["include.paths: ** is any depth, none included", { given: { include: { paths: ["/pet/**"] } }, want: ["findPetsByStatus", "getPetById", "addPet", "deletePet"] }],
    ["include.paths: {param} literal", { given: { include: { paths: ["/pet/{petId}"] } }, want: ["getPetById", "deletePet"] }],
    ["tags AND methods", { given: { include: { tags: ["pet"], methods: ["GET"] } }, want: ["findPetsByStatus", "getPetById"] }],
    ["tags AND methods AND paths", { given: { include: { tags: ["pet"], methods: ["GET"], paths: ["/pet/{petId}"] } }, want: ["getPetById"] }],
    ["criteria that exclude each other select nothing", { given: { include: { tags: ["store"], paths: ["/pet/**"] } }, want: [] }],
    ["include.operations is a union with the criteria", { given: { include: { tags: ["store"], operations: ["getUserByName"] } }, want: ["getInventory", "placeOrder", "getUserByName"] }],
    ["include.operations alone", { given: { include: { operations: ["addPet", "GET /health"] } }, want: ["addPet", "GET /health"] }],
    ["\"METHOD /path\" reference, method in any case", { given: { include: { operations: ["delete /pet/{petId}"] } }, want: ["deletePet"] }],
    ["tools entries alone select only themselves", { given: { tools: [{ operation: "placeOrder" }, { operation: "getPetById" }] }, want: ["getPetById", "placeOrder"] }],
    ["tools entries add to include", { given: { include: { tags: ["user"] }, tools: [{ operation: "addPet" }] }, want: ["addPet", "getUserByName"] }],
    ["exclude with no include: everything else", { given: { exclude: { operations: ["deletePet"] } }, want: all.filter((o) => o !== "deletePet") }],
    ["exclude.methods", { given: { include: { tags: ["pet"] }, exclude: { methods: ["delete", "POST"] } }, want: ["findPetsByStatus", "getPetById"] }],
    ["exclude: any criterion removes", { given: { exclude: { tags: ["user"], paths: ["/pet/**"] } }, want: ["getInventory", "placeOrder", "GET /health"] }],
    ["exclude.paths", { given: { include: { paths: ["/**"] }, exclude: { paths: ["/store/*"] } }, want: all.filter((o) => !["getInventory", "placeOrder"].includes(o)) }],
    ["explicit selection beats exclude criteria", { given: { exclude: { methods: ["DELETE"] }, tools: [{ operation: "deletePet" }] }, want: ["deletePet"] }],
    ["explicit include.operations beats exclude criteria", { given: { include: { operations: ["deletePet"] }, exclude: { tags: ["pet"] } }, want: ["deletePet"] }],
    ["output is in spec order whatever the file order", { given: { include: { operations: ["GET /health", "getPetById", "findPetsByStatus"] } }, want: ["findPetsByStatus", "getPetById", "GET /health"] }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => assert.deepEqual(select(given), want));
  }

  it("keeps each tools entry with its index", () => {
    const selection = selectOperations(ir.operations, { tools: [{ operation: "placeOrder" }, { operation: "GET /pet/{petId}", name: "get_pet" }] });
    const getPet = ir.operations[1]!;
    assert.deepEqual(selection.entries.get(getPet), { entry: { operation: "GET /pet/{petId}", name: "get_pet" }, index: 1 });
  });
});

describe("selectOperations warnings", () => {
  const many = makeIr(Array.from({ length: 41 }, (_, i) => ({ path: `/things/${i}`, operationId: `getThing${i}` })));

  it("warns when every operation of more than 40 is selected", () => {
    const { selected, warnings } = selectOperations(many.operations, undefined);
    assert.equal(selected.length, 41);
    assert.deepEqual(warnings, [
      "41 tools selected (every operation): several clients cap tool counts; use include or tools to pick fewer",
    ]);
  });

  it("does not warn at 40, nor when include picks many", () => {
    assert.deepEqual(selectOperations(many.operations.slice(0, 40), {}).warnings, []);
    assert.deepEqual(selectOperations(many.operations, { include: { paths: ["/things/*"] } }).warnings, []);
  });

  it("warns about tags and globs that match nothing", () => {
    const { warnings } = selectOperations(ir.operations, { include: { tags: ["pets"], paths: ["/pets/**"] }, exclude: { tags: ["admin"] } });
    assert.deepEqual(warnings, [
      'include.tags[0]: no operation has tag "pets" (did you mean "pet"?)',
      'include.paths[0]: "/pets/**" matches no operation path',
      'exclude.tags[0]: no operation has tag "admin"',
      "no operation selected: the server will have no tools; list operations under `tools` or `include`",
    ]);
  });
});
