/**
 * End to end with real processes: the petstore upstream, `openapi-mcp serve` over stdio and over
 * Streamable HTTP, and real clients — never a mocked protocol.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const CANARY = "canary-s3cr3t-9f8e7d";
const CLI = ["--import", "tsx", "src/cli/main.ts"];
const SPEC = ["examples/petstore/openapi.yaml", "--curation", "examples/petstore/curation.yaml"];

/** Starts a process and resolves with it and the first stdout/stderr line matching `ready`. */
function start(args: string[], ready: RegExp, env: Record<string, string> = {}, stream: "stdout" | "stderr" = "stdout"): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => reject(new Error(`not ready: ${args.join(" ")}`)), 30_000);
    let seen = "";
    child[stream]!.on("data", (d: Buffer) => {
      seen += d.toString();
      const match = ready.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
}

describe("serve end to end", () => {
  let upstream: ChildProcess;
  let upstreamUrl: string;

  before(async () => {
    const started = await start(["--import", "tsx", "examples/petstore/upstream/main.ts", "--port", "0"], /listening on (http:\/\/\S+)/);
    upstream = started.child;
    upstreamUrl = started.match[1]!;
  });
  after(() => {
    upstream.kill("SIGTERM");
  });

  it("stdio: stdout carries only JSON-RPC; calls work; no secret leaks anywhere", async () => {
    const child = spawn(process.execPath, [...CLI, "serve", ...SPEC], {
      env: { ...process.env, OPENAPI_MCP_BASE_URL: upstreamUrl, OPENAPI_MCP_AUTH_API_KEY: CANARY, OPENAPI_MCP_LOG_LEVEL: "debug" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout });
    const pending = new Map<number, (message: Record<string, unknown>) => void>();
    lines.on("line", (line) => {
      stdout += `${line}\n`;
      const message = JSON.parse(line) as Record<string, unknown>; // throws (fails the test) on anything but JSON
      assert.equal(message.jsonrpc, "2.0");
      pending.get(message.id as number)?.(message);
    });
    let id = 0;
    const request = (method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        const n = ++id;
        pending.set(n, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: n, method, params })}\n`);
      });
    try {
      const init = await request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } });
      assert.equal((init.result as { serverInfo: { name: string } }).serverInfo.name, "petstore");
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
      const list = await request("tools/list", {});
      assert.deepEqual((list.result as { tools: Array<{ name: string }> }).tools.map((t) => t.name), ["add_pet", "find_pets", "get_pet", "update_pet_status", "delete_pet", "get_inventory"]);
      const inventory = await request("tools/call", { name: "get_inventory", arguments: {} });
      assert.match(JSON.stringify(inventory.result), /available/);
      const bad = await request("tools/call", { name: "get_pet", arguments: { petId: "x" } });
      assert.equal((bad.result as { isError: boolean }).isError, true);
      const denied = await request("tools/call", { name: "delete_pet", arguments: { petId: 1, api_key: "from-the-model" } });
      assert.equal((denied.result as { isError?: boolean }).isError, true, "api_key is hidden by the curation file: the model cannot pass it");
      assert.match(JSON.stringify(denied.result), /api_key: not an argument of this tool \(the server sets it\)/);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once("exit", r));
    }
    assert.equal(stdout.includes(CANARY), false);
    assert.equal(stderr.includes(CANARY), false);
  });

  it("Streamable HTTP: the SDK client lists and calls tools; foreign Host and Origin are refused", async () => {
    const { child, match } = await start([...CLI, "serve", ...SPEC, "--transport", "http", "--port", "0"], /serving \d+ tools on (http:\/\/\S+)/, { OPENAPI_MCP_BASE_URL: upstreamUrl, OPENAPI_MCP_AUTH_PETSTORE_AUTH: "t0ken" }, "stderr");
    const url = match[1]!;
    try {
      const client = new Client({ name: "e2e", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      assert.equal((await client.listTools()).tools.length, 6);
      const result = await client.callTool({ name: "find_pets", arguments: { status: "sold" } });
      const pets = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as Array<{ status: string }>;
      assert.ok(pets.length > 0 && pets.every((p) => p.status === "sold"));
      await client.close();

      const health = await fetch(url.replace("/mcp", "/healthz"));
      assert.equal(health.status, 200);
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
      const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
      const evilOrigin = await fetch(url, { method: "POST", body, headers: { ...headers, origin: "http://evil.example.com" } });
      assert.equal(evilOrigin.status, 403);
      const { request } = await import("node:http");
      const evilHost = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: "POST", headers: { ...headers, host: "evil.example.com" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(body);
      });
      assert.equal(evilHost, 403);
      const tooBig = await fetch(url, { method: "POST", body: `{"x":"${"a".repeat(5 * 1024 * 1024)}"}`, headers });
      assert.equal(tooBig.status, 413);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("a spec with no server URL and no --base-url is a clear error at serve time", async () => {
    const child = spawn(process.execPath, [...CLI, "serve", "fixtures/specs/no-servers.yaml"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once("exit", r));
    assert.equal(code, 1);
    assert.match(stderr, /^error: fixtures\/specs\/no-servers\.yaml #\/servers: no upstream base URL: the spec declares no absolute server URL — pass --base-url, set OPENAPI_MCP_BASE_URL, or set baseUrl in the curation file$/m);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});
