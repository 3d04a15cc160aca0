/**
 * The MCP inspector CLI (@modelcontextprotocol/inspector-cli, pinned) as a real, independent client
 * of the built `openapi-mcp` (dist/bin, the bundle `npm run build` makes) on the bundled petstore example: over stdio (the inspector
 * spawns `serve` itself) and over Streamable HTTP (`serve --transport http` as a child process).
 *
 * inspector-cli 1.0.3's build/index.js looks for its own package.json with
 * `fs.existsSync("../package.json")` — relative to the working directory — and then imports it
 * relative to itself, so it only starts when run from a directory whose parent holds a package.json
 * (from the repo root it fails with "Cannot find module …/node_modules/@modelcontextprotocol/package.json").
 * It is therefore run from its own build/ folder, with absolute paths everywhere. build/index.js has
 * no `-e`; the stdio server inherits the inspector's environment, so the variables are set on it.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  PETSTORE_CURATION,
  PETSTORE_SPEC,
  repoPath,
  runProcess,
  startServeHttp,
  startUpstreamProcess,
  stopAllProcesses,
  type HttpServeProcess,
  type ProcessRun,
  type UpstreamProcess,
} from "../helpers/start-processes.js";

const INSPECTOR_DIR = repoPath("node_modules/@modelcontextprotocol/inspector-cli/build/");
const INSPECTOR = `${INSPECTOR_DIR}index.js`;
const DIST_MAIN = repoPath("dist/bin/main.js");
const TOOL_NAMES = ["add_pet", "delete_pet", "find_pets", "get_inventory", "get_pet", "update_pet_status"];
const CREDENTIALS = { OPENAPI_MCP_AUTH_API_KEY: "inspector-key-1234", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "inspector-oauth-token" };

interface ToolList {
  tools: Array<{ name: string; description?: string; inputSchema?: { type?: string } }>;
}
interface CallResult {
  content: Array<{ type: string; text?: string }>;
  isError?: boolean;
}

/** Runs the inspector CLI: `args` are the target (a command and its arguments, or a URL), then the inspector's options. */
function inspector(args: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  return runProcess(process.execPath, [INSPECTOR, ...args], { cwd: INSPECTOR_DIR, env, timeoutMs: 45_000 });
}

/** The JSON the inspector printed, after checking it exited 0. */
function output<T>(run: ProcessRun, what: string): T {
  const shown = `--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`;
  assert.equal(run.timedOut, false, `inspector ${what} timed out\n${shown}`);
  assert.equal(run.code, 0, `inspector ${what} exited ${run.code}\n${shown}`);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    assert.fail(`inspector ${what} did not print JSON\n${shown}`);
  }
}

function assertSixTools(list: ToolList): void {
  assert.deepEqual(list.tools.map((t) => t.name).sort(), TOOL_NAMES);
  for (const tool of list.tools) {
    assert.ok(tool.description && tool.description.length > 0, `${tool.name} has no description`);
    assert.equal(tool.inputSchema?.type, "object", `${tool.name}: inputSchema.type`);
  }
}

function text(result: CallResult): string {
  return result.content.map((c) => c.text ?? "").join("\n");
}

