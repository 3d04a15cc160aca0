/**
 * Robustness (rule 9): every component schema (`components.schemas`, or `definitions` in 2.0) and
 * every inline schema under `paths` of real third-party specs converts, in both directions, to a
 * schema without `$ref` that Ajv compiles in strict mode. The specs are copies of
 * /work/shared/corpus files (hey-api/openapi-ts and readmeio/oas-examples test specs); a missing
 * fixture fails the test rather than skipping it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { appendPointer } from "../../../src/ir/json-pointer.js";
import { createRefResolver } from "../../../src/ir/resolve-ref.js";
import { schemaToJsonSchema, type SchemaContext } from "../../../src/ir/schema-to-json-schema.js";
import type { Diagnostic, SpecVersion } from "../../../src/ir/types.js";
import { assertCompiles, assertNoRef } from "./schema-test-helpers.js";

const FIXTURES = new URL("../../../fixtures/corpus/", import.meta.url);

/** Fixture → the corpus file it was copied from, and why it is here. */
const SPECS: Array<[file: string, origin: string, minSchemas: number]> = [
  ["hey-api-2.0-faker.yaml", "edgecases/hey-api/2.0.x/faker.yaml (Swagger 2.0, formats and constraints)", 50],
  ["hey-api-2.0-circular.yaml", "edgecases/hey-api/2.0.x/circular.yaml (Swagger 2.0, circular)", 7],
  ["readme-3.0-schema-circular.yaml", "edgecases/readme/3.0-yaml/schema-circular.yaml (3.0, circular)", 11],
  ["hey-api-3.0-circular.yaml", "edgecases/hey-api/3.0.x/circular.yaml (3.0, circular)", 14],
  ["readme-3.1-schema-types.yaml", "edgecases/readme/3.1-yaml/schema-types.yaml (3.1, type arrays, circular)", 20],
  ["hey-api-3.1-faker.yaml", "edgecases/hey-api/3.1.x/faker.yaml (3.1, type arrays)", 60],
];

function versionOf(document: Record<string, unknown>): SpecVersion {
  if (document.swagger === "2.0") return "2.0";
  const version = String(document.openapi);
  if (version.startsWith("3.0")) return "3.0";
  if (version.startsWith("3.1")) return "3.1";
  if (version.startsWith("3.2")) return "3.2";
  throw new Error(`unexpected version ${version}`);
}

/** `[pointer, schema]` for each component schema and each `schema` found under `paths`. */
function schemasOf(document: Record<string, unknown>): Array<[string, unknown]> {
  const found: Array<[string, unknown]> = [];
  const components = (document.components as Record<string, unknown> | undefined)?.schemas;
  const definitions = components ?? document.definitions;
  const base = components === undefined ? "#/definitions" : "#/components/schemas";
  for (const [name, schema] of Object.entries((definitions ?? {}) as Record<string, unknown>)) {
    found.push([appendPointer(base, name), schema]);
  }
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = appendPointer(pointer, key);
      if (key === "schema" && value !== null && typeof value === "object") found.push([at, value]);
      else walk(value, at);
    }
  };
  walk(document.paths, "#/paths");
  return found;
}

describe("corpus: every schema converts and compiles", () => {
  for (const [file, origin, minSchemas] of SPECS) {
    test(`${file} — ${origin}`, () => {
      const document = parse(readFileSync(new URL(file, FIXTURES), "utf8")) as Record<string, unknown>;
      const schemas = schemasOf(document);
      assert.ok(schemas.length >= minSchemas, `found only ${schemas.length} schemas`);
      const resolver = createRefResolver(document, file);
      const warnings: Diagnostic[] = [];
      for (const direction of ["request", "response"] as const) {
        const ctx: SchemaContext = { resolver, specVersion: versionOf(document), direction, maxRecursionDepth: 2, warnings };
        for (const [pointer, schema] of schemas) {
          const out = schemaToJsonSchema(schema, pointer, ctx);
          assertNoRef(out);
          assertCompiles(out);
        }
      }
      for (const w of warnings) assert.match(w.pointer, /^#\//, `warning without a pointer: ${w.message}`);
    });
  }

  test("recursive components are cut, not expanded forever", () => {
    const document = parse(readFileSync(new URL("hey-api-2.0-circular.yaml", FIXTURES), "utf8")) as Record<string, unknown>;
    const ctx: SchemaContext = {
      resolver: createRefResolver(document, "circular.yaml"),
      specVersion: "2.0",
      direction: "response",
      maxRecursionDepth: 2,
      warnings: [],
    };
    const out = schemaToJsonSchema({ $ref: "#/definitions/TreeNode" }, "#/x", ctx);
    assert.match(JSON.stringify(out), /TreeNode \(recursive; nested levels beyond this one are not described\)/);
  });
});
