/**
 * Shared helpers for the schema converter tests: a strict Ajv 2020-12 compile check (what MCP
 * clients do with tool schemas), a context factory, and a runner for `[name, { given, want }]` tables.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../../../src/runtime/core/tool-definition.js";
import { createRefResolver } from "../../../src/ir/resolve-ref.js";
import { schemaToJsonSchema, type SchemaContext } from "../../../src/ir/schema-to-json-schema.js";
import type { Diagnostic, SpecVersion } from "../../../src/ir/types.js";

const ajv = new Ajv2020({
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  validateFormats: false,
});

/** Fails unless Ajv compiles `schema` as JSON Schema 2020-12 in strict mode. */
export function assertCompiles(schema: unknown): void {
  try {
    ajv.compile(schema as object);
  } catch (error) {
    assert.fail(`Ajv refused ${JSON.stringify(schema).slice(0, 2000)}: ${(error as Error).message}`);
  }
}

/** Fails when a `$ref` survives anywhere in the output. */
export function assertNoRef(schema: unknown): void {
  assert.ok(!JSON.stringify(schema).includes('"$ref"'), "output still holds a $ref");
}

/** Options of one conversion; everything defaults to a 3.0 request with recursion depth 2. */
export interface ConvertOptions {
  /** The document `$ref`s resolve in (its `components`/`definitions`). */
  document?: Record<string, unknown>;
  specVersion?: SpecVersion;
  direction?: "request" | "response";
  maxRecursionDepth?: number;
  pointer?: string;
  /** Shared warnings array (to test de-duplication across calls). */
  warnings?: Diagnostic[];
}

/** A fully defaulted context over `options.document`. */
export function makeContext(options: ConvertOptions = {}): SchemaContext {
  return {
    resolver: createRefResolver(options.document ?? {}, "spec.yaml"),
    specVersion: options.specVersion ?? "3.0",
    direction: options.direction ?? "request",
    maxRecursionDepth: options.maxRecursionDepth ?? 2,
    warnings: options.warnings ?? [],
  };
}

/** Converts `given` once and returns the output and the warnings. */
export function convert(given: unknown, options: ConvertOptions = {}): { out: JsonSchema; warnings: Diagnostic[] } {
  const ctx = makeContext(options);
  const out = schemaToJsonSchema(given, options.pointer ?? "#/s", ctx);
  return { out, warnings: ctx.warnings };
}

/** One table row: input, expected output, and the expected warnings as `[pointer, message fragment]`. */
export interface ConvertCase extends ConvertOptions {
  given: unknown;
  want: JsonSchema;
  /** Expected warnings, in order; none when omitted. */
  wantWarnings?: Array<[pointer: string, fragment: string]>;
}

/** Runs a `[name, { given, want }]` table: exact output, exact warnings, strict Ajv compile. */
export function runConvertCases(cases: Array<[string, ConvertCase]>): void {
  for (const [name, c] of cases) {
    test(name, () => {
      const { out, warnings } = convert(c.given, c);
      assert.deepEqual(out, c.want);
      assertWarnings(warnings, c.wantWarnings ?? []);
      assertCompiles(out);
      assertNoRef(out);
    });
  }
}

/** Each warning matches its expected pointer exactly and contains the expected fragment. */
export function assertWarnings(warnings: Diagnostic[], want: Array<[string, string]>): void {
  const got = warnings.map((w) => `${w.pointer} ${w.message}`);
  assert.equal(warnings.length, want.length, `warnings: ${JSON.stringify(got, null, 2)}`);
  want.forEach(([pointer, fragment], i) => {
    const warning = warnings[i] as Diagnostic;
    assert.equal(warning.pointer, pointer, `warning ${i}: ${got[i]}`);
    assert.ok(warning.message.includes(fragment), `warning ${i} "${warning.message}" lacks "${fragment}"`);
  });
}
