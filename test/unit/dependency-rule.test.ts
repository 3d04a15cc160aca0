/**
 * The layering rule from STYLE.md: runtime imports nothing of ours (it is copied verbatim into
 * generated projects), ir never reaches into curate/emit/cli, load never into ir builders.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]!);
}

describe("dependency rule", () => {
  it("src/runtime imports only node:*, the MCP SDK, zod, ajv, undici and itself", () => {
    for (const file of sources("src/runtime")) {
      for (const spec of imports(file)) {
        const ok = spec.startsWith("node:") || spec.startsWith("./") || spec.startsWith("@modelcontextprotocol/sdk") || spec === "zod" || spec.startsWith("ajv") || spec === "undici";
        assert.ok(ok, `${file} imports ${spec}`);
      }
    }
  });
  it("src/ir does not import curate, emit or cli", () => {
    for (const file of sources("src/ir")) {
      for (const spec of imports(file)) assert.doesNotMatch(spec, /\/(curate|emit|cli)\//, `${file} imports ${spec}`);
    }
  });
  it("src/load and src/curate do not import cli", () => {
    for (const file of [...sources("src/load"), ...sources("src/curate")]) {
      for (const spec of imports(file)) assert.doesNotMatch(spec, /\/cli\//, `${file} imports ${spec}`);
    }
  });
  it("only the CLI entry ends the process or sets its exit code", () => {
    for (const file of sources("src")) {
      if (file.endsWith("cli/main.ts")) continue;
      const text = readFileSync(file, "utf8");
      assert.doesNotMatch(text, /process\.exit\s*\(/, file);
      // The emitter writes a generated project's own entry point, which sets its exit code.
      if (!file.startsWith("src/emit/")) assert.doesNotMatch(text, /process\.exitCode/, file);
    }
  });
});
