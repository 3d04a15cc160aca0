import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
// @ts-expect-error: a plain .mjs test helper without type declarations
import { fileNameGlobSync, globSync } from "../helpers/conformance/fs-with-glob-sync.mjs";

describe("the Node 20 fs shim the conformance suite loads", () => {
  const root = mkdtempSync(join(tmpdir(), "glob-shim-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "a", "b"), { recursive: true });
  for (const file of ["checks.json", "a/b/checks.json", "a/other.json"]) writeFileSync(join(root, file), "[]");

  for (const [name, glob] of [["the Node 20 stand-in", fileNameGlobSync], ["globSync as exported", globSync]] as const) {
    it(`${name} finds a file name at any depth for **/name, and at the top for a bare name`, () => {
      assert.deepEqual((glob("**/checks.json", { cwd: root }) as string[]).sort(), ["a/b/checks.json", "checks.json"]);
      assert.deepEqual(glob("checks.json", { cwd: root }), ["checks.json"]);
    });
  }
  it("the stand-in refuses a pattern it does not implement instead of answering wrongly", () => {
    assert.throws(() => fileNameGlobSync("*.json", { cwd: root }), /unsupported pattern/);
  });
});
