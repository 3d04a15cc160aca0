/**
 * Client profiles over the whole real-world corpus (../shared/corpus/index.tsv, the rows
 * `isRealWorld` keeps): per client, how many specs and tools, how many tools the profile reshaped,
 * constraints moved into descriptions, and tools the vendor's checker still refuses (the goal: none).
 * One worker process per spec (bench/profiles/profile-one.ts), so a hang or crash stays contained.
 *
 *   node --import tsx bench/profiles/run-profiles.ts [--corpus DIR] [--limit N] [--timeout-ms N] [--json FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isRealWorld, parseIndexTsv } from "../corpus/index-tsv.js";
import { runWorker } from "../spawn-worker.js";
import type { ClientFigures, ProfileWorkerReport } from "./profile-one.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = resolve(option("--corpus") ?? "../shared/corpus");
const limit = Number(option("--limit") ?? Infinity);
const timeoutMs = Number(option("--timeout-ms") ?? 180_000);
const rows = parseIndexTsv(readFileSync(join(corpus, "index.tsv"), "utf8")).filter((row) => isRealWorld(row.group)).slice(0, limit);

const reports: ProfileWorkerReport[] = [];
const failedRuns: string[] = [];
const BATCH = 10;
let done = 0;

/** Runs `paths` in one worker; returns the paths it did not report on (crash or time-out). */
async function runBatch(paths: string[], timeout: number): Promise<{ left: string[]; why: string }> {
  const run = await runWorker(["--import", "tsx", "bench/profiles/profile-one.ts"], paths.map((p) => join(corpus, p)), { cwd: process.cwd(), timeoutMs: timeout });
  const seen = new Set<string>();
  for (const line of run.stdout.split("\n")) {
    if (line.trim() === "") continue;
    const report = JSON.parse(line) as ProfileWorkerReport;
    reports.push(report);
    seen.add(report.spec);
    done++;
    const fails = Object.values(report.clients ?? {}).reduce((sum, c) => sum + c.failures, 0);
    process.stderr.write(`[${done}/${rows.length}] ${report.spec}: ${report.tools} tools${report.error ? ` (not loaded: ${report.error.slice(0, 80)})` : ""}${fails > 0 ? `, ${fails} checker failures` : ""}\n`);
  }
  const left = paths.filter((p) => !seen.has(join(corpus, p)));
  return { left, why: run.timedOut ? "timed out" : `exit ${run.code ?? run.signal} ${run.stderr.slice(-200)}` };
}

for (let i = 0; i < rows.length; i += BATCH) {
  const batch = rows.slice(i, i + BATCH).map((row) => row.path);
  const { left } = await runBatch(batch, timeoutMs * batch.length);
  // A batch that died: the rest one by one, so one bad spec costs only itself.
  for (const path of left) {
    const again = await runBatch([path], timeoutMs);
    if (again.left.length > 0) {
      failedRuns.push(`${path}: ${again.why}`);
      process.stderr.write(`[${++done}/${rows.length}] ${path}: worker failed (${again.why.slice(0, 80)})\n`);
    }
  }
}

const loaded = reports.filter((r) => r.clients !== undefined);
const totals: Record<string, { specs: number; tools: number; transformed: number; renamed: number; notes: number; failures: number; overLimit: number; ms: number; samples: string[] }> = {};
for (const report of loaded) {
  for (const [client, f] of Object.entries(report.clients!) as [string, ClientFigures][]) {
    const t = (totals[client] ??= { specs: 0, tools: 0, transformed: 0, renamed: 0, notes: 0, failures: 0, overLimit: 0, ms: 0, samples: [] });
    t.specs++;
    t.tools += report.tools;
    t.transformed += f.transformed;
    t.renamed += f.renamed;
    t.notes += f.notes;
    t.failures += f.failures;
    t.overLimit += f.overLimit.length;
    t.ms += f.ms;
    if (t.samples.length < 10) t.samples.push(...f.failureSample.map((s) => `${report.spec}: ${s}`).slice(0, 10 - t.samples.length));
  }
}
const lines = [
  `corpus ${corpus}: ${rows.length} real-world specs, ${loaded.length} loaded, ${reports.length - loaded.length} not convertible, ${failedRuns.length} worker failures`,
  "client     specs  tools  transformed  renamed  notes  checker-failures  over-limit  profile-ms",
  ...Object.entries(totals).map(([client, t]) =>
    `${client.padEnd(10)} ${String(t.specs).padStart(5)} ${String(t.tools).padStart(6)} ${String(t.transformed).padStart(12)} ${String(t.renamed).padStart(8)} ${String(t.notes).padStart(6)} ${String(t.failures).padStart(17)} ${String(t.overLimit).padStart(11)} ${String(t.ms).padStart(11)}`),
  ...Object.entries(totals).flatMap(([client, t]) => t.samples.map((s) => `  ${client} failure: ${s}`)),
  ...failedRuns.map((f) => `  worker: ${f}`),
];
process.stdout.write(`${lines.join("\n")}\n`);
const json = option("--json");
if (json !== undefined) writeFileSync(json, JSON.stringify({ totals, reports, failedRuns }, null, 2));
