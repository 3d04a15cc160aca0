/**
 * server.json and manifest.json of generated projects, judged by others' rules: the MCP Bundle
 * manifest by @anthropic-ai/mcpb's own zod schema, its published JSON Schema, its `validate` CLI and
 * its `pack`; server.json by the registry's documented rules (test/helpers/server-json-rules.ts —
 * no npm package ships the registry's schema).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { MANIFEST_SCHEMAS, packExtension, unpackExtension } from "@anthropic-ai/mcpb";
import { Ajv } from "ajv";
import { emitProject, type EmitProjectInput } from "../../../src/emit/emit-project.js";
import type { PublishSettings } from "../../../src/emit/emit-registry-files.js";
import { loadEmitSources } from "../../../src/emit/load-emit-sources.js";
import { environmentVariables } from "../../../src/emit/scaffold.js";
import { runPipeline } from "../../../src/pipeline.js";
import { serverJsonProblems } from "../../helpers/server-json-rules.js";

const MCPB_DIR = "node_modules/@anthropic-ai/mcpb/dist";
const SPECS = [
  "fixtures/specs/security-schemes.yaml",
  "fixtures/specs/security-and-headers.yaml", "examples/petstore/openapi.yaml", "fixtures/specs/swagger2.yaml", "fixtures/specs/hostile-text.yaml"];
/** Hostile names, descriptions and enum values: every string must survive into valid JSON. */
const CURATIONS: Record<string, string> = {
  "fixtures/specs/hostile-text.yaml": "fixtures/curation/hostile-text.curation.yaml",
  "fixtures/specs/security-and-headers.yaml": "fixtures/curation/security-and-headers.curation.yaml",
};
const PUBLISH: PublishSettings = {
  registryName: "io.github.acme-corp/security",
  npmPackage: "@acme-corp/security-mcp",
  description: "Calls the Security example API.",
  author: { name: "Acme Corp", email: "mcp@acme.example", url: "https://acme.example" },
  repository: "https://github.com/acme-corp/security-mcp",
  homepage: "https://acme.example/mcp",
  license: "MIT",
};

const inputs = new Map<string, EmitProjectInput>();
let scratch: string;

before(async () => {
  const { generatorVersion, sources } = await loadEmitSources();
  for (const spec of SPECS) {
    const result = await runPipeline({ spec, ...(CURATIONS[spec] ? { curationFile: CURATIONS[spec] } : {}) });
    inputs.set(spec, { server: result.server, selected: result.selected, specSource: spec, generatorVersion, sources });
  }
  scratch = await mkdtemp(join(tmpdir(), "registry-files-"));
});
after(() => rm(scratch, { recursive: true, force: true }));

/** Every project checked: each spec without a publish block, and the first with one. */
const CASES: { name: string; spec: string; publish?: PublishSettings }[] = [
  ...SPECS.map((spec) => ({ name: spec, spec })),
  { name: `${SPECS[0]!} + publish`, spec: SPECS[0]!, publish: PUBLISH },
];

function caseInput(c: (typeof CASES)[number]): EmitProjectInput {
  const input = inputs.get(c.spec)!;
  return c.publish ? { ...input, publish: c.publish } : input;
}

function parse(files: Map<string, string>, path: string): Record<string, any> {
  const text = files.get(path);
  assert.ok(text !== undefined, `${path} is emitted`);
  return JSON.parse(text) as Record<string, any>;
}

