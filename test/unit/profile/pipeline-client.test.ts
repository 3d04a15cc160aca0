/**
 * Where a client profile comes from: `client:` in the curation file, beaten by `--client`; and
 * `generate` writes the profile into the project's tool definitions, so a generated server lists
 * and undoes exactly what `serve` does.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { emitProject } from "../../../src/emit/emit-project.js";
import { loadEmitSources } from "../../../src/emit/load-emit-sources.js";
import { runPipeline } from "../../../src/pipeline.js";

const SPEC = "fixtures/specs/client-profiles.yaml";
const dir = mkdtempSync(join(tmpdir(), "profile-curation-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function curation(text: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe("client profile selection", () => {
  it("client: in the curation file shapes the tools", async () => {
    const result = await runPipeline({ spec: SPEC, curationFile: curation("client: gemini\ntools:\n  - operation: createBook\n") });
    assert.equal(result.profile?.client, "gemini");
    assert.equal(result.server.tools[0]!.profile?.client, "gemini");
    assert.ok(Object.hasOwn(result.server.tools[0]!.profile!.inputSchema.properties as object, "shelf_id"));
  });

  it("--client beats the curation file's client", async () => {
    const result = await runPipeline({ spec: SPEC, client: "openai", curationFile: curation("client: gemini\ntools:\n  - operation: createBook\n") });
    assert.equal(result.profile?.client, "openai");
  });

  it("a client the file does not know is a curation error naming the choices", async () => {
    await assert.rejects(runPipeline({ spec: SPEC, curationFile: curation("client: chatgpt\n") }), (error: { problems?: { path: string; message: string; line?: number }[] }) => {
      const [problem] = error.problems ?? [];
      assert.equal(problem?.path, "client");
      assert.equal(problem?.line, 1);
      assert.match(problem?.message ?? "", /"openai"\|"gemini"\|"anthropic"\|"cursor"/);
      return true;
    });
  });

  it("no client, no profile: the tools are the plain ones", async () => {
    const result = await runPipeline({ spec: SPEC });
    assert.equal(result.profile, undefined);
    assert.equal(result.server.tools[0]!.profile, undefined);
  });

  it("generate writes the profile into the tool definition the generated server runs", async () => {
    const result = await runPipeline({ spec: SPEC, client: "openai" });
    const { generatorVersion, sources } = await loadEmitSources();
    const files = emitProject({ server: result.server, selected: result.selected, specSource: SPEC, generatorVersion, sources });
    const toolFile = [...files].find(([path]) => path.startsWith("src/tools/"))?.[1] ?? "";
    assert.match(toolFile, /profile: \{\s*client: "openai"/);
    assert.match(toolFile, /undo: \[\s*"jsonStrings",\s*"nullMeansAbsent"\s*\]/);
    assert.ok(files.has("src/runtime/request/undo-profile.ts"), "the runtime that undoes the profile is copied");
  });
});
