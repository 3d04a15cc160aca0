/**
 * `list` counts tokens exactly: o200k_base over the `tools/list` result a client really receives
 * (read raw off a `serve` process's stdout, not rebuilt from our own projection), and
 * `--max-tokens` fails the run when the list is over budget.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { runCli } from "../../helpers/run-cli.js";

const PETSTORE = "examples/petstore/openapi.yaml";

interface ListJson {
  tools: Array<{ name: string }>;
  tokens: { tokenizer: string; total: number; tools: Record<string, number> };
}

/** The raw `result` text of `tools/list`, as a `serve` process writes it to stdout. */
async function rawToolsList(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  try {
    return await new Promise<string>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`serve exited (${code}) before answering tools/list`)));
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        for (const line of out.split("\n")) {
          // The line is kept as text: its `result` member is cut out of it, never re-serialised.
          const match = /^\{"result":(\{"tools":.*\}),"jsonrpc":"2\.0","id":2\}$/.exec(line) ?? /^\{"jsonrpc":"2\.0","id":2,"result":(\{"tools":.*\})\}$/.exec(line);
          if (match) resolve(match[1]!);
        }
      });
      const send = (message: object): boolean => child.stdin.write(`${JSON.stringify(message)}\n`);
      send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } });
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    });
  } finally {
    child.removeAllListeners("exit");
    child.kill();
  }
}

describe("openapi-mcp list counts o200k tokens", () => {
  it("the total is the o200k count of the tools/list result a serve process sends", async () => {
    const raw = await rawToolsList([PETSTORE, "--base-url", "http://127.0.0.1:1"]);
    const run = await runCli(["list", PETSTORE, "--json", "--base-url", "http://127.0.0.1:1"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as ListJson;
    assert.equal(out.tokens.tokenizer, "o200k_base");
    assert.equal(out.tokens.total, countTokens(raw));
    const listed = JSON.parse(raw) as { tools: Array<{ name: string }> };
    assert.deepEqual(out.tools, listed.tools, "list --json prints what tools/list returns");
    for (const tool of listed.tools) assert.equal(out.tokens.tools[tool.name], countTokens(JSON.stringify(tool)), tool.name);
    const table = await runCli(["list", PETSTORE, "--base-url", "http://127.0.0.1:1"]);
    assert.match(table.stdout, new RegExp(`^19 tools, ${out.tokens.total.toLocaleString("en-US")} tokens \\(o200k_base\\) for the whole tools/list result`, "m"));
    const row = new RegExp(`^add_pet +POST /pet +\\d+ +${out.tokens.tools.add_pet}$`, "m");
    assert.match(table.stdout, row);
  });

  it("in discovery mode it lists and counts what a discovery-mode serve process sends: the three meta-tools", async () => {
    const raw = await rawToolsList([PETSTORE, "--base-url", "http://127.0.0.1:1", "--discovery"]);
    const run = await runCli(["list", PETSTORE, "--json", "--discovery", "--base-url", "http://127.0.0.1:1"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as ListJson;
    const listed = JSON.parse(raw) as { tools: Array<{ name: string }> };
    assert.deepEqual(out.tools, listed.tools, "list --discovery --json prints what tools/list returns in discovery mode");
    assert.deepEqual(out.tools.map((t) => t.name), ["search_operations", "describe_operation", "call_operation"]);
    assert.equal(out.tokens.total, countTokens(raw));
    const table = await runCli(["list", PETSTORE, "--discovery", "--base-url", "http://127.0.0.1:1"]);
    assert.match(table.stdout, /^search_operations +\(discovery: 19 operations in reach\) +2 +\d+$/m);
    assert.match(table.stdout, /^3 tools, /m);
  });

  it("--max-tokens exits 1 over budget, naming the total and the largest tools; 0 at or under it", async () => {
    const json = JSON.parse((await runCli(["list", PETSTORE, "--json"])).stdout) as ListJson;
    const total = json.tokens.total;
    const largest = Object.entries(json.tokens.tools).sort((a, b) => b[1] - a[1])[0]!;
    const over = await runCli(["list", PETSTORE, "--max-tokens", String(total - 1)]);
    assert.equal(over.code, 1);
    assert.match(over.stderr, new RegExp(`^error: the tool list costs ${total.toLocaleString("en-US")} o200k_base tokens, over --max-tokens ${(total - 1).toLocaleString("en-US")}; the largest tools: ${largest[0]} \\(${largest[1]}\\)`, "m"));
    assert.match(over.stdout, /^TOOL +METHOD PATH/m, "the table is still printed, so the fix has somewhere to start");
    const overJson = await runCli(["list", PETSTORE, "--json", "--max-tokens", String(total - 1)]);
    assert.equal(overJson.code, 1);
    assert.doesNotThrow(() => JSON.parse(overJson.stdout));
    assert.equal((await runCli(["list", PETSTORE, "--max-tokens", String(total)])).code, 0);
  });

  const bad: Array<[string, string]> = [["zero", "0"], ["a fraction", "1.5"], ["a word", "lots"]];
  for (const [name, value] of bad) {
    it(`--max-tokens rejects ${name}`, async () => {
      const run = await runCli(["list", PETSTORE, "--max-tokens", value]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /--max-tokens must be a whole number of tokens, at least 1/);
    });
  }
});
