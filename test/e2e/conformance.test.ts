/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against
 * `openapi-mcp serve --transport http` on the bundled petstore example, both running as real
 * processes on 127.0.0.1. Only the scenarios any server must pass are run (the others expect the
 * suite's own fixture tools). Every check of every scenario must be SUCCESS.
 *
 * The suite needs Node 22's `fs.globSync`; on Node 20 it is loaded through this repository's loader
 * (test/helpers/conformance/node20-loader.mjs), so a clone needs nothing beside it.
 */
import { readChecks } from "../helpers/conformance/read-checks.js";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useConformanceTarget } from "../helpers/conformance/petstore-target.js";
import { repoPath, runProcess } from "../helpers/start-processes.js";

/** Lets the suite load on Node 20 (see the file). */
const NODE20_LOADER = repoPath("test/helpers/conformance/node20-loader.mjs");
const CONFORMANCE = repoPath("node_modules/@modelcontextprotocol/conformance/dist/index.js");
const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"] as const;

describe("MCP conformance suite against serve --transport http", () => {
  const target = useConformanceTarget(CONFORMANCE, "it is a pinned devDependency", "openapi-mcp-conformance-");

  for (const scenario of SCENARIOS) {
    it(`scenario ${scenario}: exit 0 and every check SUCCESS`, { timeout: 60_000 }, async () => {
      const outDir = join(target.outRoot, scenario);
      const run = await runProcess(
        process.execPath,
        ["--import", NODE20_LOADER, CONFORMANCE, "server", "--url", target.server.url, "--scenario", scenario, "-o", outDir],
        { timeoutMs: 50_000, env: { NO_COLOR: "1", FORCE_COLOR: "0" } },
      );
      const output = `--- conformance stdout:\n${run.stdout}\n--- conformance stderr:\n${run.stderr}\n--- serve stderr:\n${target.server.process.stderr()}`;
      assert.equal(run.timedOut, false, `conformance ${scenario} timed out\n${output}`);
      const checks = existsSync(outDir) ? await readChecks(outDir, scenario) : [];
      const failed = checks.filter((c) => c.status !== "SUCCESS");
      assert.equal(
        run.code,
        0,
        `conformance ${scenario} exited ${run.code}; checks not SUCCESS: ${JSON.stringify(failed, null, 2)}\n${output}`,
      );
      assert.ok(checks.length > 0, `conformance ${scenario} recorded no checks\n${output}`);
      assert.deepEqual(failed, [], `conformance ${scenario}: ${failed.length} of ${checks.length} checks did not pass:\n${JSON.stringify(failed, null, 2)}`);
    });
  }
});
