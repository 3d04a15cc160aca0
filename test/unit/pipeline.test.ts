import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyCuration } from "../../src/curate/apply-curation.js";
import { candidateFilter } from "../../src/curate/select-operations.js";
import { CurationError } from "../../src/errors.js";
import { buildIr } from "../../src/ir/build-ir.js";
import { loadCuration } from "../../src/load/load-curation.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { runPipeline } from "../../src/pipeline.js";

const op = (operationId: string | undefined, method: "GET" | "POST", path: string, tags: string[] = []) => ({ ...(operationId ? { operationId } : {}), method, path, tags });

describe("candidateFilter", () => {
  it("is undefined when the file chooses nothing", () => assert.equal(candidateFilter(undefined), undefined));
  it("is undefined without include and tools", () => assert.equal(candidateFilter({ exclude: { tags: ["x"] } }), undefined));
  const filter = candidateFilter({ tools: [{ operation: "getPet" }, { operation: "post /store/order" }], include: { tags: ["user"], methods: ["GET"] } })!;
  const cases: Array<[string, { given: ReturnType<typeof op>; want: boolean }]> = [
    ["by operationId", { given: op("getPet", "GET", "/pet/{id}"), want: true }],
    ["by method and path, any case", { given: op("placeOrder", "POST", "/store/order"), want: true }],
    ["by include criteria, all of them", { given: op("getUser", "GET", "/user/{name}", ["user"]), want: true }],
    ["not when one criterion fails", { given: op("createUser", "POST", "/user", ["user"]), want: false }],
    ["not otherwise", { given: op("deletePet", "GET", "/pet/{id}", ["pet"]), want: false }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(filter(given), want));
});

describe("runPipeline converts only candidates, with the same result as a full build", () => {
  it("the petstore curation gives the same server either way", async () => {
    const fast = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
    const spec = await loadSpec("examples/petstore/openapi.yaml");
    const { curation, lines } = await loadCuration("examples/petstore/curation.yaml");
    const full = applyCuration(buildIr(spec), curation, { file: "examples/petstore/curation.yaml" }, lines);
    assert.deepEqual(fast.server, full.server);
    assert.equal(fast.ir.operations.length, 6, "only the six candidates were converted");
  });
  it("a problem is reported with suggestions drawn from every operation", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp("/tmp/curation-");
    await writeFile(`${dir}/c.yaml`, "tools:\n  - operation: getPetByIdd\n");
    await assert.rejects(runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: `${dir}/c.yaml` }), (e: unknown) => {
      assert.ok(e instanceof CurationError);
      assert.match(e.format(), /did you mean "getPetById"\?/);
      return true;
    });
  });
});

describe("runPipeline: the curation file's maxDescriptionLength", () => {
  it("caps tool descriptions where the default 1,024 would not, and the CLI's irOptions still win", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp("/tmp/desc-cap-");
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} explains one more detail.`).join(" ");
    const spec = { openapi: "3.0.3", info: { title: "T", version: "1" }, paths: { "/a": { get: { operationId: "getA", description: long, responses: { "200": { description: "ok" } } } } } };
    await writeFile(`${dir}/spec.json`, JSON.stringify(spec));
    await writeFile(`${dir}/c.yaml`, "maxDescriptionLength: 200\ninclude: { methods: [GET] }\n");
    const plain = await runPipeline({ spec: `${dir}/spec.json` });
    assert.ok(plain.server.tools[0]!.description.length > 900, "the default cap keeps more");
    const capped = await runPipeline({ spec: `${dir}/spec.json`, curationFile: `${dir}/c.yaml` });
    const text = capped.server.tools[0]!.description;
    assert.ok(text.length <= 200 && text.length > 150, `${text.length} characters`);
    assert.match(text, /detail\.…$/, "cut after a sentence");
    const cli = await runPipeline({ spec: `${dir}/spec.json`, curationFile: `${dir}/c.yaml`, irOptions: { maxDescriptionLength: 400 } });
    assert.ok(cli.server.tools[0]!.description.length > 300);
  });
});
