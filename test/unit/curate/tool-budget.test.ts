/**
 * `maxToolTokens` on a real pipeline run: the listed tool fits the budget (counted with o200k, as
 * `list` counts), every argument is still listed, the most deeply nested optional ones are the
 * first summarised, required ones never, and calls are still validated against the full schema.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { budgetNote, fitToolToBudget } from "../../../src/curate/tool-budget.js";
import { runPipeline, type PipelineResult } from "../../../src/pipeline.js";
import { toMcpTool } from "../../../src/runtime/mcp/mcp-tool.js";
import { argumentProblems } from "../../../src/runtime/request/validate-arguments.js";
import type { JsonSchema, ToolDefinition } from "../../../src/runtime/core/tool-definition.js";

const words = (n: number): string => "Explains one more detail of this field. ".repeat(n);
const deep = { type: "object", description: "Deeply nested settings. More words.", properties: { a: { type: "object", properties: { b: { type: "object", properties: { c: { type: "integer", description: words(20) } } } } } } };
const wide = { type: "object", description: "Flat settings.", properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, { type: "string", description: words(3) }])) };
const SPEC = {
  openapi: "3.0.3",
  info: { title: "Budget", version: "1" },
  paths: {
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["name", "big_required"], properties: { name: { type: "string" }, big_required: wide, deep, wide, note: { type: "string", description: "A short note." } } } } } },
        responses: { "201": { description: "ok" } },
      },
    },
    "/small": { get: { operationId: "getSmall", responses: { "200": { description: "ok" } } } },
  },
};

async function pipeline(curation: string): Promise<PipelineResult> {
  const dir = await mkdtemp(join(tmpdir(), "budget-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
  await writeFile(join(dir, "c.yaml"), curation);
  return runPipeline({ spec: join(dir, "spec.json"), curationFile: join(dir, "c.yaml") });
}
const tokensOf = (tool: ToolDefinition): number => countTokens(JSON.stringify(toMcpTool(tool)));
const listedArgs = (tool: ToolDefinition): string[] => Object.keys(tool.inputSchema.properties ?? {}).sort();

describe("maxToolTokens", () => {
  let plain: ToolDefinition;
  before(async () => {
    plain = (await pipeline("tools:\n  - operation: createThing\n")).server.tools[0]!;
  });

  it("summarises the deepest optional argument first and stops once the tool fits", async () => {
    const budget = tokensOf(plain) - 50;
    const fitted = (await pipeline(`tools:\n  - operation: createThing\n    maxToolTokens: ${budget}\n`)).server.tools[0]!;
    assert.ok(tokensOf(fitted) <= budget, `${tokensOf(fitted)} > ${budget}`);
    assert.deepEqual(listedArgs(fitted), listedArgs(plain), "every argument is still listed");
    const properties = fitted.inputSchema.properties as Record<string, { description?: string; properties?: unknown; type?: unknown }>;
    assert.equal(properties.deep!.properties, undefined);
    assert.equal(properties.deep!.type, "object");
    assert.match(properties.deep!.description!, /^Deeply nested settings\. Its schema is left out to keep this tool small: describe_operation with name "create_thing" returns it/);
    assert.notEqual(properties.wide!.properties, undefined, "the shallower one was not needed");
    assert.deepEqual(fitted.argumentSchema, plain.inputSchema, "the full schema is kept for validation");
  });

  it("never summarises a required argument; says so when the budget cannot be met", async () => {
    const result = await pipeline("defaults:\n  maxToolTokens: 100\ntools:\n  - operation: createThing\n  - operation: getSmall\n");
    const [fitted, small] = result.server.tools;
    const properties = fitted!.inputSchema.properties as Record<string, { properties?: unknown }>;
    assert.notEqual(properties.big_required!.properties, undefined);
    assert.equal(properties.wide!.properties, undefined);
    assert.equal(small!.argumentSchema, undefined, "a tool within budget is untouched");
    assert.ok(result.warnings.some((w) => /tool "create_thing" costs \d+ o200k_base tokens, over its maxToolTokens 100, after summarising deep, wide: required arguments keep their schemas/.test(w)), result.warnings.join("\n"));
  });

  it("calls are validated against the full schema, not the note", async () => {
    const fitted = (await pipeline("tools:\n  - operation: createThing\n    maxToolTokens: 100\n")).server.tools[0]!;
    const args = { name: "x", big_required: {}, deep: { a: { b: { c: "not an integer" } } } };
    assert.deepEqual(argumentProblems(fitted.inputSchema, args, 10).problems, [], "the listed schema alone would let it through");
    assert.match(argumentProblems(fitted.argumentSchema!, args, 10).problems.join("\n"), /deep\.a\.b\.c|integer/);
  });

  it("a summarised argument whose type the listing left to its enum values still says its type", () => {
    const tool = structuredClone(plain);
    const levels = Array.from({ length: 40 }, (_, i) => `level_${i}_of_the_setting`);
    tool.inputSchema = { ...tool.inputSchema, properties: { ...(tool.inputSchema.properties as Record<string, JsonSchema>), mode: { enum: levels, description: "How strict. Each level is stricter." } } };
    fitToolToBudget(tool, 1, countTokens);
    assert.deepEqual((tool.inputSchema.properties as Record<string, unknown>).mode, { type: "string", description: `How strict. ${budgetNote(tool.name)}` });
  });
});

