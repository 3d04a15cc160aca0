/**
 * `openapi-mcp serve` as a real process on GitHub's spec with the curation file that supplies its
 * credentials and headers, driven by the SDK client over stdio, calling a loopback recording
 * upstream: the request carries `User-Agent: openapi-mcp-bridge/<package.json version>`, the bearer
 * token and the static header. And a `${env:NAME}` left unset stops `serve` with one clear line.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";

const CLI = ["--import", "tsx", "src/cli/main.ts"];
const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
const TOKEN = "ghp_e2eToken0123456789";

describe("serve end to end: GitHub with a curation file", () => {
  let upstream: RecordingUpstream;
  let dir: string;

  before(async () => {
    upstream = await startRecordingUpstream();
    dir = await mkdtemp(join(tmpdir(), "serve-github-"));
  });
  after(async () => {
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("sends the bridge's User-Agent, the curation-declared bearer token and the static header", async () => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...CLI, "serve", SPEC, "--curation", "fixtures/curation/github-octokit.curation.yaml", "--base-url", upstream.origin],
      env: { ...(process.env as Record<string, string>), OPENAPI_MCP_AUTH_GITHUB_TOKEN: TOKEN },
      stderr: "pipe",
    });
    const client = new Client({ name: "e2e", version: "1" });
    await client.connect(transport);
    try {
      upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: '{"login":"octocat"}' });
      const result = await client.callTool({ name: "users_get_authenticated", arguments: {} });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const request = upstream.requests[0]!;
      assert.equal(request.url, "/user");
      assert.equal(request.headers["user-agent"], `openapi-mcp-bridge/${version}`);
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers["x-github-api-version"], "2022-11-28");
      assert.equal(request.headers.accept, "application/json");
    } finally {
      await client.close();
    }
  });

  it("an unset ${env:NAME} in headers stops serve with one line naming the variable", async () => {
    const curation = join(dir, "c.yaml");
    await writeFile(curation, ["tools: [{ operation: users/get-authenticated }]", "headers:", '  X-Token: "${env:OPENAPI_MCP_TEST_UNSET_VARIABLE}"'].join("\n"));
    const env = { ...process.env };
    delete env.OPENAPI_MCP_TEST_UNSET_VARIABLE;
    const child = spawn(process.execPath, [...CLI, "serve", SPEC, "--curation", curation, "--base-url", upstream.origin], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once("exit", r));
    assert.equal(code, 1);
    assert.equal(
      stderr,
      `error: ${curation}: header X-Token reads \${env:OPENAPI_MCP_TEST_UNSET_VARIABLE}, but OPENAPI_MCP_TEST_UNSET_VARIABLE is not set: set it in the server's environment — set OPENAPI_MCP_TEST_UNSET_VARIABLE before starting the server, or remove its \${env:OPENAPI_MCP_TEST_UNSET_VARIABLE} from headers\n`,
    );
  });
});
