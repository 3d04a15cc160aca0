/**
 * A new user's first hour, through the built `openapi-mcp` (dist/bin; run `npm run build` first) as a
 * real process in a fresh directory: `init` a spec, uncomment two entries, `list` shows those two,
 * `call` one against the petstore upstream (a real process on 127.0.0.1, port 0). Then what the
 * user meets on the way — help, misspellings, bad JSON, error results, the per-call log line with no
 * secret in it — and the OS errors that must read as one line with a fix, not as a bug.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, writeFileSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";
import { runCli, type CliRun } from "../helpers/run-cli.js";
import { PETSTORE_SPEC, repoPath, startUpstreamProcess, type UpstreamProcess } from "../helpers/start-processes.js";

const BUILT = repoPath("dist/bin/main.js");
if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` before these tests`);

/** Runs the built CLI to completion in `cwd`. The environment is this process's minus OPENAPI_MCP_*, plus `env`. */
function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; uid?: number } = {}): Promise<CliRun> {
  const cleared = Object.fromEntries(Object.keys(process.env).filter((key) => key.startsWith("OPENAPI_MCP_")).map((key) => [key, undefined]));
  return runCli(args, { ...options, entry: BUILT, env: { ...cleared, ...options.env } });
}

/** The `info: tool call {...}` lines a run logged, parsed. */
function callLines(stderr: string): Array<Record<string, unknown>> {
  return [...stderr.matchAll(/^info: tool call (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
}

/** A fresh directory holding the petstore spec as `spec.yaml`, as a user would start. */
async function freshProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "first-hour-"));
  await copyFile(PETSTORE_SPEC, join(dir, "spec.yaml"));
  return dir;
}

/** Deletes the "#" of the entries for `operationIds`, exactly as a person would. */
async function uncomment(file: string, operationIds: string[]): Promise<void> {
  const lines = (await readFile(file, "utf8")).split("\n");
  let done = 0;
  const edited = lines.map((line) => {
    if (!operationIds.some((id) => line.startsWith(`#  - operation: ${id} `))) return line;
    done++;
    return line.slice(1);
  });
  assert.equal(done, operationIds.length, "every entry to uncomment is in the file");
  await writeFile(file, edited.join("\n"));
}

