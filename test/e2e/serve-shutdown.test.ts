/**
 * Issue 9, defects 9 and 10 with real processes: `serve` refuses unauthenticated HTTP beyond
 * loopback unless told, and SIGTERM lets calls in flight finish and answer before exiting 0, over
 * stdio and over HTTP.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { cliCommand, runProcess, startProcess, startServeHttp, startServeStdio, stopAllProcesses, waitForOutput } from "../helpers/start-processes.js";

const SLOW_SPEC = `openapi: 3.1.0
info: { title: slow, version: 1.0.0 }
paths:
  /slow:
    get:
      operationId: slow
      parameters: [{ name: ms, in: query, schema: { type: integer } }]
      responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } }
`;

const call = (id: number, ms: number): string => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "slow", arguments: { ms } } });
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("serve: binding and graceful shutdown (issue 9: defects 9 and 10)", () => {
  let upstream: PetstoreUpstream;
  let dir: string;
  let spec: string;

  before(async () => {
    upstream = await startPetstoreUpstream();
    dir = mkdtempSync(join(tmpdir(), "i9-shutdown-"));
    spec = join(dir, "slow.yaml");
    writeFileSync(spec, SLOW_SPEC);
  });
  after(async () => {
    await stopAllProcesses();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to serve HTTP on 0.0.0.0 without --allow-unauthenticated, saying why and what to do", async () => {
    const run = await runProcess(process.execPath, [...cliCommand("src"), "serve", spec, "--transport", "http", "--host", "0.0.0.0", "--port", "0"], {
      env: { OPENAPI_MCP_BASE_URL: upstream.url },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /HTTP on 0\.0\.0\.0 is reachable beyond this machine and \/mcp has no authentication/);
    assert.match(run.stderr, /--allow-unauthenticated/);
    assert.doesNotMatch(run.stderr, /serving \d+ tools/);
  });

  it("serves on 0.0.0.0 with --allow-unauthenticated, and warns", async () => {
    const started = startProcess(process.execPath, [...cliCommand("src"), "serve", spec, "--transport", "http", "--host", "0.0.0.0", "--port", "0", "--allow-unauthenticated"], {
      env: { OPENAPI_MCP_BASE_URL: upstream.url },
    });
    await waitForOutput(started, "stderr", /serving 1 tools on http:\/\/0\.0\.0\.0:\d+\/mcp/);
    assert.match(started.stderr(), /warn: HTTP on 0\.0\.0\.0 is reachable beyond this machine .*--allow-unauthenticated was given/);
    await started.stop();
  });

  it("over HTTP, SIGTERM lets the call in flight answer, then exits 0", async () => {
    const server = await startServeHttp({ baseUrl: upstream.url, specArgs: [spec] });
    const inFlight = fetch(server.url, { method: "POST", headers: JSON_HEADERS, body: call(1, 800) });
    await new Promise((r) => setTimeout(r, 200));
    server.process.child.kill("SIGTERM");
    const reply = await inFlight;
    assert.equal(reply.status, 200);
    const body = (await reply.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
    assert.match(body.result.content[0]!.text, /"waitedMs":800/);
    assert.equal(await server.process.exited, 0, server.process.stderr());
    assert.match(server.process.stderr(), /stopping \(SIGTERM\)/);
    assert.match(server.process.stderr(), /stopped \{"finished":1,"cancelled":0\}/);
  });

  it("over stdio, SIGTERM lets the call in flight answer on stdout, then exits 0", async () => {
    const server = await startServeStdio({ baseUrl: upstream.url, specArgs: [spec] });
    server.process.child.stdin!.write(`${call(5, 800)}\n`);
    await new Promise((r) => setTimeout(r, 200));
    server.process.child.kill("SIGTERM");
    await waitForOutput(server.process, "stdout", /"id":5/, 10_000);
    assert.match(server.process.stdout(), /waitedMs.*800/);
    assert.equal(await server.process.exited, 0, server.process.stderr());
  });

  it("over stdio, SIGTERM cancels a call that outlasts the grace period and still exits 0", async () => {
    const server = await startServeStdio({ baseUrl: upstream.url, specArgs: [spec], extraArgs: ["--shutdown-grace-ms", "300"] });
    server.process.child.stdin!.write(`${call(6, 20_000)}\n`);
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    server.process.child.kill("SIGTERM");
    assert.equal(await server.process.exited, 0, server.process.stderr());
    assert.ok(performance.now() - started < 5_000);
    assert.match(server.process.stderr(), /stopped \{"finished":0,"cancelled":1\}/);
  });
});
