/**
 * Golden projects: everything `generate` emits for three fixtures (the petstore example, Swagger 2.0,
 * OpenAPI 3.1 bodies), compared with checked-in copies under test/golden/generate/<name>/. Each file
 * is stored with `.golden` appended, so no tool (tsc, npm, git, docker) treats it as live. The copied
 * runtime is not stored: it is checked against src/runtime instead. To accept a deliberate change:
 * UPDATE_GOLDEN=1 node scripts/run-tests.mjs golden/generate
 *
 * Every project (and the hostile-text one, which has no golden) is also written out in full under
 * .tmp/ (inside the repo, so the SDK, ajv and @types/node resolve from our node_modules), compiled
 * with tsc under the projects' own strict compiler options (one program for all of them), imported —
 * each emitted definition must deep-equal what `serve` builds — and smoke-tested over stdio with its
 * own test.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { Project, SyntaxKind, type Node } from "ts-morph";
import { emitProject } from "../../src/emit/emit-project.js";
import { loadEmitSources } from "../../src/emit/load-emit-sources.js";
import { toolIdentifiers } from "../../src/emit/tool-identifiers.js";
import { runPipeline, type PipelineResult } from "../../src/pipeline.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

interface Fixture {
  name: string;
  spec: string;
  curation?: string;
  /** Compared with checked-in files. */
  golden: boolean;
}

const FIXTURES: Fixture[] = [
  { name: "petstore", spec: "examples/petstore/openapi.yaml", curation: "examples/petstore/curation.yaml", golden: true },
  { name: "swagger2", spec: "fixtures/specs/swagger2.yaml", golden: true },
  { name: "bodies-31", spec: "fixtures/specs/bodies-31.yaml", golden: true },
  { name: "hostile-text", spec: "fixtures/specs/hostile-text.yaml", curation: "fixtures/curation/hostile-text.curation.yaml", golden: false },
];

const update = process.env.UPDATE_GOLDEN === "1";
const BUILD_ROOT = resolve(".tmp/golden-generate");
const TSC = resolve("node_modules/typescript/bin/tsc");

interface Generated {
  fixture: Fixture;
  result: PipelineResult;
  files: Map<string, string>;
  dir: string;
}

const generated = new Map<string, Generated>();
/** tsc's exit code and output for the combined build of every project. */
let build: Promise<{ code: number | null; output: string }>;
let runtimeSources: ReadonlyMap<string, string>;
let generatorVersion: string;

before(async () => {
  const loaded = await loadEmitSources();
  runtimeSources = loaded.sources.runtimeFiles;
  generatorVersion = loaded.generatorVersion;
  await rm(BUILD_ROOT, { recursive: true, force: true });
  let compilerOptions: Record<string, unknown> = {};
  for (const fixture of FIXTURES) {
    const result = await runPipeline({ spec: fixture.spec, ...(fixture.curation ? { curationFile: fixture.curation } : {}) });
    const files = emitProject({
      server: result.server,
      selected: result.selected,
      specSource: fixture.spec,
      ...(fixture.curation ? { curationSource: fixture.curation } : {}),
      generatorVersion,
      sources: loaded.sources,
      ...(result.publish === undefined ? {} : { publish: result.publish }),
    });
    const dir = join(BUILD_ROOT, fixture.name);
    await writeAll(dir, files);
    // dist/ of each project is the combined build's output for it (see below).
    await mkdir(join(BUILD_ROOT, "dist", fixture.name, "src"), { recursive: true });
    await symlink(join("..", "dist", fixture.name, "src"), join(dir, "dist"), "dir");
    compilerOptions = (JSON.parse(files.get("tsconfig.json")!) as { compilerOptions: Record<string, unknown> }).compilerOptions;
    generated.set(fixture.name, { fixture, result, files, dir });
  }
  // One tsc program for all projects: each has the same compiler options (checked below), and
  // loading the SDK's and Node's declarations once makes this several times faster than one tsc each.
  await writeFile(
    join(BUILD_ROOT, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, rootDir: ".", outDir: "dist" }, include: FIXTURES.map((f) => `${f.name}/src`) }, null, 2),
  );
  build = run(process.execPath, [TSC, "-p", join(BUILD_ROOT, "tsconfig.json")], process.cwd());
});

