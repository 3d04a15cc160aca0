import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { CURATION_SCHEMA_ID, curationJsonSchema, curationJsonSchemaText } from "../../../src/curate/curation-json-schema.js";

const root = new URL("../../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), "utf8");

describe("curation.schema.json", () => {
  it("equals a fresh export (run `npx tsx scripts/export-curation-schema.ts` after changing the zod schema)", () => {
    assert.equal(read("curation.schema.json"), curationJsonSchemaText());
  });

  it("is draft 2020-12 with an $id, title and description", () => {
    const schema = curationJsonSchema();
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(schema.$id, CURATION_SCHEMA_ID);
    assert.equal(typeof schema.title, "string");
    assert.equal(typeof schema.description, "string");
  });

  describe("compiled with Ajv 2020", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat("uri", true);
    const validate = ajv.compile(JSON.parse(read("curation.schema.json")) as object);

    it("accepts the example files", () => {
      for (const file of ["fixtures/curation/petstore.curation.yaml", "fixtures/curation/petstore.curation.json"]) {
        assert.equal(validate(parse(read(file))), true, `${file}: ${ajv.errorsText(validate.errors)}`);
      }
    });

    const rejected: Array<[string, unknown]> = [
      ["an unknown top-level key", { tool: [] }],
      ["an unknown key in a tools entry", { tools: [{ operation: "x", timeout: 1 }] }],
      ["a tools entry without operation", { tools: [{ name: "x" }] }],
      ["an invalid tool name", { tools: [{ operation: "x", name: "get pet" }] }],
      ["a timeout above 600000", { defaults: { timeoutMs: 600_001 } }],
      ["a fractional timeout", { defaults: { timeoutMs: 1.5 } }],
      ["retries above 10", { defaults: { retries: 11 } }],
      ["maxResponseTokens below 100", { defaults: { maxResponseTokens: 99 } }],
      ["an unknown method", { include: { methods: ["FETCH"] } }],
      ["an unknown argument edit key", { tools: [{ operation: "x", arguments: { a: { example: 1 } } }] }],
    ];
    for (const [name, value] of rejected) {
      it(`rejects ${name}`, () => assert.equal(validate(value), false));
    }
  });
});
