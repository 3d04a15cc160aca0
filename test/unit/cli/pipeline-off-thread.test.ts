/**
 * `serve`'s pipeline on a worker thread gives what the same pipeline gives in this thread: the same
 * server definition and messages, and, on failure, an error of the same class that prints the same
 * line (location and hint included), so moving the work off the main thread changes nothing a
 * user sees.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { BridgeError, ConfigError, CurationError, SpecError } from "../../../src/errors.js";
import { curationContent, errorFromData, runServePipeline } from "../../../src/cli/pipeline-off-thread.js";
import { runPipeline, type PipelineInput } from "../../../src/pipeline.js";
import { describeOsError } from "../../../src/cli/os-error.js";

/** The pipeline's outcome in this thread, in the shape the worker returns, or its error. */
async function inThisThread(input: PipelineInput): Promise<unknown> {
  try {
    const result = await runPipeline(input);
    return { server: result.server, warnings: result.warnings, irWarnings: result.ir.warnings, operationCount: result.ir.operations.length };
  } catch (error) {
    return error;
  }
}

/** As `serve` runs it: the curation file, if any, read on this thread meanwhile. */
async function offThread(input: PipelineInput): Promise<unknown> {
  const file = input.curationFile;
  try {
    return await runServePipeline(input, undefined, file === undefined ? undefined : () => curationContent(file));
  } catch (error) {
    return error;
  }
}

