/**
 * The WebAssembly JSON validator's bytes (src/runtime/result/json-validity-wasm-bytes.ts) are exactly
 * what scripts/build-json-validity-wasm.mjs makes of the C source beside them, so the committed
 * module cannot drift from the code reviewers read. Needs clang-14 and lld-14 (.ci/run installs
 * them); like the replica test's nginx, a missing compiler fails the test rather than skipping it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { JSON_VALIDITY_WASM_BASE64 } from "../../../src/runtime/result/json-validity-wasm-bytes.js";

const root = new URL("../../../", import.meta.url);

describe("scripts/build-json-validity-wasm.mjs", () => {
  it("rebuilds json-validity-wasm-bytes.ts byte for byte from json-validity-wasm.c", () => {
    const build = spawnSync(process.execPath, ["scripts/build-json-validity-wasm.mjs", "--stdout"], { cwd: root, encoding: "utf8" });
    assert.equal(build.status, 0, `the build failed (install the compiler with apt-get install -y clang-14 lld-14):\n${build.stderr}`);
    const committed = readFileSync(new URL("src/runtime/result/json-validity-wasm-bytes.ts", root), "utf8");
    assert.ok(build.stdout === committed, "json-validity-wasm-bytes.ts is not the build of json-validity-wasm.c: run node scripts/build-json-validity-wasm.mjs and commit the result");
  });

  it("the committed bytes are a WebAssembly module exporting memory, prepare, validate, escape_room and escape, and say their length", () => {
    const bytes = Buffer.from(JSON_VALIDITY_WASM_BASE64, "base64");
    const api = (globalThis as { WebAssembly?: { Module: { new (b: Uint8Array): object; exports(m: object): Array<{ name: string; kind: string }> } } }).WebAssembly;
    assert.ok(api, "this Node has WebAssembly");
    const exports = api.Module.exports(new api.Module(bytes)).map((e) => `${e.kind} ${e.name}`).sort();
    assert.deepEqual(exports, ["function escape", "function escape_room", "function prepare", "function validate", "memory memory"]);
    const source = readFileSync(new URL("src/runtime/result/json-validity-wasm-bytes.ts", root), "utf8");
    assert.match(source, new RegExp(` ${bytes.length} bytes, flags: `));
  });
});
