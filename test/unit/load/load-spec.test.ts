import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpecError } from "../../../src/errors.js";
import { detectSpecVersion } from "../../../src/load/detect-version.js";
import { loadSpec } from "../../../src/load/load-spec.js";

const fixture = (name: string): string => `fixtures/specs/${name}`;

describe("detectSpecVersion", () => {
  const cases: Array<[string, { given: unknown; want: string }]> = [
    ["swagger 2.0", { given: { swagger: "2.0" }, want: "2.0" }],
    ["openapi 3.0.4", { given: { openapi: "3.0.4" }, want: "3.0" }],
    ["openapi 3.1.1", { given: { openapi: "3.1.1" }, want: "3.1" }],
    ["openapi 3.2.0", { given: { openapi: "3.2.0" }, want: "3.2" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(detectSpecVersion(given, "f"), want));

  const errors: Array<[string, { given: unknown; want: RegExp }]> = [
    ["asyncapi", { given: { asyncapi: "2.6.0" }, want: /^f #: not an OpenAPI document: this is an AsyncAPI 2\.6\.0 document/ }],
    ["openapi 4", { given: { openapi: "4.0.0" }, want: /^f #\/openapi: unsupported OpenAPI version "4\.0\.0"/ }],
    ["swagger 1.2", { given: { swagger: "1.2" }, want: /^f #\/swagger: unsupported Swagger version/ }],
    ["an array", { given: [], want: /top level is not an object/ }],
    ["neither key", { given: { info: {} }, want: /neither "openapi" nor "swagger"/ }],
  ];
  for (const [name, { given, want }] of errors) {
    it(`refuses ${name}`, () => {
      assert.throws(() => detectSpecVersion(given, "f"), (e: unknown) => e instanceof SpecError && want.test(e.format()));
    });
  }
});

describe("loadSpec errors are one line with file and place", () => {
  const cases: Array<[string, { given: string; want: RegExp }]> = [
    ["missing file", { given: fixture("nope.yaml"), want: /^fixtures\/specs\/nope\.yaml: file not found — check the path/ }],
    ["YAML syntax error names the line", { given: fixture("broken-yaml.yaml"), want: /^fixtures\/specs\/broken-yaml\.yaml:\d+: YAML syntax error/ }],
    ["not OpenAPI", { given: fixture("not-openapi-asyncapi.json"), want: /not an OpenAPI document: this is an AsyncAPI 2\.6\.0 document/ }],
    ["directory", { given: "fixtures/specs", want: /is a directory/ }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, async () => {
      await assert.rejects(loadSpec(given), (e: unknown) => {
        assert.ok(e instanceof SpecError);
        const line = e.format();
        assert.match(line, want);
        assert.equal(line.includes("\n"), false, "one line");
        return true;
      });
    });
    // serve's worker starts reading the file before it loads the pipeline, and hands loadSpec the read.
    it(`${name}, read ahead`, async () => {
      const { readFile } = await import("node:fs/promises");
      const bytes = readFile(given);
      bytes.catch(() => undefined);
      await assert.rejects(loadSpec(given, { bytes }), (e: unknown) => {
        assert.ok(e instanceof SpecError);
        const line = e.format();
        assert.match(line, want);
        assert.equal(line.includes("\n"), false, "one line");
        return true;
      });
    });
  }
  it("a JSON syntax error names the line", async () => {
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp("/tmp/spec-");
    await writeFile(`${dir}/bad.json`, '{\n  "openapi": "3.0.0",\n  "info": {,\n}\n');
    await assert.rejects(loadSpec(`${dir}/bad.json`), (e: unknown) => e instanceof SpecError && /bad\.json:3: JSON syntax error/.test(e.format()));
  });
});

describe("loadSpec with the bytes read ahead", () => {
  it("gives the document those bytes hold", async () => {
    const { readFile } = await import("node:fs/promises");
    const given = fixture("multi-file/root.yaml");
    const plain = await loadSpec(given);
    assert.deepEqual(await loadSpec(given, { bytes: readFile(given) }), plain);
    // The bytes given are the ones parsed (the file is not read again).
    const other = await loadSpec(given, { bytes: readFile("examples/petstore/openapi.yaml") });
    assert.notDeepEqual(other.document, plain.document);
  });
});

describe("loadSpec bundling", () => {
  it("bundles a multi-file spec so every $ref is local", async () => {
    const spec = await loadSpec(fixture("multi-file/root.yaml"));
    assert.equal(spec.specVersion, "3.0");
    assert.equal(JSON.stringify(spec.document).includes('"$ref":"./'), false);
    assert.equal(JSON.stringify(spec.document).includes('"$ref":"../'), false);
    assert.deepEqual(spec.problems, []);
  });
  it("keeps going past a dangling external ref and reports where it is", async () => {
    const spec = await loadSpec(fixture("dangling-external-ref.yaml"));
    assert.equal(spec.problems.length, 1);
    assert.match(spec.problems[0]!.format(), /#\/paths\/~1widgets\/post\/requestBody\/content\/application~1json\/schema: "\$ref": "\.\/missing\.yaml#\/Widget" cannot be resolved: no file at/);
  });
  it("loads from a URL, resolving nothing outside it", async () => {
    const { createServer } = await import("node:http");
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(fixture("server-variables.yaml"), "utf8");
    const server = createServer((req, res) => {
      if (req.url === "/spec.yaml") res.end(text);
      else { res.statusCode = 404; res.end(); }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    try {
      const spec = await loadSpec(`http://127.0.0.1:${port}/spec.yaml`);
      assert.equal(spec.isUrl, true);
      await assert.rejects(loadSpec(`http://127.0.0.1:${port}/missing.yaml`), /HTTP 404/);
    } finally {
      server.close();
    }
  });
});

describe("parseSpecText (YAML)", () => {
  it("keeps unquoted dates as strings, follows merge keys, and lets a repeated key win last", async () => {
    const { parseSpecText } = await import("../../../src/load/parse-text.js");
    const doc = parseSpecText("info: {version: 2024-01-01}\nbase: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\nk: 1\nk: 2\n", "f.yaml");
    assert.deepEqual(doc, { info: { version: "2024-01-01" }, base: { x: 1 }, thing: { x: 1, y: 2 }, k: 2 });
  });
});
