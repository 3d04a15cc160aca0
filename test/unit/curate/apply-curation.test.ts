import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyCuration, slugify } from "../../../src/curate/apply-curation.js";
import type { Curation } from "../../../src/curate/curation-schema.js";
import type { ToolDefinition } from "../../../src/runtime/core/tool-definition.js";
import { buildIr } from "../../../src/ir/build-ir.js";
import { testResponseSchemaOf, makeIr, makePetstoreIr } from "../../helpers/make-ir.js";

function toolOf(curation: Curation, name: string): ToolDefinition {
  const tool = applyCuration(makePetstoreIr(), curation).server.tools.find((t) => t.name === name);
  assert.ok(tool, `no tool ${name}`);
  return tool;
}

describe("applyCuration: tools", () => {
  it("without a curation file, every operation becomes a tool with built-in policy", () => {
    const ir = makePetstoreIr();
    const { server, selected, warnings } = applyCuration(ir, undefined);
    assert.deepEqual(selected, ir.operations);
    assert.deepEqual(
      server.tools.map((t) => t.name),
      ir.operations.map((o) => o.tool.name),
    );
    assert.deepEqual(server.tools[0]!.policy, { timeoutMs: 30_000, retries: 2, maxResponseTokens: 20_000 });
    assert.deepEqual(warnings, []);
  });

  it("renames, retitles and redescribes", () => {
    const tool = toolOf({ tools: [{ operation: "getPetById", name: "get_pet", title: "Get a pet", description: "Returns one pet." }] }, "get_pet");
    assert.equal(tool.title, "Get a pet");
    assert.equal(tool.description, "Returns one pet.");
    assert.equal(tool.annotations.title, undefined, "one copy: the top-level title, which clients prefer");
  });

  it("a rename puts the summary back when only the old name said it (GitHub's codes-of-conduct/get-conduct-code)", () => {
    const operation = { operationId: "codes-of-conduct/get-conduct-code", summary: "Get a code of conduct", description: "Returns information about the specified GitHub code of conduct.", responses: { "200": { description: "OK" } } };
    const ir = buildIr({
      source: "inline.yaml",
      location: "/tmp/inline.yaml",
      isUrl: false,
      specVersion: "3.0",
      document: { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/codes_of_conduct/{key}": { get: operation } } },
      problems: [],
    });
    const built = ir.operations[0]!.tool;
    assert.equal(built.description, "Returns information about the specified GitHub code of conduct.", "the derived name says the summary");
    const renamed = (name: string): string => applyCuration(ir, { tools: [{ operation: "codes-of-conduct/get-conduct-code", name }] }).server.tools[0]!.description;
    assert.equal(renamed("conduct"), "Get a code of conduct.\nReturns information about the specified GitHub code of conduct.");
    assert.equal(renamed("get_code_of_conduct"), built.description);
  });

  it("keeps the derived name and description when the entry does not set them", () => {
    const tool = toolOf({ tools: [{ operation: "GET /pet/{petId}" }] }, "getPetById");
    assert.equal(tool.description, "GET /pet/{petId}");
    assert.equal(tool.title, undefined);
  });

  it("merges annotations over the derived ones, after title", () => {
    const tool = toolOf(
      { tools: [{ operation: "deletePet", title: "Delete", annotations: { title: "Remove a pet", destructiveHint: false, openWorldHint: false } }] },
      "deletePet",
    );
    assert.equal(tool.title, "Delete");
    assert.deepEqual(tool.annotations, { title: "Remove a pet", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
  });

  it("applies argument edits", () => {
    const tool = toolOf({ tools: [{ operation: "getPetById", arguments: { api_key: { value: "abc" }, petId: { default: 1 } } }] }, "getPetById");
    assert.deepEqual(Object.keys(tool.inputSchema.properties as object), ["petId"]);
    assert.deepEqual(tool.http.arguments.map((a) => [a.argument, a.fixedValue, a.defaultValue, a.hidden]), [
      ["petId", undefined, 1, undefined],
      ["api_key", "abc", undefined, true],
    ]);
  });

  it("resolves policy per tool: entry > defaults > built-in", () => {
    const { server } = applyCuration(makePetstoreIr(), {
      include: { tags: ["store"] },
      defaults: { timeoutMs: 5000, maxResponseTokens: 1000 },
      tools: [{ operation: "placeOrder", timeoutMs: 10_000, retries: 0, idempotencyKeyHeader: "Idempotency-Key" }],
    });
    assert.deepEqual(
      server.tools.map((t) => [t.name, t.policy]),
      [
        ["getInventory", { timeoutMs: 5000, retries: 2, maxResponseTokens: 1000 }],
        ["placeOrder", { timeoutMs: 10_000, retries: 0, maxResponseTokens: 1000, idempotencyKeyHeader: "Idempotency-Key" }],
      ],
    );
  });

  it("never mutates the IR, even where schemas share objects", () => {
    const ir = makePetstoreIr();
    const shared = { type: "string", description: "shared" };
    for (const operation of ir.operations.filter((o) => o.path === "/pet/{petId}")) {
      (operation.tool.inputSchema.properties as Record<string, unknown>).petId = shared;
    }
    const before = structuredClone(ir);
    applyCuration(ir, {
      tools: [
        { operation: "getPetById", name: "get_pet", arguments: { petId: { description: "changed", default: 1 }, api_key: { value: "k" } } },
        { operation: "deletePet", arguments: { petId: { value: 2 } } },
      ],
    });
    assert.deepEqual(ir, before);
    assert.equal(shared.description, "shared");
  });
});

describe("applyCuration: outputSchema", () => {
  const pet = { type: "object", required: ["id"], additionalProperties: false, properties: { id: { type: "integer" } } };
  const ir = makeIr([
    { path: "/pet/{petId}", operationId: "getPet", responseSchema: pet },
    { path: "/pets", operationId: "listPets", responseSchema: { type: "array", items: pet } },
    { path: "/pets/count", operationId: "countPets", responseSchema: { type: "integer" } },
    { path: "/ping", operationId: "ping" },
  ]);

  it("is off by default", () => {
    const { server, warnings } = applyCuration(ir, {}, { responseSchemaOf: testResponseSchemaOf });
    assert.ok(server.tools.every((t) => t.outputSchema === undefined));
    assert.deepEqual(warnings, []);
  });

  it("declares loosened object and wrapped array schemas, and warns for the rest", () => {
    const { server, warnings } = applyCuration(ir, { defaults: { outputSchema: true } }, { responseSchemaOf: testResponseSchemaOf });
    const loose = { type: "object", properties: { id: { type: "integer" } } };
    assert.deepEqual(
      server.tools.map((t) => t.outputSchema),
      [loose, { type: "object", properties: { items: { type: "array", items: loose } }, required: ["items"] }, undefined, undefined],
    );
    assert.deepEqual(warnings, [
      'tool "countPets": no outputSchema declared, because its JSON response schema is neither an object nor an array',
      'tool "ping": no outputSchema declared, because the operation declares no JSON response schema',
    ]);
  });

  it("a tool entry overrides the default", () => {
    const { server } = applyCuration(ir, { defaults: { outputSchema: true }, tools: [{ operation: "getPet", outputSchema: false }], include: { operations: ["listPets"] } }, { responseSchemaOf: testResponseSchemaOf });
    assert.deepEqual(server.tools.map((t) => [t.name, t.outputSchema !== undefined]), [["getPet", false], ["listPets", true]]);
  });
});

describe("applyCuration: server", () => {
  const cases: Array<[string, { curation?: Curation; baseUrl?: string; serverUrl?: string; want: { baseUrl?: string } }]> = [
    ["option beats file and spec", { curation: { baseUrl: "https://file.example" }, baseUrl: "https://cli.example", serverUrl: "https://spec.example", want: { baseUrl: "https://cli.example" } }],
    ["file beats spec", { curation: { baseUrl: "https://file.example" }, serverUrl: "https://spec.example", want: { baseUrl: "https://file.example" } }],
    ["spec when nothing else", { serverUrl: "https://spec.example", want: { baseUrl: "https://spec.example" } }],
    ["none at all is not an error here", { want: {} }],
  ];
  for (const [name, { curation, baseUrl, serverUrl, want }] of cases) {
    it(`baseUrl: ${name}`, () => {
      const ir = makePetstoreIr({ serverUrl });
      if (serverUrl === undefined) delete ir.serverUrl;
      const { server } = applyCuration(ir, curation, baseUrl === undefined ? {} : { baseUrl });
      assert.equal(server.baseUrl, want.baseUrl);
      assert.equal("baseUrl" in server, want.baseUrl !== undefined);
    });
  }

  // Per tool: --base-url > tool entry baseUrl > file baseUrl > the operation's own servers > the server's base URL.
  const serverCases: Array<[string, { curation?: Curation; baseUrl?: string; want: Record<string, string | undefined> }]> = [
    ["the operation's own server stays when nothing replaces it", { want: { getPetById: "https://files.example", findPetsByStatus: undefined } }],
    ["the file's baseUrl replaces an operation's own server", { curation: { baseUrl: "https://file.example", tools: [{ operation: "getPetById" }, { operation: "findPetsByStatus" }] }, want: { getPetById: undefined, findPetsByStatus: undefined } }],
    ["a tool entry's baseUrl beats the file's", {
      curation: { baseUrl: "https://file.example", tools: [{ operation: "getPetById", baseUrl: "https://tool.example/v2/" }, { operation: "findPetsByStatus" }] },
      want: { getPetById: "https://tool.example/v2", findPetsByStatus: undefined },
    }],
    ["--base-url beats a tool entry's baseUrl", {
      curation: { tools: [{ operation: "getPetById", baseUrl: "https://tool.example" }, { operation: "findPetsByStatus", baseUrl: "https://tool2.example" }] },
      baseUrl: "https://cli.example",
      want: { getPetById: undefined, findPetsByStatus: undefined },
    }],
  ];
  for (const [name, { curation, baseUrl, want }] of serverCases) {
    it(`tool server: ${name}`, () => {
      const ir = makePetstoreIr();
      const byId = (id: string) => ir.operations.find((o) => o.operationId === id)!;
      byId("getPetById").tool.http.serverUrl = "https://files.example";
      const { server } = applyCuration(ir, curation, baseUrl === undefined ? {} : { baseUrl });
      for (const [id, serverUrl] of Object.entries(want)) {
        const tool = server.tools.find((t) => t.name === byId(id).tool.name);
        assert.ok(tool, id);
        assert.equal(tool.http.serverUrl, serverUrl, id);
      }
      assert.equal(byId("getPetById").tool.http.serverUrl, "https://files.example", "the IR is not modified");
    });
  }

  it("defaults name to the slugged title and version to the spec's", () => {
    const { server } = applyCuration(makePetstoreIr({ securitySchemes: { key: { type: "apiKey", in: "header", name: "api_key" } } }), {});
    assert.equal(server.name, "swagger-petstore-openapi-3-0");
    assert.equal(server.version, "1.0.27");
    assert.equal(server.instructions, undefined);
    assert.deepEqual(server.securitySchemes, { key: { type: "apiKey", in: "header", name: "api_key" } });
  });

  it("takes name, version and instructions from the file", () => {
    const { server } = applyCuration(makePetstoreIr(), { server: { name: "petstore", version: "2.0.0", instructions: "Use get_pet first." } });
    assert.deepEqual([server.name, server.version, server.instructions], ["petstore", "2.0.0", "Use get_pet first."]);
  });

  const slugs: Array<[string, string]> = [
    ["Swagger Petstore - OpenAPI 3.0", "swagger-petstore-openapi-3-0"],
    ["  GitHub v3 REST API  ", "github-v3-rest-api"],
    ["Ünïcode API", "n-code-api"],
    ["!!!", "api"],
  ];
  for (const [title, want] of slugs) it(`slugify(${JSON.stringify(title)})`, () => assert.equal(slugify(title), want));
});
