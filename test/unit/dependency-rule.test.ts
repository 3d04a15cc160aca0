/**
 * The layering rule from STYLE.md: runtime imports nothing of ours (it is copied verbatim into
 * generated projects), ir never reaches into curate/emit/cli, load never into ir builders. Inside the
 * runtime, each concern's folder imports only the folders below it (LAYERS), so the MCP layer can be
 * swapped without the request builder noticing, and the request builder never reaches up into results.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
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

/** The runtime's folders, lowest first; the files at src/runtime's top assemble them all. */
const LAYERS = ["core", "telemetry", "request", "auth", "upstream", "result", "limits", "observe", "invoke", "discovery", "mcp"];

/** The runtime folder a file lies in (`""` for the top level). */
function layerOf(file: string): string {
  const rel = relative(resolve("src/runtime"), resolve(file)).split(sep);
  return rel.length > 1 ? rel[0]! : "";
}

describe("dependency rule", () => {
  it("inside src/runtime, each folder imports only the folders below it", () => {
    const files = sources("src/runtime");
    for (const file of files) {
      const from = layerOf(file);
      if (from === "") continue;
      assert.ok(LAYERS.includes(from), `${file}: src/runtime/${from}/ is not one of the layers ${LAYERS.join(", ")}`);
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const to = layerOf(resolve(dirname(file), spec));
        if (to === from) continue;
        assert.ok(to !== "" && LAYERS.indexOf(to) < LAYERS.indexOf(from), `${file} (${from}) imports ${spec} (${to || "top level"}), which is not below it`);
      }
    }
    assert.ok(files.some((f) => layerOf(f) === "mcp") && files.some((f) => layerOf(f) === "core"), "the layer folders exist");
  });
  it("src/runtime imports only node:*, the MCP SDK, zod, ajv, undici, jose, @opentelemetry/api, prom-client, redis and itself", () => {
    for (const file of sources("src/runtime")) {
      for (const spec of imports(file)) {
        // jose and the v2 SDK's auth helpers: only the OAuth resource server, which is loaded when configured;
        // @opentelemetry/api always (a no-op without an SDK), the SDK and exporter only as types and dynamic imports.
        const ok = spec.startsWith("node:") || spec.startsWith("./") || (spec.startsWith("../") && resolve(dirname(file), spec).startsWith(resolve("src/runtime"))) || spec === "@modelcontextprotocol/server" || spec.startsWith("@modelcontextprotocol/server/") || spec === "zod" || spec.startsWith("ajv") || spec === "undici" || spec === "jose" || spec.startsWith("@opentelemetry/") || spec === "prom-client" || spec === "redis";
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
      if (file.endsWith("cli/main.ts") || file.endsWith("cli/run-cli.ts")) continue;
      const text = readFileSync(file, "utf8");
      assert.doesNotMatch(text, /process\.exit\s*\(/, file);
      // The emitter writes a generated project's own entry point, which sets its exit code.
      if (!file.startsWith("src/emit/")) assert.doesNotMatch(text, /process\.exitCode/, file);
    }
  });
});