describe("server.json", () => {
  for (const c of CASES) {
    it(`${c.name}: passes the registry's documented rules and agrees with package.json`, () => {
      const input = caseInput(c);
      const files = emitProject(input);
      const server = parse(files, "server.json");
      const pkg = parse(files, "package.json");
      assert.deepEqual(serverJsonProblems(server), []);
      // The registry checks npm ownership by comparing package.json mcpName with server.json name.
      assert.equal(pkg.mcpName, server.name);
      assert.equal(server.packages.length, 1);
      assert.equal(server.packages[0].identifier, pkg.name);
      assert.equal(server.packages[0].version, pkg.version);
      assert.equal(server.version, pkg.version);
      const secrets = new Set(environmentVariables(input.server).filter((v) => v.secret).map((v) => v.name));
      for (const variable of server.packages[0].environmentVariables) assert.equal(variable.isSecret, secrets.has(variable.name), variable.name);
    });
  }

  it("lists every credential as a secret and the base URL with its default", () => {
    const server = parse(emitProject(inputs.get(SPECS[0]!)!), "server.json");
    const variables = server.packages[0].environmentVariables as { name: string; isSecret: boolean; default?: string }[];
    const byName = new Map(variables.map((v) => [v.name, v]));
    assert.equal(byName.get("OPENAPI_MCP_BASE_URL")?.default, "https://api.example.com");
    assert.equal(byName.get("OPENAPI_MCP_BASE_URL")?.isSecret, false);
    for (const secret of ["OPENAPI_MCP_AUTH_HEADER_KEY", "OPENAPI_MCP_AUTH_BEARER", "OPENAPI_MCP_AUTH_BASIC_PASSWORD", "OPENAPI_MCP_AUTH_OAUTH_CLIENT_CLIENT_SECRET"]) {
      assert.equal(byName.get(secret)?.isSecret, true, secret);
    }
  });

  it("a variable a curation header reads is a required secret in server.json and manifest.json", () => {
    const files = emitProject(inputs.get("fixtures/specs/security-and-headers.yaml")!);
    const server = parse(files, "server.json");
    const variable = (server.packages[0].environmentVariables as { name: string; isSecret: boolean }[]).find((v) => v.name === "API_VERSION");
    assert.equal(variable?.isSecret, true);
    const manifest = parse(files, "manifest.json");
    const key = /^\$\{user_config\.([a-z0-9_]+)\}$/.exec(manifest.server.mcp_config.env.API_VERSION ?? "")?.[1];
    assert.ok(key, "API_VERSION is not mapped in mcp_config.env");
    assert.deepEqual({ required: manifest.user_config[key].required, sensitive: manifest.user_config[key].sensitive }, { required: true, sensitive: true });
    // The scheme the curation file added brings its credential too.
    assert.ok("OPENAPI_MCP_AUTH_TOKEN" in manifest.server.mcp_config.env);
  });

  it("without a publish block: a placeholder namespace and a private package", () => {
    const files = emitProject(inputs.get(SPECS[0]!)!);
    assert.equal(parse(files, "server.json").name, "io.github.your-github-user/security");
    assert.equal(parse(files, "package.json").private, true);
  });

  it("with a publish block: its names and links, and a publishable package", () => {
    const files = emitProject({ ...inputs.get(SPECS[0]!)!, publish: PUBLISH });
    const server = parse(files, "server.json");
    const pkg = parse(files, "package.json");
    assert.equal(server.name, PUBLISH.registryName);
    assert.equal(server.description, PUBLISH.description);
    assert.deepEqual(server.repository, { url: PUBLISH.repository, source: "github" });
    assert.equal(server.websiteUrl, PUBLISH.homepage);
    assert.equal(pkg.name, PUBLISH.npmPackage);
    assert.equal(pkg.private, undefined);
    // A scoped npm name; commands, Docker tags and the bundle file take the unscoped one.
    assert.deepEqual(Object.keys(pkg.bin), ["security-mcp"]);
    assert.match(files.get("README.md")!, /mcpb pack \. security-mcp\.mcpb/);
    assert.match(files.get("README.md")!, /docker build -t security-mcp \./);
  });

  it("the rules judge can fail: a bad name, a long description, a version range, a misspelt field", () => {
    const server = parse(emitProject(inputs.get(SPECS[0]!)!), "server.json");
    const bad = structuredClone(server);
    bad.name = "security";
    bad.description = "x".repeat(101);
    bad.packages[0].version = "^1.0.0";
    bad.packages[0].environmentVariables[0].secret = true;
    const problems = serverJsonProblems(bad).join("\n");
    for (const where of ["/name", "/description", "/packages/0/version", "/packages/0/environmentVariables/0"]) assert.ok(problems.includes(where), `${where} in\n${problems}`);
  });
});

