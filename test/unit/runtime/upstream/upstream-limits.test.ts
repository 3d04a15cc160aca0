import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LIMITS, resolveLimits, ServeConfigError } from "../../../../src/runtime/core/serve-settings.js";
import { DEFAULT_MAX_CONTENT_ENCODINGS } from "../../../../src/runtime/upstream/read-body.js";
import { DEFAULT_RETRY_BUDGET } from "../../../../src/runtime/upstream/retry-policy.js";
import { UPSTREAM_LIMIT_SETTINGS, upstreamSendLimits } from "../../../../src/runtime/upstream/upstream-limits.js";

describe("upstream limits from the one limits table", () => {
  test("the table's defaults are the ones sendRequest falls back to without options", () => {
    const sent = upstreamSendLimits(resolveLimits({}, {}));
    assert.equal(sent.maxContentEncodings, DEFAULT_MAX_CONTENT_ENCODINGS);
    assert.equal(sent.headersTimeoutMs, 15_000);
    assert.deepEqual(sent.retryBudget.settings, DEFAULT_RETRY_BUDGET);
  });

  test("every variable is read; the retry budget's percentage becomes the budget's ratio", () => {
    const sent = upstreamSendLimits(resolveLimits({}, {
      OPENAPI_MCP_MAX_CONTENT_ENCODINGS: "0",
      OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS: "0",
      OPENAPI_MCP_RETRY_BUDGET_PERCENT: "25",
      OPENAPI_MCP_RETRY_BUDGET_MIN: "3",
    }));
    assert.equal(sent.maxContentEncodings, 0);
    assert.equal(sent.headersTimeoutMs, 0);
    assert.deepEqual(sent.retryBudget.settings, { ratio: 0.25, minRetries: 3, windowMs: 10_000 });
    assert.match(sent.retryBudget.describe(), /25% of calls \(at least 3\)/);
  });

  test("flags beat variables for the upstream limits too", () => {
    const sent = upstreamSendLimits(resolveLimits({ retryBudgetPercent: 50, maxContentEncodings: 1 }, { OPENAPI_MCP_RETRY_BUDGET_PERCENT: "5", OPENAPI_MCP_MAX_CONTENT_ENCODINGS: "3" }));
    assert.equal(sent.retryBudget.settings.ratio, 0.5);
    assert.equal(sent.maxContentEncodings, 1);
  });

  test("a bad value stops the start, naming the variable (no silent default)", () => {
    for (const [variable, bad] of [["OPENAPI_MCP_MAX_RESPONSE_BYTES", "lots"], ["OPENAPI_MCP_MAX_CONTENT_ENCODINGS", "-1"], ["OPENAPI_MCP_RETRY_BUDGET_MIN", "1.5"], ["OPENAPI_MCP_RETRY_BUDGET_PERCENT", "0.1"]] as const) {
      assert.throws(() => resolveLimits({}, { [variable]: bad }), (error: unknown) => error instanceof ServeConfigError && error.message.startsWith(`${variable} must be`) && error.message.includes(`got "${bad}"`), variable);
    }
    assert.throws(() => resolveLimits({}, { OPENAPI_MCP_RETRY_BUDGET_PERCENT: "0.1" }), /must be a whole percentage of at least 0/);
  });

  test("each setting named in a limit message is a variable of the table", () => {
    const variables = new Set(LIMITS.map((limit) => limit.env));
    for (const variable of Object.values(UPSTREAM_LIMIT_SETTINGS)) assert.ok(variables.has(variable), variable);
  });
});