describe("runServePipeline (worker thread)", () => {
  it("gives the same server definition, warnings and IR diagnostics as the pipeline in this thread", async () => {
    const input = { spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml", baseUrl: "http://127.0.0.1:9" };
    const expected = await inThisThread(input);
    assert.ok(!(expected instanceof Error), String(expected));
    assert.deepEqual(await offThread(input), expected);
  });

  it("staged (a first page's budget given): the head with no tools, then the first tools and the rest, together the pipeline's tools", async () => {
    const input = { spec: "fixtures/corpus/asana.com_1.0.json", baseUrl: "http://127.0.0.1:9" };
    const whole = await runPipeline(input);
    const result = await runServePipeline(input, 16 * 1024);
    const later = result.later!;
    assert.ok(later.first !== undefined, "started on the head");
    assert.deepEqual(result.server, { ...whole.server, tools: [] });
    assert.deepEqual(later.names, whole.server.tools.map((tool) => tool.name));
    const first = await later.first;
    assert.ok(first.length > 1 && first.length < whole.server.tools.length, `${first.length} first tools`);
    later.start();
    const rest = await later.rest;
    assert.deepEqual([...first, ...rest.server.tools], whole.server.tools);
    assert.deepEqual(rest.warnings, whole.warnings);
  });

  it("staged, with every tool on the first page: the head, then every tool as the first ones and none after", async () => {
    const input = { spec: "fixtures/corpus/asana.com_1.0.json", baseUrl: "http://127.0.0.1:9" };
    const whole = await runPipeline(input);
    const result = await runServePipeline(input, 64 * 1024 * 1024);
    assert.deepEqual(await result.later!.first, whole.server.tools);
    assert.deepEqual((await result.later!.rest).server.tools, []);
  });

  it("gives the worker's heap a large young generation from the start (the spec is parsed at once, all of it live)", async () => {
    await runServePipeline({ spec: "examples/petstore/openapi.yaml", baseUrl: "http://127.0.0.1:9" });
    // A thread started afterwards gets the same heap settings as the pipeline's worker did.
    const probe = new Worker('require("node:worker_threads").parentPort.postMessage(require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size)', { eval: true });
    const [size] = (await once(probe, "message")) as [number];
    await probe.terminate();
    assert.ok(size >= 64 * 1024 * 1024, `new space ${size} bytes`);
  });

  it("a spec that warns (dangling reference): the same warnings, and the operations the IR kept", async () => {
    const input = { spec: "fixtures/specs/dangling-ref-partial.yaml", baseUrl: "http://127.0.0.1:9" };
    const expected = (await inThisThread(input)) as { irWarnings: unknown[] };
    assert.ok(expected.irWarnings.length > 0, "the fixture should produce IR warnings");
    assert.deepEqual(await offThread(input), expected);
  });

  it("with the curation read on this thread (as serve does): the same result, built from the content this thread read", async () => {
    const input = { spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml", baseUrl: "http://127.0.0.1:9" };
    const expected = await inThisThread(input);
    assert.deepEqual(await runServePipeline(input, undefined, () => curationContent(input.curationFile)), expected);
    // The worker takes the content it is given: it does not read the file again.
    const content = (await curationContent(input.curationFile))!;
    const renamed = await runServePipeline(input, undefined, async () => ({ ...content, server: { ...content.server, name: "given-here" } }));
    assert.equal(renamed.server.name, "given-here");
  });

  it("with the curation read on this thread: a problem found while curating still names its line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "off-thread-curation-"));
    try {
      const file = join(dir, "c.yaml");
      await writeFile(file, "tools:\n  - operation: findPetsByStatus\n  - operation: noSuchOperation\n");
      const input = { spec: "examples/petstore/openapi.yaml", curationFile: file, baseUrl: "http://127.0.0.1:9" };
      assert.ok((await curationContent(file)) !== undefined, "the file itself is valid");
      const expected = await inThisThread(input);
      assert.ok(expected instanceof CurationError, String(expected));
      assert.match(expected.format(), /c\.yaml:3 tools\[1\]\.operation/);
      const actual = await runServePipeline(input, undefined, () => curationContent(file)).catch((error: unknown) => error);
      assert.ok(actual instanceof CurationError);
      assert.equal(actual.format(), expected.format());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const failures: Array<[string, PipelineInput, abstract new (...args: never[]) => BridgeError]> = [
    ["a missing spec file", { spec: "fixtures/specs/no-such-spec.yaml" }, SpecError],
    ["a YAML syntax error (with its line)", { spec: "fixtures/specs/broken-yaml.yaml" }, SpecError],
    ["an invalid curation file (every problem, with lines)", { spec: "examples/petstore/openapi.yaml", curationFile: "fixtures/curation/invalid.curation.yaml" }, CurationError],
  ];
  for (const [what, input, kind] of failures) {
    it(`${what}: an error of the same class that prints the same line`, async () => {
      const expected = await inThisThread(input);
      assert.ok(expected instanceof kind, `in this thread: ${String(expected)}`);
      const actual = await offThread(input);
      assert.ok(actual instanceof kind, `off thread: ${String(actual)}`);
      assert.equal((actual as BridgeError).format(), expected.format());
      assert.deepEqual((actual as BridgeError).location, expected.location);
    });
  }

  it("rebuilds each error kind from the worker's data", () => {
    const location = { file: "spec.yaml", pointer: "#/paths", line: 3 };
    const config = errorFromData({ kind: "ConfigError", message: "bad option", location, hint: "fix it" });
    assert.ok(config instanceof ConfigError);
    assert.equal(config.format(), new ConfigError("bad option", location, "fix it").format());
    const curation = errorFromData({ kind: "CurationError", message: "1 problem in curation file", location: { file: "c.yaml" }, problems: [{ message: "unknown operation", path: "tools[0].operation", line: 2 }] });
    assert.ok(curation instanceof CurationError);
    assert.equal(curation.format(), "c.yaml: 1 problem in curation file\n  c.yaml:2 tools[0].operation: unknown operation");
    // An OS error keeps its code, so the CLI still prints its one-line explanation of it.
    const os = errorFromData({ kind: "Error", message: "EACCES: permission denied, open 'x'", code: "EACCES" });
    assert.ok(!(os instanceof BridgeError));
    assert.notEqual(describeOsError(os), undefined);
    assert.equal(describeOsError(os), describeOsError(Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: "EACCES" })));
  });
});
