/**
 * `serve` with `serve.oauth` in the curation file, as a real process bound to 0.0.0.0 without
 * --allow-unauthenticated (OAuth is what makes that acceptable), against a real authorization server
 * in this process: a token from it works, none is refused, and the upstream never sees the token.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cliCommand, runProcess, startProcess, stopAllProcesses, waitForOutput } from "../helpers/start-processes.js";
import { startAuthorizationServer, type TestAuthorizationServer } from "../helpers/authorization-server.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";

const SPEC = `openapi: 3.1.0
info: { title: things, version: 1.0.0 }
paths:
  /things:
    get:
      operationId: listThings
      responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } }
    post:
      operationId: createThing
      responses: { "201": { description: ok, content: { application/json: { schema: { type: object } } } } }
`;
const AUDIENCE = "https://mcp.example.test/mcp";
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("serve with serve.oauth (real process, real authorization server)", () => {
  let as: TestAuthorizationServer;
  let upstream: RecordingUpstream;
  let dir: string;

  before(async () => {
    as = await startAuthorizationServer();
    upstream = await startRecordingUpstream();
    dir = mkdtempSync(join(tmpdir(), "i12-oauth-"));
    writeFileSync(join(dir, "spec.yaml"), SPEC);
    writeFileSync(
      join(dir, "curation.yaml"),
      `serve:\n  oauth:\n    issuer: ${as.issuer}\n    audience: ${AUDIENCE}\n    requiredScopes: [mcp:tools]\ntools:\n  - operation: listThings\n  - operation: createThing\n    scopes: [issues:write]\n`,
    );
  });
  after(async () => {
    await stopAllProcesses();
    await upstream.close();
    await as.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("binds 0.0.0.0 without --allow-unauthenticated, and enforces tokens and per-tool scopes", async () => {
    const started = startProcess(process.execPath, [...cliCommand("src"), "serve", join(dir, "spec.yaml"), "--curation", join(dir, "curation.yaml"), "--transport", "http", "--host", "0.0.0.0", "--port", "0"], {
      env: { OPENAPI_MCP_BASE_URL: upstream.origin },
    });
    const [, port] = await waitForOutput(started, "stderr", /serving 2 tools on http:\/\/0\.0\.0\.0:(\d+)\/mcp/);
    assert.doesNotMatch(started.stderr(), /reachable beyond this machine/);
    const url = `http://127.0.0.1:${port}/mcp`;
    const post = (token: string | undefined, name: string) =>
      fetch(url, {
        method: "POST",
        headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } }),
      });
    assert.equal((await post(undefined, "list_things")).status, 401);
    const token = await as.token(AUDIENCE, "mcp:tools");
    const ok = await post(token, "list_things");
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(((await ok.json()) as { result: { isError?: boolean } }).result.isError, undefined);
    const refused = await post(token, "create_thing");
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get("www-authenticate") ?? "", /insufficient_scope.*scope="mcp:tools issues:write"/);
    assert.equal(upstream.requests.length, 1);
    assert.ok(!JSON.stringify(upstream.requests[0]!.headers).includes(token));
    await started.stop();
  });

  it("without OAuth, 0.0.0.0 still needs --allow-unauthenticated", async () => {
    const run = await runProcess(process.execPath, [...cliCommand("src"), "serve", join(dir, "spec.yaml"), "--transport", "http", "--host", "0.0.0.0", "--port", "0"], {
      env: { OPENAPI_MCP_BASE_URL: upstream.origin },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /no authentication.*--oauth-issuer.*--allow-unauthenticated/s);
  });
});