describe("golden generate", () => {
  for (const fixture of FIXTURES.filter((f) => f.golden)) {
    it(`${fixture.name}: every emitted file matches test/golden/generate/${fixture.name}`, async () => {
      const { files } = generated.get(fixture.name)!;
      const goldenDir = `test/golden/generate/${fixture.name}`;
      const emitted = [...files].filter(([path]) => !path.startsWith("src/runtime/"));
      if (update) {
        await rm(goldenDir, { recursive: true, force: true });
        await writeAll(goldenDir, new Map(emitted.map(([path, text]) => [`${path}.golden`, text])));
      }
      const stored = (await listTree(goldenDir)).filter((p) => p.endsWith(".golden")).map((p) => p.slice(0, -".golden".length));
      assert.deepEqual(stored, emitted.map(([path]) => path).sort(), `${goldenDir} holds other files than generate emits (UPDATE_GOLDEN=1 to accept)`);
      for (const [path, text] of emitted) {
        assert.equal(text, await readFile(join(goldenDir, `${path}.golden`), "utf8"), `${goldenDir}/${path} is out of date (UPDATE_GOLDEN=1 to accept)`);
      }
    });
  }

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      it("copies every runtime file verbatim under its header", () => {
        const { files } = generated.get(fixture.name)!;
        const copied = [...files.keys()].filter((p) => p.startsWith("src/runtime/")).map((p) => p.slice("src/runtime/".length));
        assert.deepEqual(copied, [...runtimeSources.keys()]);
        for (const [name, text] of runtimeSources) {
          assert.equal(files.get(`src/runtime/${name}`), `// Copied from openapi-mcp-bridge ${generatorVersion} src/runtime/${name}. Do not edit: regenerate instead.\n${text}`);
        }
      });

      it("tool files hold only imports, the arguments type, a data literal and the handler", () => {
        const { files, result } = generated.get(fixture.name)!;
        const project = new Project({ useInMemoryFileSystem: true });
        for (const ids of toolIdentifiers(result.server.tools.map((t) => t.name))) {
          const file = project.createSourceFile(`${ids.file}.ts`, files.get(`src/tools/${ids.file}.ts`)!);
          assert.deepEqual(
            file.getStatements().map((s) => s.getKindName()),
            ["ImportDeclaration", "ImportDeclaration", "ImportDeclaration", "ImportDeclaration", file.getInterface(ids.argumentsType) ? "InterfaceDeclaration" : "TypeAliasDeclaration", "VariableStatement", "FunctionDeclaration"],
            ids.file,
          );
          assertOnlyData(file.getVariableDeclarationOrThrow(ids.value).getInitializerOrThrow(), ids.file);
        }
      });

      it("type-checks and compiles under its own strict tsconfig", async () => {
        const { files } = generated.get(fixture.name)!;
        const own = (JSON.parse(files.get("tsconfig.json")!) as { compilerOptions: Record<string, unknown> }).compilerOptions;
        const combined = (JSON.parse(await readFile(join(BUILD_ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> }).compilerOptions;
        assert.deepEqual({ ...combined, rootDir: own.rootDir, outDir: own.outDir }, own, "the combined build uses the project's options");
        const { code, output } = await build;
        assert.equal(code, 0, `tsc failed:\n${output}`);
      });

      it("its compiled definitions deep-equal what serve builds", async () => {
        const { dir, result } = generated.get(fixture.name)!;
        assert.equal((await build).code, 0);
        const { server } = (await import(pathToFileURL(join(dir, "dist/server.js")).href)) as { server: ServerDefinition };
        assert.deepStrictEqual(server, result.server);
        for (const ids of toolIdentifiers(result.server.tools.map((t) => t.name))) {
          const module = (await import(pathToFileURL(join(dir, `dist/tools/${ids.file}.js`)).href)) as Record<string, unknown>;
          const tool = result.server.tools.find((t) => t.name === ids.tool)!;
          assert.deepStrictEqual(module[ids.value] as ToolDefinition, tool, ids.file);
          assert.equal(typeof module[ids.handler], "function");
        }
      });

      it("passes its own smoke test: the built server lists every tool over stdio", async () => {
        const { dir } = generated.get(fixture.name)!;
        assert.equal((await build).code, 0);
        const smoke = await run(process.execPath, ["--test", "test/smoke.test.mjs"], dir);
        assert.equal(smoke.code, 0, smoke.output);
      });
    });
  }

  it("hostile text: every string survives verbatim and no comment or tag breaks out", async () => {
    const { files, result } = generated.get("hostile-text")!;
    const texts = [...files].filter(([path]) => path.startsWith("src/") && !path.startsWith("src/runtime/")).map(([, text]) => text);
    const all = texts.join("\n");
    const filter = result.server.tools[0]!.inputSchema.properties as Record<string, { enum: string[] }>;
    assert.deepEqual(filter.filter_q!.enum.slice(0, 3), ['a"b', "c'd", "`e`"], "the fixture still holds hostile enum values");
    // Text only ever appears escaped: no raw line break inside a string, no comment closed early.
    const project = new Project({ useInMemoryFileSystem: true });
    for (const [path, text] of files) {
      if (!path.endsWith(".ts") || path.startsWith("src/runtime/")) continue;
      const file = project.createSourceFile(path, text);
      const tags = file.getDescendantsOfKind(SyntaxKind.JSDoc).flatMap((d) => d.getTags().map((t) => t.getTagName()));
      assert.deepEqual(tags.filter((t) => t !== "deprecated"), [], `${path}: no tag from spec text`);
      const calls = file.getDescendantsOfKind(SyntaxKind.CallExpression).map((c) => c.getExpression().getText());
      assert.deepEqual(calls.filter((c) => /exit|console|eval|Function/.test(c)), [], `${path}: no call from spec text`);
    }
    assert.ok(all.includes('"\\u2028sep"'), "U+2028 is escaped");
    assert.ok(all.includes('"end\\u005c"'), "a final backslash is escaped");
    const readme = files.get("README.md")!;
    const toolRows = readme.split("## Tools")[1]!.split("\n## ")[0]!.split("\n").filter((l) => l.startsWith("| `"));
    assert.equal(toolRows.length, result.server.tools.length);
    for (const row of toolRows) assert.equal(row.replace(/\\\|/g, "").split("|").length, 5, `table row keeps its columns: ${row}`);
    for (const line of files.get(".env.example")!.split("\n")) assert.match(line, /^(#.*|[A-Z0-9_]+=|)$/, line);
    const pkg = JSON.parse(files.get("package.json")!) as { name: string; version: string };
    assert.deepEqual([pkg.name, pkg.version], ["hostile-server", "2.0.0"]);
  });
});

/** Asserts a node is a pure JSON-like literal: objects, arrays, strings, numbers, booleans, null. */
function assertOnlyData(node: Node, where: string): void {
  const allowed = new Set([
    SyntaxKind.ObjectLiteralExpression, SyntaxKind.ArrayLiteralExpression, SyntaxKind.PropertyAssignment, SyntaxKind.StringLiteral,
    SyntaxKind.NumericLiteral, SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword, SyntaxKind.PrefixUnaryExpression,
    SyntaxKind.MinusToken, SyntaxKind.ComputedPropertyName, SyntaxKind.SyntaxList, SyntaxKind.CommaToken, SyntaxKind.ColonToken,
    SyntaxKind.OpenBraceToken, SyntaxKind.CloseBraceToken, SyntaxKind.OpenBracketToken, SyntaxKind.CloseBracketToken,
  ]);
  const check = (n: Node): void => {
    const kind = n.getKind();
    const isKey = kind === SyntaxKind.Identifier && n.getParent()?.getKind() === SyntaxKind.PropertyAssignment && n.getParent()?.getChildAtIndex(0) === n;
    assert.ok(isKey || allowed.has(kind), `${where}: ${n.getKindName()} in the data: ${n.getText().slice(0, 80)}`);
    n.getChildren().forEach(check);
  };
  check(node);
}

async function writeAll(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(join(dir, entry.name), path)));
    else out.push(path);
  }
  return out.sort();
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output }));
  });
}