describe("inspector CLI against the built openapi-mcp", () => {
  let upstream: UpstreamProcess;
  let pet1: unknown;

  before(async () => {
    // Always build (tsc, then the CLI bundle, as `npm run build` does): dist/ must match src/ (other
    // tests run from src/ through tsx and never build).
    const build = await runProcess(process.execPath, [repoPath("node_modules/typescript/bin/tsc"), "-p", repoPath("tsconfig.build.json")], { timeoutMs: 55_000 });
    assert.equal(build.code, 0, `tsc -p tsconfig.build.json failed (timed out: ${build.timedOut}):\n${build.stdout}${build.stderr}`);
    const bundle = await runProcess(process.execPath, [repoPath("scripts/postbuild.mjs")], { timeoutMs: 30_000 });
    assert.equal(bundle.code, 0, `scripts/postbuild.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
    assert.ok(existsSync(DIST_MAIN), `${DIST_MAIN} missing after the build`);
    assert.ok(existsSync(INSPECTOR), `${INSPECTOR} is missing: run npm install (it is a pinned devDependency)`);
    upstream = await startUpstreamProcess();
    const response = await fetch(`${upstream.url}/pet/1`);
    assert.equal(response.status, 200);
    pet1 = await response.json();
  }, { timeout: 60_000 });

  after(async () => {
    await upstream?.stop();
    await stopAllProcesses();
  }, { timeout: 30_000 });

  describe("the bundled CLI (dist/bin) does what the sources do", () => {
    // The bundle's chunks find templates/, src/runtime/ and curation.schema.json from their own
    // location, as the tsc output does; a command whose output differs would show a path gone wrong.
    const SRC = ["--import", "tsx", repoPath("src/cli/main.ts")];
    const run = (entry: readonly string[], args: string[]) => runProcess(process.execPath, [...entry, ...args], { timeoutMs: 40_000 });

    it("list --json prints the same tools", { timeout: 60_000 }, async () => {
      const args = ["list", PETSTORE_SPEC, "--curation", PETSTORE_CURATION, "--json"];
      const [bundled, source] = await Promise.all([run([DIST_MAIN], args), run(SRC, args)]);
      assert.equal(bundled.code, 0, bundled.stderr);
      assert.equal(source.code, 0, source.stderr);
      assert.equal(bundled.stdout, source.stdout);
    });

    it("generate and init write the same files", { timeout: 60_000 }, async () => {
      const root = await mkdtemp(join(tmpdir(), "openapi-mcp-bundle-"));
      try {
        for (const [name, entry] of [["bundled", [DIST_MAIN]], ["source", SRC]] as const) {
          const generated = await run(entry, ["generate", PETSTORE_SPEC, "--curation", PETSTORE_CURATION, "--out", join(root, name)]);
          assert.equal(generated.code, 0, generated.stderr);
          const init = await run(entry, ["init", PETSTORE_SPEC, "--out", join(root, `${name}.curation.yaml`)]);
          assert.equal(init.code, 0, init.stderr);
        }
        const files = await readdir(join(root, "bundled"), { recursive: true });
        assert.ok(files.includes(join("src", "runtime", "upstream", "send-request.ts")), "the runtime was copied");
        assert.deepEqual(files.sort(), (await readdir(join(root, "source"), { recursive: true })).sort());
        for (const file of files) {
          const path = join(root, "bundled", file);
          if ((await stat(path)).isDirectory()) continue;
          assert.equal(await readFile(path, "utf8"), await readFile(join(root, "source", file), "utf8"), file);
        }
        // The starter file names itself in its "Check with" line; the two differ only there.
        const starter = async (name: string): Promise<string> => (await readFile(join(root, `${name}.curation.yaml`), "utf8")).replaceAll(`${name}.curation.yaml`, "<file>");
        assert.equal(await starter("bundled"), await starter("source"));
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });

  describe("stdio", () => {
    // The target first, then the inspector's options (its `--` separator still wants the command before it).
    const target = [process.execPath, DIST_MAIN, "serve", PETSTORE_SPEC, "--curation", PETSTORE_CURATION];
    const env = (): Record<string, string> => ({ OPENAPI_MCP_BASE_URL: upstream.url, ...CREDENTIALS });

    it("tools/list returns the six curated tools", { timeout: 60_000 }, async () => {
      assertSixTools(output<ToolList>(await inspector([...target, "--method", "tools/list"], env()), "stdio tools/list"));
    });

    it("tools/call get_pet petId=1 returns pet 1 from the upstream", { timeout: 60_000 }, async () => {
      const run = await inspector([...target, "--method", "tools/call", "--tool-name", "get_pet", "--tool-arg", "petId=1"], env());
      const result = output<CallResult>(run, "stdio tools/call get_pet");
      assert.notEqual(result.isError, true, text(result));
      assert.deepEqual(JSON.parse(text(result)), pet1);
    });
  });

  describe("Streamable HTTP", () => {
    let server: HttpServeProcess;

    before(async () => {
      server = await startServeHttp({ baseUrl: upstream.url, env: CREDENTIALS, entry: "dist" });
    }, { timeout: 60_000 });

    after(async () => {
      await server?.stop();
    }, { timeout: 30_000 });

    const http = (...args: string[]): string[] => [server.url, "--transport", "http", ...args];

    it("tools/list returns the six curated tools", { timeout: 60_000 }, async () => {
      assertSixTools(output<ToolList>(await inspector(http("--method", "tools/list")), "http tools/list"));
    });

    it("tools/call get_pet petId=1 returns pet 1 from the upstream", { timeout: 60_000 }, async () => {
      const run = await inspector(http("--method", "tools/call", "--tool-name", "get_pet", "--tool-arg", "petId=1"));
      const result = output<CallResult>(run, "http tools/call get_pet petId=1");
      assert.notEqual(result.isError, true, text(result));
      assert.deepEqual(JSON.parse(text(result)), pet1);
    });

    it("tools/call get_pet petId=9999 is an isError result naming the upstream's 404", { timeout: 60_000 }, async () => {
      const run = await inspector(http("--method", "tools/call", "--tool-name", "get_pet", "--tool-arg", "petId=9999"));
      const result = output<CallResult>(run, "http tools/call get_pet petId=9999");
      assert.equal(result.isError, true, `expected isError: ${JSON.stringify(result)}`);
      assert.match(text(result), /\b404\b/);
    });
  });
});
