/**
 * GitHub's whole REST description without curation (issue 11): the lean surface loses nothing and
 * stays within its token budget. Completeness is judged against the spec read independently here
 * (raw JSON, its own `$ref` resolver): every parameter and every request-body property of every
 * operation must still reach the model as an argument — listed in the input schema, or fixed and
 * hidden because the spec allows one value only.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { runList } from "../../src/cli/list-command.js";
import { runPipeline, type PipelineResult } from "../../src/pipeline.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";
import type { JsonSchema, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
/**
 * o200k tokens of the whole tools/list result. Issue 11 asks for 280,000 (368,023 before it); what
 * the lean surface reaches (275,249) is held here so it cannot creep back — see the README's token
 * budget section.
 */
const BUDGET = 276_000;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Raw = Record<string, unknown>;

describe("GitHub's full surface", () => {
  let result: PipelineResult;
  let doc: Raw;
  const resolve = (node: unknown): Raw => {
    let current = node as Raw;
    for (let hops = 0; typeof current?.$ref === "string" && hops < 20; hops++) {
      current = (current.$ref as string).slice(2).split("/").reduce<unknown>((at, key) => (at as Raw)[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc) as Raw;
    }
    return current;
  };
  /** Top-level properties of a body schema, through `$ref` and `allOf`, minus readOnly ones (never sent). */
  const bodyProperties = (schema: unknown): string[] => {
    const s = resolve(schema);
    const own = Object.entries((s.properties as Raw | undefined) ?? {}).filter(([, p]) => resolve(p).readOnly !== true).map(([name]) => name);
    return [...own, ...((s.allOf as unknown[] | undefined) ?? []).flatMap(bodyProperties)];
  };

  before(async () => {
    doc = JSON.parse(readFileSync(SPEC, "utf8")) as Raw;
    result = await runPipeline({ spec: SPEC });
  });

  it("every parameter and body property of every operation is still an argument", () => {
    const byPointer = new Map(result.ir.operations.map((op) => [op.pointer, op.tool.name]));
    const tools = new Map(result.server.tools.map((tool) => [tool.name, tool]));
    let operations = 0;
    let checked = 0;
    const missing: string[] = [];
    const reaches = (tool: ToolDefinition, binding: ToolDefinition["http"]["arguments"][number] | undefined): boolean =>
      binding !== undefined && (binding.hidden === true ? binding.fixedValue !== undefined : (tool.inputSchema.properties as Record<string, JsonSchema>)[binding.argument] !== undefined);
    for (const [path, item] of Object.entries(doc.paths as Record<string, Raw>)) {
      for (const method of METHODS.filter((m) => item[m] !== undefined)) {
        operations++;
        const operation = item[method] as Raw;
        const pointer = `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}`;
        const tool = tools.get(byPointer.get(pointer) ?? "");
        if (!tool) {
          missing.push(`${method.toUpperCase()} ${path}: no tool`);
          continue;
        }
        const params = new Map<string, Raw>();
        for (const p of [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map(resolve)) params.set(`${String(p.in)} ${String(p.name)}`, p);
        for (const p of params.values()) {
          checked++;
          const binding = tool.http.arguments.find((b) => b.target.in === p.in && "name" in b.target && b.target.name === p.name);
          if (!reaches(tool, binding)) missing.push(`${tool.name}: ${String(p.in)} parameter ${String(p.name)}`);
        }
        const content = (resolve(operation.requestBody ?? {}).content as Record<string, Raw> | undefined) ?? {};
        const media = content["application/json"] ?? Object.values(content)[0];
        if (!media?.schema) continue;
        const whole = tool.http.arguments.find((b) => b.target.in === "body" && !("property" in b.target && b.target.property !== undefined));
        const wholeProperties = whole ? ((tool.inputSchema.properties as Record<string, JsonSchema>)[whole.argument]?.properties as Record<string, unknown> | undefined) : undefined;
        for (const property of bodyProperties(media.schema)) {
          checked++;
          const binding = tool.http.arguments.find((b) => b.target.in === "body" && "property" in b.target && b.target.property === property);
          if (reaches(tool, binding) || wholeProperties?.[property] !== undefined) continue;
          missing.push(`${tool.name}: body property ${property}`);
        }
      }
    }
    assert.ok(operations > 1000, `read ${operations} operations from the spec`);
    assert.ok(checked > 4500, `checked ${checked} parameters and body properties`);
    assert.deepEqual(missing, []);
  });

  it(`the whole tools/list result costs at most ${BUDGET.toLocaleString("en-US")} o200k tokens`, () => {
    const tokens = countTokens(JSON.stringify({ tools: result.server.tools.map(toMcpTool) }));
    assert.ok(tokens <= BUDGET, `${tokens} tokens`);
  });

  it("with maxDescriptionLength: 600 in the curation file, list --max-tokens 280000 passes (issue 11's goal, by the configurable cap)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "github-surface-"));
    try {
      const curation = join(dir, "github.curation.yaml");
      writeFileSync(curation, "maxDescriptionLength: 600\n");
      const run = async (maxTokens: number, json: boolean): Promise<{ code: number; out: string; err: string }> => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runList(
          { command: "list", spec: SPEC, curation, json, strict: false, validate: false, maxTokens },
          { stdout: (line) => out.push(line), stderr: (line) => err.push(line) },
        );
        return { code, out: out.join("\n"), err: err.join("\n") };
      };
      const listed = await run(280_000, true);
      assert.equal(listed.code, 0, listed.err);
      const { tokens, tools } = JSON.parse(listed.out) as { tokens: { total: number }; tools: Array<{ description: string }> };
      assert.equal(tools.length, result.server.tools.length, "the cap drops no tool");
      assert.ok(tools.every((tool) => tool.description.length <= 600));
      // The gate is live: one token under the total fails.
      assert.equal((await run(tokens.total - 1, false)).code, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
