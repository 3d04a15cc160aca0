import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summarizeResults, workerRunToResult } from "../../../bench/corpus/summarize.js";
import type { IndexRow, SpecResult, WorkerReport } from "../../../bench/corpus/types.js";
import type { WorkerRun } from "../../../bench/spawn-worker.js";

const row: IndexRow = { path: "vendors/x/api.json", group: "vendors/x", specVersion: "openapi 3.0.0", bytes: 10, operations: 3, webhookOperations: 0 };

function report(extra: Partial<WorkerReport> = {}): WorkerReport {
  return {
    outcome: "ok",
    tools: 3,
    invalidTools: [],
    warnings: 0,
    skippedOperations: 0,
    skippedSample: [],
    ms: { load: 10, ir: 20, tools: 1, total: 31 },
    pipelinePeakRssMb: 90,
    peakRssMb: 100,
    payloadBytes: 1000,
    tokens: 250,
    ...extra,
  };
}

function run(extra: Partial<WorkerRun> = {}): WorkerRun {
  return { stdout: "", stderr: "", code: 0, signal: null, timedOut: false, wallMs: 1200, ...extra };
}

describe("workerRunToResult", () => {
  const cases: Array<[string, { given: WorkerRun; want: Partial<SpecResult> }]> = [
    ["a report is taken as is", { given: run({ stdout: `noise\n${JSON.stringify(report())}\n` }), want: { outcome: "ok" } }],
    [
      "a clear error keeps its line",
      { given: run({ stdout: JSON.stringify(report({ outcome: "clear_error", tools: 0, error: "a.json #/paths: the spec has no operations" })) }), want: { outcome: "clear_error", error: "a.json #/paths: the spec has no operations" } },
    ],
    ["a report beats a late kill", { given: run({ stdout: JSON.stringify(report()), timedOut: true, code: null, signal: "SIGKILL" }), want: { outcome: "ok" } }],
    ["killed without a report is a timeout", { given: run({ timedOut: true, code: null, signal: "SIGKILL" }), want: { outcome: "timeout", error: "no report within 500 ms; killed during start-up" } }],
    [
      "a timeout names the last phase the worker marked, and keeps the figures sent before the checks",
      {
        given: run({ timedOut: true, code: null, signal: "SIGKILL", stderr: "@phase load\n@phase check {\"tools\":9}\n@phase check 2/9 #/paths/~1a/get\n" }),
        want: { outcome: "timeout", error: "no report within 500 ms; killed during check 2/9 #/paths/~1a/get", partial: { tools: 9 } as SpecResult["partial"] },
      },
    ],
    [
      "dying without a report is a crash with stderr's first lines",
      {
        given: run({ code: 134, stderr: "@phase ir {}\n<--- Last few GCs --->\nFATAL ERROR: heap out of memory\n" }),
        want: { outcome: "crash", error: "worker died (exit code 134) without a report: <--- Last few GCs --->", stack: "<--- Last few GCs --->\nFATAL ERROR: heap out of memory" },
      },
    ],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      const result = workerRunToResult(row, row.path, given, 500);
      assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, result[k as keyof SpecResult]])), want);
      assert.equal(result.wallMs, 1200);
      assert.equal(result.realWorld, true);
    });
  }
});

describe("summarizeResults", () => {
  const result = (spec: string, group: string, outcome: SpecResult["outcome"], extra: Partial<SpecResult> = {}): SpecResult => ({
    spec,
    group,
    realWorld: !group.startsWith("edgecases") && group !== "negative",
    indexOperations: 3,
    outcome,
    wallMs: 1000,
    ...extra,
  });
  const results = [
    result("a", "apisguru", "ok", { report: report(), wallMs: 3000 }),
    result("b", "vendors/x", "invalid_tools", { report: report({ outcome: "invalid_tools", invalidTools: [{ name: "t", pointer: "#/paths/~1t/get", problems: ["no description"] }] }) }),
    result("c", "vendors/x", "clear_error", { indexOperations: 0, report: report({ outcome: "clear_error", tools: 0 }) }),
    result("d", "edgecases/readme", "crash", { wallMs: 5000 }),
    result("e", "negative", "clear_error"),
  ];
  const summary = summarizeResults(results);

  it("counts outcomes overall, per family and for real-world specs", () => {
    assert.deepEqual(summary.byOutcome, { ok: 1, invalid_tools: 1, clear_error: 2, crash: 1, timeout: 0 });
    assert.deepEqual(summary.byFamily.vendors, { ok: 0, invalid_tools: 1, clear_error: 1, crash: 0, timeout: 0 });
    assert.deepEqual(summary.realWorld.byOutcome, { ok: 1, invalid_tools: 1, clear_error: 1, crash: 0, timeout: 0 });
  });
  it("gives the real-world fully-valid share, also over specs that have operations", () => {
    assert.equal(summary.realWorld.specs, 3);
    assert.equal(summary.realWorld.fullyValidPct, 33.3);
    assert.equal(summary.realWorld.withOperations, 2);
    assert.equal(summary.realWorld.fullyValidPctOfWithOperations, 50);
  });
  it("totals tools and invalid tools, and sorts the slowest first", () => {
    assert.equal(summary.tools, 6);
    assert.equal(summary.invalidTools, 1);
    assert.deepEqual(summary.slowest.slice(0, 2).map((c) => c.spec), ["d", "a"]);
  });
});
