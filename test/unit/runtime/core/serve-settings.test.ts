/**
 * Limits as configuration: flag > environment variable > default, bad values named by their
 * source, the README's "Limits" table in step with the code, and what counts as loopback.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isLoopbackHost, LIMITS, parseServeSettings, resolveLimits, ServeConfigError } from "../../../../src/runtime/core/serve-settings.js";

describe("serve settings: limits", () => {
  it("takes the flag over the variable over the default", () => {
    const settings = parseServeSettings(["--max-connections", "7"]);
    const limits = resolveLimits(settings.limits, { OPENAPI_MCP_MAX_CONNECTIONS: "9", OPENAPI_MCP_MAX_CONCURRENT_CALLS: "3" });
    assert.equal(limits.maxConnections, 7);
    assert.equal(limits.maxConcurrentCalls, 3);
    assert.equal(limits.httpHeadersTimeoutMs, 10_000);
    assert.equal(limits.maxResponseBytes, 10 * 1024 * 1024);
  });

  it("every limit is one row, set by its flag or its variable, with one reader for both", () => {
    for (const limit of LIMITS) {
      const value = limit.min + 7;
      assert.equal(resolveLimits(parseServeSettings([`--${limit.flag}`, String(value)]).limits, {})[limit.key], value, `--${limit.flag}`);
      assert.equal(resolveLimits({}, { [limit.env]: ` ${value} ` })[limit.key], value, limit.env);
      assert.equal(resolveLimits({}, { [limit.env]: "" })[limit.key], limit.default, `${limit.env} empty`);
      assert.equal(limit.env, `OPENAPI_MCP_${limit.flag.toUpperCase().replace(/-/g, "_")}`, "the variable is the flag's name");
    }
    assert.equal(new Set(LIMITS.map((limit) => limit.key)).size, LIMITS.length);
  });

  it("refuses a variable that was renamed, naming its successor", () => {
    assert.throws(() => resolveLimits({}, { OPENAPI_MCP_RETRY_BUDGET_RATIO: "0.1" }), /OPENAPI_MCP_RETRY_BUDGET_RATIO is no longer read: set OPENAPI_MCP_RETRY_BUDGET_PERCENT \(a whole percentage: 0\.1 is 10\) instead/);
    assert.throws(() => resolveLimits({}, { OPENAPI_MCP_HEADERS_TIMEOUT_MS: "100" }), /set OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS instead/);
  });

  const bad: Array<[string, { run: () => unknown; want: RegExp }]> = [
    ["a flag that is not a number", { run: () => parseServeSettings(["--max-connections", "lots"]), want: /--max-connections must be a whole number of at least 1, got "lots"; leave it unset for the default \(256\)/ }],
    ["a flag below its minimum", { run: () => parseServeSettings(["--max-concurrent-calls", "0"]), want: /--max-concurrent-calls must be/ }],
    ["a variable with a unit", { run: () => resolveLimits({}, { OPENAPI_MCP_MAX_MESSAGE_BYTES: "4MB" }), want: /OPENAPI_MCP_MAX_MESSAGE_BYTES must be a whole number of bytes/ }],
    ["a negative variable", { run: () => resolveLimits({}, { OPENAPI_MCP_SHUTDOWN_GRACE_MS: "-1" }), want: /OPENAPI_MCP_SHUTDOWN_GRACE_MS/ }],
    ["a fraction where a percentage goes", { run: () => parseServeSettings(["--retry-budget-percent", "0.1"]), want: /--retry-budget-percent must be a whole percentage of at least 0, got "0\.1"/ }],
    ["an input limit of 0", { run: () => resolveLimits({}, { OPENAPI_MCP_MAX_ARGUMENT_DEPTH: "0" }), want: /OPENAPI_MCP_MAX_ARGUMENT_DEPTH must be a whole number of at least 1, got "0"/ }],
  ];
  for (const [name, { run, want }] of bad) {
    it(`refuses ${name}, naming it`, () => {
      assert.throws(run, (error: unknown) => error instanceof ServeConfigError && want.test(error.message));
    });
  }

  it("is documented row by row in the README's Limits table, defaults included", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Limits"), readme.indexOf("\n## ", readme.indexOf("## Limits") + 3));
    const rows = table.split("\n").filter((line) => line.startsWith("| ") && line.includes("`--"));
    assert.equal(rows.length, LIMITS.length, "one README row per limit");
    for (const limit of LIMITS) {
      const row = rows.find((line) => line.includes(`\`--${limit.flag}\``));
      assert.ok(row, `README row for --${limit.flag}`);
      assert.ok(row.includes(`\`${limit.env}\``), `README row for --${limit.flag} names ${limit.env}`);
      const shown = /\| ([\d.]+) (MiB|s) \|/.exec(row) ?? /\| (\d+) \|/.exec(row);
      assert.ok(shown, `README row for --${limit.flag} shows its default`);
      const factor = shown[2] === "MiB" ? 1024 * 1024 : shown[2] === "s" ? 1000 : 1;
      assert.equal(Number(shown[1]) * factor, limit.default, `README default of --${limit.flag}`);
    }
  });
});

describe("serve settings: loopback hosts", () => {
  const cases: Array<[string, boolean]> = [
    ["127.0.0.1", true], ["127.8.9.10", true], ["localhost", true], ["LOCALHOST", true], ["::1", true], ["[::1]", true],
    ["0:0:0:0:0:0:0:1", true], ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false], ["::", false], ["192.168.1.5", false], ["10.0.0.1", false], ["example.com", false], ["localhost.example.com", false], ["128.0.0.1", false],
  ];
  for (const [host, want] of cases) {
    it(`${host} is ${want ? "" : "not "}loopback`, () => assert.equal(isLoopbackHost(host), want));
  }
});