describe("manifest.json", () => {
  const jsonSchema = readFile(join(MCPB_DIR, "mcpb-manifest-v0.4.schema.json"), "utf8").then((text) => {
    // The published schema uses format: email/uri; Ajv without ajv-formats is told to skip formats
    // (mcpb's zod schema, the other judge, checks them).
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    return ajv.compile(JSON.parse(text) as object);
  });

  for (const c of CASES) {
    it(`${c.name}: valid by mcpb's zod schema and its published JSON Schema`, async () => {
      const manifest = parse(emitProject(caseInput(c)), "manifest.json");
      const zod = MANIFEST_SCHEMAS[manifest.manifest_version as keyof typeof MANIFEST_SCHEMAS];
      assert.ok(zod, `mcpb knows manifest_version ${manifest.manifest_version}`);
      const parsed = zod.safeParse(manifest);
      assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues));
      const validate = await jsonSchema;
      assert.ok(validate(manifest), JSON.stringify(validate.errors));
    });

    it(`${c.name}: every env value is a declared user_config entry; secrets are sensitive; tools match`, () => {
      const input = caseInput(c);
      const files = emitProject(input);
      const manifest = parse(files, "manifest.json");
      const env = manifest.server.mcp_config.env as Record<string, string>;
      const userConfig = (manifest.user_config ?? {}) as Record<string, { sensitive?: boolean; default?: string }>;
      const used = new Set<string>();
      for (const [variable, value] of Object.entries(env)) {
        const key = /^\$\{user_config\.([a-z0-9_]+)\}$/.exec(value)?.[1];
        assert.ok(key && key in userConfig, `${variable}: ${value}`);
        used.add(key);
        const secret = environmentVariables(input.server).find((v) => v.name === variable)?.secret ?? false;
        assert.equal(userConfig[key]!.sensitive === true, secret, variable);
      }
      assert.deepEqual([...used].sort(), Object.keys(userConfig).sort());
      if (input.server.baseUrl) assert.equal(userConfig.base_url?.default, input.server.baseUrl);
      assert.deepEqual(manifest.tools.map((t: { name: string }) => t.name), input.server.tools.map((t) => t.name));
      assert.deepEqual(manifest.server.mcp_config.args, ["${__dirname}/dist/main.js"]);
      // The entry point is the file the generated build writes and package.json's bin runs.
      const pkg = parse(files, "package.json");
      assert.deepEqual(Object.values(pkg.bin), [manifest.server.entry_point]);
    });
  }

  it("the judges can fail: no author, an unknown field", async () => {
    const manifest = parse(emitProject(inputs.get(SPECS[0]!)!), "manifest.json");
    delete manifest.author;
    manifest.server.entrypoint = "dist/main.js";
    assert.equal(MANIFEST_SCHEMAS["0.4"].safeParse(manifest).success, false);
    assert.equal((await jsonSchema)(manifest), false);
  });

  it("with a publish block: its author, repository, homepage and license", () => {
    const manifest = parse(emitProject({ ...inputs.get(SPECS[0]!)!, publish: PUBLISH }), "manifest.json");
    assert.deepEqual(manifest.author, PUBLISH.author);
    assert.deepEqual(manifest.repository, { type: "git", url: PUBLISH.repository });
    assert.equal(manifest.homepage, PUBLISH.homepage);
    assert.equal(manifest.license, PUBLISH.license);
    assert.equal(manifest.name, "security-mcp");
  });

  it("`mcpb validate` accepts it, and `mcpb pack` bundles the built entry point without sources, tests or .env", async () => {
    const dir = join(scratch, "project");
    const files = emitProject({ ...inputs.get("examples/petstore/openapi.yaml")! });
    for (const [path, text] of files) await writeText(join(dir, path), text);
    // What `npm run build` leaves (tsc output and the bundle), and a filled-in .env that must stay out.
    await writeText(join(dir, "dist/main.js"), "console.log('bundle');\n");
    await writeText(join(dir, "dist/index.js"), "export {};\n");
    await writeText(join(dir, "dist/tools/index.js"), "export {};\n");
    await writeText(join(dir, ".env"), "OPENAPI_MCP_AUTH_API_KEY=do-not-ship\n");
    await writeText(join(dir, "node_modules/undici/package.json"), "{}\n");

    const cli = await promisify(execFile)(process.execPath, [join(MCPB_DIR, "cli/cli.js"), "validate", join(dir, "manifest.json")]);
    assert.match(cli.stdout, /Manifest schema validation passes/);

    const bundle = join(scratch, "petstore.mcpb");
    const log = console.log;
    console.log = () => {}; // validateManifest prints even when packing silently
    try {
      assert.equal(await packExtension({ extensionPath: dir, outputPath: bundle, silent: true }), true);
    } finally {
      console.log = log;
    }
    const unpacked = join(scratch, "unpacked");
    assert.equal(await unpackExtension({ mcpbPath: bundle, outputDir: unpacked, silent: true }), true);
    const contents = (await listFiles(unpacked)).sort();
    assert.deepEqual(contents, ["dist/main.js", "manifest.json", "node_modules/undici/package.json", "package.json"]);
  });
});

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split("\\").join("/"));
}