describe("a new user's first hour (built CLI)", () => {
  let upstream: UpstreamProcess;
  let dir: string;
  const KEY = "sk-first-hour-0123456789";

  before(async () => {
    upstream = await startUpstreamProcess();
    dir = await freshProject();
  });
  after(async () => {
    await upstream?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("init, uncomment two entries, list shows exactly those 2 tools, call works", async () => {
    const init = await cli(["init", "spec.yaml"], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /^wrote spec\.curation\.yaml: 19 operations listed, none selected yet$/m);

    const untouched = await cli(["list", "spec.yaml", "--curation", "spec.curation.yaml"], { cwd: dir });
    assert.equal(untouched.code, 0, untouched.stderr);
    assert.match(untouched.stderr, /no tools selected: spec\.curation\.yaml selects none of 19 operations — uncomment entries under `tools:` in spec\.curation\.yaml/);

    await uncomment(join(dir, "spec.curation.yaml"), ["getPetById", "getInventory"]);
    const listed = await cli(["list", "spec.yaml", "--curation", "spec.curation.yaml", "--json"], { cwd: dir });
    assert.equal(listed.code, 0, listed.stderr);
    const names = (JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    assert.deepEqual(names.sort(), ["get_inventory", "get_pet_by_id"]);

    const env = { OPENAPI_MCP_AUTH_API_KEY: KEY };
    const called = await cli(["call", "spec.yaml", "--curation", "spec.curation.yaml", "--base-url", upstream.url, "get_pet_by_id", '{"petId": 1}'], { cwd: dir, env });
    assert.equal(called.code, 0, called.stderr);
    const pet = JSON.parse(called.stdout) as { id: number; name: string };
    assert.equal(pet.id, 1);
    assert.equal(typeof pet.name, "string");
    const [line, ...more] = callLines(called.stderr);
    assert.equal(more.length, 0, "one line per call");
    assert.deepEqual({ ...line, ms: typeof line!.ms }, { tool: "get_pet_by_id", method: "GET", path: "/pet/{petId}", status: 200, ms: "number", retries: 0, bytes: line!.bytes });
    assert.ok((line!.bytes as number) > 10);
    assert.ok(!called.stderr.includes(KEY) && !called.stdout.includes(KEY), "the API key never appears");
  });

  it("call --json prints the whole CallToolResult; an error result exits 1; the log line holds the template, not the value", async () => {
    const env = { OPENAPI_MCP_AUTH_API_KEY: KEY };
    const base = ["call", "spec.yaml", "--curation", "spec.curation.yaml", "--base-url", upstream.url, "--json"];
    const ok = await cli([...base, "get_inventory"], { cwd: dir, env });
    assert.equal(ok.code, 0, ok.stderr);
    const result = JSON.parse(ok.stdout) as { content: Array<{ type: string; text: string }>; structuredContent?: unknown; isError?: boolean };
    assert.equal(result.content[0]!.type, "text");
    assert.equal(result.isError, undefined);

    const missing = await cli([...base, "get_pet_by_id", '{"petId": 987654321}'], { cwd: dir, env });
    assert.equal(missing.code, 1);
    assert.equal((JSON.parse(missing.stdout) as { isError: boolean }).isError, true);
    assert.match(missing.stdout, /404/);
    assert.equal(callLines(missing.stderr)[0]!.status, 404);
    assert.ok(!missing.stderr.includes("987654321"), "an identifier in the filled path stays out of the log");
  });

  it("credentials come from OPENAPI_MCP_* variables: without the key, nothing is sent and the result says which variable", async () => {
    const run = await cli(["call", "spec.yaml", "--curation", "spec.curation.yaml", "--base-url", upstream.url, "get_pet_by_id", '{"petId": 1}'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error result from get_pet_by_id: .*set OPENAPI_MCP_AUTH_API_KEY/m);
    assert.equal(callLines(run.stderr)[0]!.status, null);
  });

  const mistakes: Array<[string, { args: string[]; want: RegExp }]> = [
    ["a misspelt tool: did-you-mean", { args: ["get_pet_byid", "{}"], want: /^error: unknown tool "get_pet_byid": did you mean "get_pet_by_id"\? — run {2}openapi-mcp list spec\.yaml --curation spec\.curation\.yaml {2}for the tool names\n$/ }],
    ["an operation left commented out", { args: ["delete_pet", "{}"], want: /^error: tool "delete_pet" is not selected in spec\.curation\.yaml — uncomment its entry under `tools:` in spec\.curation\.yaml\n$/ }],
    ["arguments that are not JSON", { args: ["get_pet_by_id", "{petId: 1}"], want: /^error: the tool arguments are not valid JSON \(.+\): \{petId: 1\} — pass one JSON object in single quotes/ }],
    ["a misspelt option", { args: ["get_pet_by_id", "{}", "--jsno"], want: /^error: unknown option --jsno for call: did you mean --json\? — run `openapi-mcp call --help` for the options\n$/ }],
  ];
  for (const [name, { args, want }] of mistakes) {
    it(`call with ${name}: one line, exit 1`, async () => {
      const run = await cli(["call", "spec.yaml", "--curation", "spec.curation.yaml", ...args], { cwd: dir });
      assert.equal(run.code, 1);
      assert.match(run.stderr, want);
      assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
      assert.equal(run.stdout, "");
    });
  }
});

describe("a secret the upstream echoes back (built CLI)", () => {
  let upstream: RecordingUpstream;
  before(async () => {
    upstream = await startRecordingUpstream();
  });
  after(async () => upstream?.close());

  it("is redacted from the result and never reaches the log, nor does an argument's value", async () => {
    const secret = "tok-upstream-echo-5551234";
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 7, name: "rex", note: `your key is ${secret}` }) });
    const argument = "status-value-4242";
    const run = await cli(
      ["call", PETSTORE_SPEC, "--curation", repoPath("examples/petstore/curation.yaml"), "--base-url", upstream.origin, "--json", "update_pet_status", JSON.stringify({ petId: 7, name: argument })],
      { env: { OPENAPI_MCP_AUTH_API_KEY: secret, OPENAPI_MCP_AUTH_PETSTORE_AUTH: secret } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(upstream.requests.length, 1);
    assert.ok(upstream.requests[0]!.url.includes(argument) || upstream.requests[0]!.body.toString().includes(argument), "the argument was sent");
    assert.match(run.stdout, /your key is /, "the answer came back");
    assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret), "a configured secret never appears");
    assert.ok(!run.stderr.includes(argument), "argument values stay out of the log");
    assert.equal(callLines(run.stderr).length, 1, run.stderr);
  });
});

describe("help and misspellings (built CLI)", () => {
  for (const command of ["list", "init", "call", "serve", "generate"]) {
    it(`${command} --help and help ${command}: usage, options, an example; exit 0`, async () => {
      const [flag, word] = await Promise.all([cli([command, "--help"]), cli(["help", command])]);
      assert.equal(flag.code, 0, flag.stderr);
      assert.equal(flag.stdout, word.stdout);
      assert.match(flag.stdout, new RegExp(`^Usage: openapi-mcp ${command} `, "m"));
      assert.match(flag.stdout, /^Options:\n {2}-/m);
      assert.match(flag.stdout, new RegExp(`^Example:\\n {2}openapi-mcp ${command} `, "m"));
      assert.equal(flag.stderr, "");
    });
  }
  it("an unknown command: did-you-mean, one line, exit 1", async () => {
    const run = await cli(["serv", "spec.yaml"]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'error: unknown command "serv": did you mean "serve"? — the commands are list, init, call, serve, generate; run `openapi-mcp --help`\n');
  });
});

