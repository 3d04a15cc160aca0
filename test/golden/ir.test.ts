/**
 * Golden IR: each fixture under fixtures/specs (one concern each) is built into the IR and compared
 * with its checked-in JSON. Review IR diffs before anything downstream. To accept a deliberate
 * change: UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden/ir
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { buildIr } from "../../src/ir/build-ir.js";
import { toolProblems } from "../../src/ir/check-tool.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";

const FIXTURES = [
  "swagger2.yaml",
  "openapi31-types.yaml",
  "circular-refs.yaml",
  "multi-file/root.yaml",
  "colliding-params.yaml",
  "parameter-styles.yaml",
  "form-bodies.yaml",
  "no-operation-id.yaml",
  "no-description.yaml",
  "server-variables.yaml",
  "security-schemes.yaml",
  "security-and-headers.yaml",
  "dangling-ref-partial.yaml",
];

const update = process.env.UPDATE_GOLDEN === "1";

describe("golden IR", () => {
  for (const name of FIXTURES) {
    it(name, async () => {
      const ir = buildIr(await loadSpec(`fixtures/specs/${name}`));
      const text = `${JSON.stringify(ir, null, 2)}\n`;
      assert.deepEqual(JSON.parse(text), ir, "the IR is plain JSON data");
      for (const op of ir.operations) assert.deepEqual(toolProblems(toMcpTool(op.tool)), [], `${op.tool.name} is a valid tool`);
      const golden = `test/golden/ir/${name.replace(/\//g, "__").replace(/\.ya?ml$/, "")}.json`;
      if (update) await writeFile(golden, text);
      assert.equal(text, await readFile(golden, "utf8"), `${golden} is out of date (UPDATE_GOLDEN=1 to accept)`);
    });
  }
  it("is the same on every run", async () => {
    const a = JSON.stringify(buildIr(await loadSpec("fixtures/specs/form-bodies.yaml")));
    const b = JSON.stringify(buildIr(await loadSpec("fixtures/specs/form-bodies.yaml")));
    assert.equal(a, b);
  });
});
