/**
 * End to end for `generate`: the CLI (a real process) writes the petstore example's project into a
 * fresh directory under .tmp/, the project builds with its own `npm run build`, and the built server
 * runs as a real process over stdio and over Streamable HTTP against the real petstore upstream
 * process, driven by the SDK's own client transports. Then the project's own `npm test` passes, and
 * `generate --check` says up to date — until a generated tool file is edited.
 *
 * No network: instead of `npm install`, the project's node_modules is a symlink to ours. That stands
 * in faithfully because the generated package.json asks for exactly our dependency ranges (checked
 * here, and in test/unit/emit/emit-project.test.ts), and the versions we have installed satisfy them
 * (checked here too).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  cliCommand,
  repoPath,
  runProcess,
  startProcess,
  startUpstreamProcess,
  waitForOutput,
  type ProcessRun,
  type UpstreamProcess,
} from "../helpers/start-processes.js";
import { startAuthorizationServer } from "../helpers/authorization-server.js";
import { spanAttribute, startOtlpReceiver, waitFor } from "../helpers/otlp-receiver.js";

const CANARY = "canary-gen3rated-5ecret";
/** Relative, as a user would type them: they end up in the generated headers, so `--check` must repeat them. */
const GENERATE_ARGS = ["generate", "examples/petstore/openapi.yaml", "--curation", "examples/petstore/curation.yaml"];
const TOOLS = ["add_pet", "find_pets", "get_pet", "update_pet_status", "delete_pet", "get_inventory"];
/** npm without the network or its chatter; NODE_TEST_CONTEXT unset so a nested `node --test` reports normally. */
const NPM_ENV = { NODE_TEST_CONTEXT: undefined, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" };

const generateCli = (dir: string, extra: string[] = []): Promise<ProcessRun> =>
  runProcess(process.execPath, [...cliCommand("src"), ...GENERATE_ARGS, "--out", dir, ...extra], { timeoutMs: 30_000 });

const described = (run: ProcessRun): string => `exit ${run.code}${run.timedOut ? " (timed out)" : ""}\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`;

const text = (result: Record<string, unknown>): string => (result.content as Array<{ text: string }>).map((c) => c.text).join("\n");

/** Whether `version` satisfies a caret, tilde or exact range — the only kinds our package.json uses. */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string): number[] => v.split("-")[0]!.split(".").map(Number);
  const [kind, base] = /^[\^~]/.test(range) ? [range[0], parse(range.slice(1))] : ["=", parse(range)];
  const have = parse(version);
  const atLeast = have[0]! - base[0]! || have[1]! - base[1]! || have[2]! - base[2]!;
  if (kind === "=") return atLeast === 0;
  if (atLeast < 0 || have[0] !== base[0]) return false;
  return kind === "^" || have[1] === base[1];
}

/** The calls both transports make, with what each must return. */
async function exercise(client: Client): Promise<void> {
  const options = { timeout: 15_000 };
  const { tools } = await client.listTools(undefined, options);
  assert.deepEqual(tools.map((t) => t.name), TOOLS);

  const pet = await client.callTool({ name: "get_pet", arguments: { petId: 1 } }, undefined, options);
  assert.equal(pet.isError, undefined, text(pet));
  assert.equal((JSON.parse(text(pet)) as { id: number }).id, 1);

  const missing = await client.callTool({ name: "get_pet", arguments: { petId: 9999 } }, undefined, options);
  assert.equal(missing.isError, true);
  assert.match(text(missing), /^HTTP 404 from GET \/pet\/\{petId\}/);

  const sold = await client.callTool({ name: "find_pets", arguments: { status: "sold" } }, undefined, options);
  const pets = JSON.parse(text(sold)) as Array<{ status: string }>;
  assert.ok(pets.length > 0 && pets.every((p) => p.status === "sold"), text(sold));

  const inventory = await client.callTool({ name: "get_inventory", arguments: {} }, undefined, options);
  assert.equal(inventory.isError, undefined, `the api_key credential reaches the upstream: ${text(inventory)}`);

  const invalid = await client.callTool({ name: "get_pet", arguments: { petId: "seven" } }, undefined, options);
  assert.equal(invalid.isError, true);
  assert.match(text(invalid), /petId: expected integer/);
  for (const result of [pet, missing, sold, inventory, invalid]) assert.equal(JSON.stringify(result).includes(CANARY), false);
}

