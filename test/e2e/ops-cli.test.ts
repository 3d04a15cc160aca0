/**
 * The operations features through the real CLI: `--read-only` for list, generate and serve (and
 * `readOnly: true` in the curation file), the `serve:` section checked like the rest of the file,
 * and a stdio server with a per-tool limit and an audit log on stderr, driven by a real SDK client.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { runCli } from "../helpers/run-cli.js";
import { PETSTORE_CURATION, PETSTORE_SPEC, repoPath, startUpstreamProcess, type UpstreamProcess } from "../helpers/start-processes.js";

const GET_TOOLS = ["find_pets", "get_pet", "get_inventory"];
const CANARY = "canary-cli-0ps-5ecret";

describe("operations features from the command line", () => {
  let dir: string;
  let upstream: UpstreamProcess;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "ops-cli-"));
    upstream = await startUpstreamProcess();
  });
  after(async () => {
    await upstream?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const listNames = async (args: string[]): Promise<string[]> => {
    const run = await runCli(["list", ...args, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
  };

  it("list --read-only, and readOnly: true in the curation file, keep only readOnlyHint tools", async () => {
    assert.equal((await listNames([PETSTORE_SPEC, "--curation", PETSTORE_CURATION])).length, 6);
    assert.deepEqual(await listNames([PETSTORE_SPEC, "--curation", PETSTORE_CURATION, "--read-only"]), GET_TOOLS);
    const curation = join(dir, "read-only.yaml");
    await writeFile(curation, `${await readFile(PETSTORE_CURATION, "utf8")}\nreadOnly: true\nserve:\n  rateLimit: { perCaller: 120/min, perTool: { get_pet: 10/min } }\n  audit: { enabled: true }\n  metrics: { enabled: true, port: 9464 }\n`);
    assert.deepEqual(await listNames([PETSTORE_SPEC, "--curation", curation]), GET_TOOLS);
  });

  it("a bad serve: section is a curation problem with its line", async () => {
    const curation = join(dir, "bad.yaml");
    await writeFile(curation, `${await readFile(PETSTORE_CURATION, "utf8")}\nserve:\n  rateLimit:\n    perCaller: lots\n`);
    const run = await runCli(["list", PETSTORE_SPEC, "--curation", curation]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /serve\.rateLimit\.perCaller.*rate such as 120\/min/s);
    assert.match(run.stderr, /:\d+/);
  });

  it("generate --read-only writes only the read-only tools, and the serve: section into server.ts", async () => {
    const curation = join(dir, "gen.yaml");
    await writeFile(curation, `${await readFile(PETSTORE_CURATION, "utf8")}\nserve:\n  rateLimit: { perTool: { get_pet: 10/min } }\n`);
    const out = join(dir, "gen");
    const run = await runCli(["generate", PETSTORE_SPEC, "--curation", curation, "--out", out, "--read-only"]);
    assert.equal(run.code, 0, run.stderr);
    const index = await readFile(join(out, "src/tools/index.ts"), "utf8");
    assert.match(index, /allTools: ToolDefinition\[\] = \[\s*findPets,\s*getPet,\s*getInventory,?\s*\]/);
    assert.match(await readFile(join(out, "src/server.ts"), "utf8"), /serve: \{\s*rateLimit: \{\s*perTool: \{\s*get_pet: "10\/min"/);
  });

  it("serve --read-only over stdio: only readOnlyHint tools; a per-tool limit answers isError; audit lines on stderr without secrets", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", repoPath("src/cli/main.ts"), "serve", PETSTORE_SPEC, "--curation", PETSTORE_CURATION, "--read-only", "--rate-limit-tool", "get_pet=1/h", "--audit", "--audit-arguments"],
      env: { ...(process.env as Record<string, string>), OPENAPI_MCP_BASE_URL: upstream.url, OPENAPI_MCP_AUTH_API_KEY: CANARY, OPENAPI_MCP_LOG_LEVEL: "warn" },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: "ops-cli", version: "1.0.0" });
    await client.connect(transport);
    try {
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name), GET_TOOLS);
      const first = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
      assert.notEqual(first.isError, true, JSON.stringify(first));
      const second = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
      assert.equal(second.isError, true);
      assert.match((second.content as Array<{ text: string }>)[0]!.text, /get_pet: at most 1\/h calls per caller.*--rate-limit-tool get_pet=RATE.*retry in 3[56]\d\d s/);
      await assert.rejects(client.callTool({ name: "add_pet", arguments: { name: "x", photoUrls: [] } }), /Unknown tool: add_pet/);
    } finally {
      await client.close();
    }
    assert.doesNotMatch(stderr, new RegExp(CANARY));
    const audit = stderr.split("\n").filter((line) => line.startsWith('{"time"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(audit.map((line) => [line.tool, line.outcome, line.principal, line.status]), [["get_pet", "ok", "local", 200], ["get_pet", "limited", "local", null]]);
    assert.deepEqual(audit[0]!.arguments, { petId: 1 });
  });
});