/**
 * A file path whose creation fails with EACCES, and the uid to write as. Root writes anywhere, so as
 * root the CLI drops to nobody (65534) — when nobody can read this checkout at all (a clone under a
 * 0700 directory, as `mktemp -d` makes), root writes instead where the kernel refuses even root a new
 * file: sysfs. Both are a real EACCES from open(2).
 */
async function unwritablePath(): Promise<{ out: string; uid?: number }> {
  const dir = await mkdtemp(join(tmpdir(), "eacces-"));
  const locked = join(dir, "locked");
  await mkdir(locked);
  await chmod(dir, 0o755);
  await chmod(locked, 0o555);
  if (process.getuid?.() !== 0) return { out: join(locked, "c.yaml") };
  const probe = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(BUILT)}, require("fs").constants.R_OK)`], { uid: 65534, gid: 65534 });
  if (probe.status === 0) return { out: join(locked, "c.yaml"), uid: 65534 };
  const out = "/sys/kernel/openapi-mcp-eacces.yaml";
  const code = (() => {
    try {
      writeFileSync(out, "");
      return "written";
    } catch (error) {
      return (error as NodeJS.ErrnoException).code;
    }
  })();
  assert.equal(code, "EACCES", `neither nobody can read ${BUILT} nor does ${out} refuse root; no way to provoke EACCES here`);
  return { out };
}

describe("OS errors are one line with a fix, exit 1 (built CLI)", () => {
  it("EADDRINUSE: serve --transport http on a busy port", async () => {
    const busy = createServer();
    busy.listen(0, "127.0.0.1");
    await once(busy, "listening");
    const port = (busy.address() as AddressInfo).port;
    try {
      const run = await cli(["serve", PETSTORE_SPEC, "--curation", repoPath("examples/petstore/curation.yaml"), "--transport", "http", "--port", String(port)]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is in use: pass --port with a free port`, "m"));
      assert.doesNotMatch(run.stderr, /internal error|a bug in openapi-mcp/);
    } finally {
      busy.close();
    }
  });

  it("EADDRNOTAVAIL: serve --transport http --host with an address this machine lacks", async () => {
    const run = await cli(["serve", PETSTORE_SPEC, "--curation", repoPath("examples/petstore/curation.yaml"), "--transport", "http", "--host", "192.0.2.1", "--port", "0", "--allow-unauthenticated"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: cannot bind (port \d+ on |address )192\.0\.2\.1: no network interface has that address; pass --host/m);
  });

  const writes: Array<[string, () => Promise<{ out: string; uid?: number; want: RegExp }>]> = [
    ["ENOENT: init --out into a directory that does not exist", async () => {
      const out = join(tmpdir(), "no-such-dir-first-hour", "c.yaml");
      return { out, want: /^error: .*no-such-dir-first-hour\/c\.yaml: no such file or directory \(open\): check the path; a directory to write into must exist\n$/ };
    }],
    ["ENOTDIR: init --out below a file", async () => {
      const dir = await mkdtemp(join(tmpdir(), "enotdir-"));
      await writeFile(join(dir, "file"), "");
      return { out: join(dir, "file", "c.yaml"), want: /^error: .*file\/c\.yaml: a part of this path is a file, not a directory: check the path \(--out\)\n$/ };
    }],
    ["EISDIR: init --out naming a directory", async () => {
      const dir = await mkdtemp(join(tmpdir(), "eisdir-"));
      return { out: dir, want: /^error: .*eisdir-\w+ is a directory, where a file was expected: name a file/ };
    }],
    ["ENOSPC: init --out on a full device", async () => ({ out: "/dev/full", want: /^error: no space left on the device writing \/dev\/full: free some space, or write elsewhere \(--out\)\n$/ })],
    ["EACCES: init --out into a directory without write permission", async () => {
      const { out, uid } = await unwritablePath();
      const escaped = out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      return { out, ...(uid === undefined ? {} : { uid }), want: new RegExp(`^error: permission denied: ${escaped} \\(open\\): check its permissions, or choose a path you can write\n$`) };
    }],
  ];
  for (const [name, setup] of writes) {
    it(name, async () => {
      const { out, uid, want } = await setup();
      const run = await cli(["init", PETSTORE_SPEC, "--out", out, "--force"], uid === undefined ? {} : { uid });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, want);
    });
  }

  it("EPIPE: the reader of stdout goes away (`list | head`): a quiet, successful stop", async () => {
    const child = spawn(process.execPath, [BUILT, "list", PETSTORE_SPEC], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "close")) as [number | null];
    assert.equal(code, 0);
    assert.equal(stderr, "");
  });
});
