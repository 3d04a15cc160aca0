import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError, CurationError } from "../../../src/errors.js";
import { loadCuration, parseCuration } from "../../../src/load/load-curation.js";

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/curation/${name}`, import.meta.url));

const petstore = {
  $schema: "../../curation.schema.json",
  server: { name: "petstore", version: "1.0.0", instructions: "Pets and orders." },
  baseUrl: "https://petstore3.swagger.io/api/v3",
  include: { tags: ["pet"], methods: ["GET"], paths: ["/pet/**"], operations: ["addPet"] },
  exclude: { operations: ["findPetsByStatus"] },
  tools: [
    {
      operation: "getPetById",
      name: "get_pet",
      title: "Get a pet",
      description: "Returns one pet by its ID.",
      arguments: { petId: { description: "ID of the pet", default: 1 }, api_key: { value: "abc", hidden: true } },
      annotations: { readOnlyHint: true },
      timeoutMs: 10000,
      retries: 2,
      maxResponseTokens: 4000,
      outputSchema: true,
    },
    { operation: "POST /pet", name: "add_pet", idempotencyKeyHeader: "Idempotency-Key" },
  ],
  defaults: { timeoutMs: 30000, retries: 2, maxResponseTokens: 20000, outputSchema: false },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail("expected a rejection");
}

describe("loadCuration", () => {
  it("loads and validates a YAML file", async () => {
    const { curation } = await loadCuration(fixture("petstore.curation.yaml"));
    assert.deepEqual(curation, petstore);
  });

  it("loads the same file written as JSON (tab-indented)", async () => {
    const { curation } = await loadCuration(fixture("petstore.curation.json"));
    assert.deepEqual(curation, petstore);
  });

  it("treats an empty document as an empty curation", async () => {
    const { curation } = await loadCuration(fixture("empty.curation.yaml"));
    assert.deepEqual(curation, {});
  });

  it("names a missing file in a ConfigError", async () => {
    const file = fixture("no-such.curation.yaml");
    const error = await rejection(loadCuration(file));
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, `curation file not found: ${file}`);
    assert.equal(error.location?.file, file);
    assert.equal(error.hint, "check the file path");
  });

  it("reports an unreadable path (a directory) as a ConfigError", async () => {
    const dir = fixture("");
    const error = await rejection(loadCuration(dir));
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^cannot read curation file .*: EISDIR/);
  });

  it("reports a YAML syntax error with its line", async () => {
    const file = fixture("syntax-error.curation.yaml");
    const error = await rejection(loadCuration(file));
    assert.ok(error instanceof CurationError);
    assert.equal(error.location?.file, file);
    assert.deepEqual(error.problems, [{ message: "YAML syntax error: Sequence item without - indicator", path: "(syntax)", line: 4 }]);
  });

  it("reports every schema violation with path and line", async () => {
    const error = await rejection(loadCuration(fixture("invalid.curation.yaml")));
    assert.ok(error instanceof CurationError);
    assert.deepEqual(error.problems, [
      { message: 'unknown key "timeout"', path: "tools[0].timeout", line: 5, hint: 'did you mean "timeoutMs"?' },
      { message: 'expected a number, got the text "many"', path: "tools[0].retries", line: 6 },
      { message: "must be at least 100", path: "defaults.maxResponseTokens", line: 8 },
    ]);
    assert.equal(error.message, "3 problems in curation file");
  });
});

describe("line lookup", () => {
  const yaml = [
    "server:", //                         1
    "  name: petstore", //                2
    "tools:", //                          3
    "  - operation: getPetById", //       4
    "    arguments:", //                  5
    "      petId:", //                    6
    "        default: 1", //              7
    "  -", //                             8
    "    operation: addPet", //           9
    "include: { tags: [a, b] }", //       10
  ].join("\n");
  const json = ['{', '  "server": { "name": "petstore" },', '  "tools": [', '    {', '      "operation": "getPetById",', '      "arguments": { "petId": { "default": 1 } }', "    }", "  ]", "}"].join("\n");

  const cases: Array<[string, { text: string; path: Array<string | number>; want: number | undefined }]> = [
    ["root", { text: yaml, path: [], want: 1 }],
    ["a key", { text: yaml, path: ["server", "name"], want: 2 }],
    ["a key whose value is on the next lines", { text: yaml, path: ["tools", 0, "arguments", "petId"], want: 6 }],
    ["a nested key", { text: yaml, path: ["tools", 0, "arguments", "petId", "default"], want: 7 }],
    ["a list item", { text: yaml, path: ["tools", 1], want: 9 }],
    ["a flow list item", { text: yaml, path: ["include", "tags", 1], want: 10 }],
    ["a missing key falls back to its parent", { text: yaml, path: ["tools", 0, "name"], want: 4 }],
    ["a missing index falls back to the list", { text: yaml, path: ["tools", 5, "operation"], want: 3 }],
    ["JSON: a key", { text: json, path: ["server", "name"], want: 2 }],
    ["JSON: a nested key", { text: json, path: ["tools", 0, "arguments", "petId", "default"], want: 6 }],
    ["JSON: a list item", { text: json, path: ["tools", 0], want: 4 }],
  ];
  for (const [name, { text, path, want }] of cases) {
    it(name, () => assert.equal(parseCuration(text, "c.yaml").lines(path), want));
  }

  it("an empty document has no lines", () => {
    assert.equal(parseCuration("", "c.yaml").lines(["tools"]), undefined);
  });
});
