import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CONCURRENT_PER_CALLER, resolveOps } from "../../../../src/runtime/core/ops-settings.js";
import { parseServeSettings, ServeConfigError } from "../../../../src/runtime/core/serve-settings.js";

const TOOLS = ["get_pet", "create_issue"];

describe("operations settings", () => {
  it("nothing configured: everything off", () => {
    assert.deepEqual(resolveOps(undefined, parseServeSettings([]).ops, {}, TOOLS), { readOnly: false });
  });
  it("the curation file's serve: section, with Redis from the environment", () => {
    const ops = resolveOps(
      { rateLimit: { perCaller: "120/min", perTool: { create_issue: "10/min" } }, audit: { enabled: true, file: "/tmp/a.log" }, metrics: { enabled: true, port: 9464 } },
      undefined,
      { OPENAPI_MCP_REDIS_URL: "redis://127.0.0.1:6390" },
      TOOLS,
    );
    assert.equal(ops.rateLimit?.perCaller?.text, "120/min");
    assert.equal(ops.rateLimit?.perTool.get("create_issue")?.count, 10);
    assert.equal(ops.rateLimit?.concurrentPerCaller, DEFAULT_CONCURRENT_PER_CALLER);
    assert.equal(ops.rateLimit?.redisUrl, "redis://127.0.0.1:6390");
    assert.deepEqual(ops.audit, { file: "/tmp/a.log", arguments: false });
    assert.deepEqual(ops.metrics, { port: 9464 });
  });
  it("flags beat the file", () => {
    const flags = parseServeSettings(["--rate-limit", "5/s", "--rate-limit-tool", "create_issue=1/h", "--max-concurrent-calls-per-caller", "3", "--audit-arguments", "--audit", "--metrics-port", "0", "--read-only"]).ops;
    const ops = resolveOps({ rateLimit: { perCaller: "120/min", perTool: { create_issue: "10/min" }, concurrentPerCaller: 8 }, audit: { enabled: false }, metrics: { enabled: false } }, flags, {}, TOOLS);
    assert.equal(ops.readOnly, true);
    assert.equal(ops.rateLimit?.perCaller?.text, "5/s");
    assert.equal(ops.rateLimit?.perTool.get("create_issue")?.text, "1/h");
    assert.equal(ops.rateLimit?.concurrentPerCaller, 3);
    assert.deepEqual(ops.audit, { arguments: true });
    assert.deepEqual(ops.metrics, { port: 0 });
  });
  it("a per-tool limit for a tool the server does not have is an error naming it", () => {
    assert.throws(() => resolveOps({ rateLimit: { perTool: { create_isue: "1/min" } } }, undefined, {}, TOOLS), /"create_isue", which is not a tool of this server.*create_issue/);
  });
  it("bad flags name themselves", () => {
    assert.throws(() => parseServeSettings(["--rate-limit", "lots"]), (e: Error) => e instanceof ServeConfigError && /--rate-limit must be a rate such as 120\/min/.test(e.message));
    assert.throws(() => parseServeSettings(["--rate-limit-tool", "10/min"]), /--rate-limit-tool must be TOOL=RATE/);
    assert.throws(() => parseServeSettings(["--metrics-port", "70000"]), /--metrics-port must be a whole number from 0 to 65535/);
  });
});