describe("generate end to end: a generated project builds, serves and checks", () => {
  let dir: string;
  let upstream: UpstreamProcess;
  let serverEnv: Record<string, string>;

  before(async () => {
    await mkdir(repoPath(".tmp"), { recursive: true });
    dir = await mkdtemp(repoPath(".tmp/e2e-generated-"));
    upstream = await startUpstreamProcess({ timeoutMs: 30_000 });
    serverEnv = { OPENAPI_MCP_BASE_URL: upstream.url, OPENAPI_MCP_AUTH_API_KEY: CANARY, OPENAPI_MCP_AUTH_PETSTORE_AUTH: `${CANARY}-oauth` };
  }, { timeout: 40_000 });

  after(async () => {
    await upstream?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the CLI generates the project", { timeout: 40_000 }, async () => {
    const run = await generateCli(dir);
    assert.equal(run.code, 0, described(run));
    assert.match(run.stdout, /: 6 tools; wrote \d+ files/);
    assert.ok(existsSync(join(dir, "src/tools/get-pet.ts")));
  });

  it("our node_modules stands in for npm install: same ranges, installed versions satisfy them", async () => {
    const ours = JSON.parse(await readFile(repoPath("package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const theirs = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const wanted = { ...theirs.dependencies, ...theirs.devDependencies };
    assert.deepEqual(Object.keys(wanted).sort(), ["@modelcontextprotocol/server", "@opentelemetry/api", "@opentelemetry/exporter-trace-otlp-http", "@opentelemetry/sdk-trace-node", "@types/node", "ajv", "esbuild", "jose", "prom-client", "redis", "typescript", "undici"]);
    for (const [name, range] of Object.entries(wanted)) {
      assert.equal(range, ours.dependencies[name] ?? ours.devDependencies[name], `${name}: the generated range is ours`);
      const installed = (JSON.parse(await readFile(repoPath(`node_modules/${name}/package.json`), "utf8")) as { version: string }).version;
      assert.ok(satisfies(installed, range), `${name}@${installed} satisfies ${range}`);
    }
    await symlink(repoPath("node_modules"), join(dir, "node_modules"), "dir");
  });

  it("npm run build (its own script) compiles it", { timeout: 60_000 }, async () => {
    const run = await runProcess("npm", ["run", "build"], { cwd: dir, env: NPM_ENV, timeoutMs: 60_000 });
    assert.equal(run.code, 0, described(run));
    assert.ok(existsSync(join(dir, "dist/main.js")), "the build bundles the entry point");
    // The process's V8 settings (runtime/v8-tuning.ts) come before any module of the server runs.
    const bundle = await readFile(join(dir, "dist/main.js"), "utf8");
    const setting = bundle.indexOf('setFlagsFromString("--no-allocation-site-pretenuring")');
    assert.ok(setting > 0, "the bundle sets the V8 flag");
    for (const later of ["function runServer(", "var server = {", "async function main("]) {
      assert.ok(bundle.indexOf(later) > setting, `the V8 flag is set before \`${later}\``);
    }
  });

  it("stdio: the built server lists and calls tools through StdioClientTransport", { timeout: 30_000 }, async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(dir, "dist/main.js")],
      cwd: dir,
      env: { ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>), ...serverEnv },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: "e2e-generated", version: "1" });
    try {
      await client.connect(transport, { timeout: 15_000 });
      assert.equal(client.getServerVersion()?.name, "petstore");
      await exercise(client);
    } finally {
      await client.close(); // ends stdin; the transport kills the process if it lingers
    }
    assert.match(stderr, /serving 6 tools over stdio/);
    assert.equal(stderr.includes(CANARY), false, "no secret in the logs");
  });

  it("Streamable HTTP: the built server on --port 0 lists and calls tools", { timeout: 30_000 }, async () => {
    const server = startProcess(process.execPath, [join(dir, "dist/main.js"), "--transport", "http", "--host", "127.0.0.1", "--port", "0"], { cwd: dir, env: serverEnv });
    try {
      const [, url] = await waitForOutput(server, "stderr", /petstore listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)\b/, 15_000);
      const client = new Client({ name: "e2e-generated", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url!)), { timeout: 15_000 });
      try {
        await exercise(client);
      } finally {
        await client.close();
      }
    } finally {
      await server.stop();
    }
    assert.equal(server.stderr().includes(CANARY), false, "no secret in the logs");
  });

  it("OAuth and tracing: the built server on 0.0.0.0 with --oauth-* flags and OTEL_* set takes only real tokens and exports spans", { timeout: 30_000 }, async () => {
    const as = await startAuthorizationServer();
    const receiver = await startOtlpReceiver();
    const audience = "https://petstore-mcp.example.test/mcp";
    const server = startProcess(
      process.execPath,
      [join(dir, "dist/main.js"), "--transport", "http", "--host", "0.0.0.0", "--port", "0", "--oauth-issuer", as.issuer, "--oauth-audience", audience, "--oauth-scope", "mcp:tools"],
      { cwd: dir, env: { ...serverEnv, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "50" } },
    );
    try {
      const [, port] = await waitForOutput(server, "stderr", /petstore listening on http:\/\/0\.0\.0\.0:(\d+)\/mcp\b/, 15_000);
      const url = new URL(`http://127.0.0.1:${port}/mcp`);
      const unauthenticated = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
      assert.equal(unauthenticated.status, 401);
      assert.match(unauthenticated.headers.get("www-authenticate") ?? "", /resource_metadata="https:\/\/petstore-mcp\.example\.test\/\.well-known\/oauth-protected-resource\/mcp"/);
      const token = await as.token(audience, "mcp:tools");
      const client = new Client({ name: "e2e-generated-oauth", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }), { timeout: 15_000 });
      try {
        const pet = await client.callTool({ name: "get_pet", arguments: { petId: 1 } }, undefined, { timeout: 15_000 });
        assert.equal(pet.isError, undefined, text(pet));
      } finally {
        await client.close();
      }
      const span = await waitFor("the get_pet span", () => receiver.spans.find((s) => s.name === "tools/call get_pet"));
      assert.equal(spanAttribute(span, "gen_ai.tool.name"), "get_pet");
      assert.equal(span.resource["service.name"], "petstore");
      await waitFor("the upstream attempt's span", () => receiver.spans.find((s) => s.parentSpanId === span.spanId && s.kind === 3));
    } finally {
      await server.stop();
      await receiver.close();
      await as.close();
    }
  });

  it("its own smoke test passes (npm test)", { timeout: 60_000 }, async () => {
    // --ignore-scripts skips only the `pretest` rebuild (dist/ was just built by `npm run build`);
    // npm still runs the `test` script itself.
    const run = await runProcess("npm", ["test", "--ignore-scripts"], { cwd: dir, env: NPM_ENV, timeoutMs: 60_000 });
    assert.equal(run.code, 0, described(run));
    assert.match(run.stdout, /# pass 1\b/);
    assert.match(run.stdout, /# fail 0\b/);
  });

  it("generate --check: up to date (exit 0), then names an edited tool file (exit 1)", { timeout: 60_000 }, async () => {
    const clean = await generateCli(dir, ["--check"]);
    assert.equal(clean.code, 0, described(clean));
    assert.match(clean.stdout, /: up to date \(\d+ generated files\)/);

    await appendFile(join(dir, "src/tools/get-pet.ts"), "// a local edit\n");
    const edited = await generateCli(dir, ["--check"]);
    assert.equal(edited.code, 1, described(edited));
    assert.deepEqual(edited.stdout.trim().split("\n"), ["differs: src/tools/get-pet.ts"]);
    assert.match(edited.stderr, /1 generated file is out of date; run the same command without --check/);
  });
});
