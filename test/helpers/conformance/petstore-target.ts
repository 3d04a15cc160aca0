/**
 * What both conformance suites (0.1.x and the 0.2.x prerelease) test: the petstore upstream and
 * `openapi-mcp serve --transport http` on the bundled example, as real processes on 127.0.0.1,
 * started before a suite's tests and stopped after it, with a scratch folder for the suite's
 * results. Call inside a `describe`.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { startServeHttp, startUpstreamProcess, stopAllProcesses, type HttpServeProcess, type UpstreamProcess } from "../start-processes.js";

/** The running target, readable once the suite's `before` hook has run. */
export interface ConformanceTarget {
  readonly server: HttpServeProcess;
  /** A fresh folder for the suite's results, removed after the suite. */
  readonly outRoot: string;
}

/**
 * Registers the hooks that start and stop the target. `suite` is the conformance suite's entry
 * (its absence fails the suite with `installHint`); `tmpPrefix` names the scratch folder.
 */
export function useConformanceTarget(suite: string, installHint: string, tmpPrefix: string): ConformanceTarget {
  let upstream: UpstreamProcess | undefined;
  let server: HttpServeProcess | undefined;
  let outRoot: string | undefined;

  before(async () => {
    assert.ok(existsSync(suite), `${suite} is missing: run npm install (${installHint})`);
    outRoot = await mkdtemp(join(tmpdir(), tmpPrefix));
    upstream = await startUpstreamProcess();
    server = await startServeHttp({
      baseUrl: upstream.url,
      env: { OPENAPI_MCP_AUTH_API_KEY: "conformance-key", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "conformance-token" },
    });
    assert.equal(server.tools, 6);
  }, { timeout: 60_000 });

  after(async () => {
    await server?.stop();
    await upstream?.stop();
    await stopAllProcesses();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  }, { timeout: 30_000 });

  return {
    get server() {
      assert.ok(server, "the conformance target is not started");
      return server;
    },
    get outRoot() {
      assert.ok(outRoot, "the conformance target is not started");
      return outRoot;
    },
  };
}
