import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_UPSTREAM_LIMITS, upstreamLimitsFromEnv } from "../../../../src/runtime/upstream/upstream-limits.js";

describe("upstreamLimitsFromEnv", () => {
  test("defaults when nothing is set", () => {
    assert.deepEqual(upstreamLimitsFromEnv({}), DEFAULT_UPSTREAM_LIMITS);
    assert.equal(DEFAULT_UPSTREAM_LIMITS.maxContentEncodings, 5);
    assert.equal(DEFAULT_UPSTREAM_LIMITS.headersTimeoutMs, 15_000);
  });

  test("every variable is read", () => {
    const limits = upstreamLimitsFromEnv({
      OPENAPI_MCP_MAX_RESPONSE_BYTES: "2048",
      OPENAPI_MCP_MAX_CONTENT_ENCODINGS: "2",
      OPENAPI_MCP_HEADERS_TIMEOUT_MS: "0",
      OPENAPI_MCP_RETRY_BUDGET_RATIO: "0.25",
      OPENAPI_MCP_RETRY_BUDGET_MIN: "3",
    });
    assert.deepEqual(limits, { maxResponseBytes: 2048, maxContentEncodings: 2, headersTimeoutMs: 0, retryBudget: { ratio: 0.25, minRetries: 3, windowMs: 10_000 } });
  });

  test("an invalid value keeps the default and is reported with its variable", () => {
    const problems: string[] = [];
    const limits = upstreamLimitsFromEnv(
      { OPENAPI_MCP_MAX_RESPONSE_BYTES: "lots", OPENAPI_MCP_MAX_CONTENT_ENCODINGS: "-1", OPENAPI_MCP_RETRY_BUDGET_MIN: "1.5" },
      (variable, message) => problems.push(`${variable}: ${message}`),
    );
    assert.equal(limits.maxResponseBytes, DEFAULT_UPSTREAM_LIMITS.maxResponseBytes);
    assert.equal(limits.maxContentEncodings, 5);
    assert.equal(limits.retryBudget.minRetries, 10);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /^OPENAPI_MCP_MAX_RESPONSE_BYTES: .*got "lots"; using the default 10485760$/);
  });
});
