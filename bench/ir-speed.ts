/**
 * IR speed: GitHub's REST spec (`@octokit/openapi`, ~13 MB, ~1,200 operations) through load →
 * buildIr → every MCP tool, in a fresh process per run, 5 runs; then the biggest corpus specs
 * once each. The child (`corpus/run-one.ts`) times the pipeline in-process, so tsx's start-up is
 * not counted there; the process wall time is reported beside it. Targets: total < 3 s, peak < 400 MB.
 *
 *   npm run bench:ir -- [--runs 5] [--corpus ../shared/corpus] [--out bench/results/ir-speed.json]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { WorkerReport } from "./corpus/types.js";
import { gitRevision, loadAverages } from "./git-revision.js";
import { lastJsonLine, runWorker } from "./spawn-worker.js";
import { spreadOf, type Spread } from "./stats.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORKER = "bench/corpus/run-one.ts";
const GITHUB = "node_modules/@octokit/openapi/generated/api.github.com.json";
/** The biggest corpus specs the brief names (paths inside the corpus directory). */
const CORPUS_SPECS = [
  "vendors/stripe/spec3-2022-04-12.json",
  "vendors/stripe/spec3-2023-09-12.yaml",
  "apisguru/autotask.net_v1.json",
  "apisguru/amazonaws.com_ec2_2016-11-15.json",
];
const TARGET_TOTAL_MS = 3000;
const TARGET_PEAK_MB = 400;
const TIMEOUT_MS = 180_000;

/** The figures of one run. */
export interface RunFigures {
  outcome: string;
  error?: string;
  loadMs: number;
  irMs: number;
  toolsMs: number;
  /** In-process load + IR + MCP tools. */
  totalMs: number;
  /** The `toolProblems` checks of every tool (not part of the pipeline). */
  checkMs: number;
  /** Spawn to exit, including node and tsx start-up and the checks. */
  wallMs: number;
  tools: number;
  invalidTools: number;
  /** maxRSS right after the pipeline. */
  pipelinePeakRssMb: number;
  /** maxRSS at the end, after the `toolProblems` checks and the payload size. */
  peakRssMb: number;
  payloadMb: number;
  tokens: number;
}

/** Runs the pipeline on one spec in a fresh process. */
export async function measureInChild(spec: string): Promise<RunFigures> {
  const run = await runWorker(["--import", "tsx"], [WORKER, spec], { cwd: ROOT, timeoutMs: TIMEOUT_MS });
  const report = lastJsonLine<WorkerReport>(run.stdout);
  if (!report) {
    const why = run.timedOut ? `timed out after ${TIMEOUT_MS} ms` : `died (${run.signal ?? `exit ${run.code}`}): ${run.stderr.split("\n")[0]}`;
    throw new Error(`${spec}: worker ${why}`);
  }
  return {
    outcome: report.outcome,
    ...(report.error === undefined ? {} : { error: report.error }),
    loadMs: report.ms.load ?? 0,
    irMs: report.ms.ir ?? 0,
    toolsMs: report.ms.tools ?? 0,
    totalMs: report.ms.total ?? 0,
    checkMs: report.ms.check ?? 0,
    wallMs: run.wallMs,
    tools: report.tools,
    invalidTools: report.invalidTools.length,
    pipelinePeakRssMb: report.pipelinePeakRssMb,
    peakRssMb: report.peakRssMb,
    payloadMb: Math.round((report.payloadBytes / 1024 / 1024) * 100) / 100,
    tokens: report.tokens,
  };
}

type Metric = Exclude<keyof RunFigures, "outcome" | "error">;

const METRICS: Array<[Metric, string, string?]> = [
  ["loadMs", "load ms"],
  ["irMs", "IR ms"],
  ["toolsMs", "MCP tools ms"],
  ["totalMs", "total ms (in-process)", `target < ${TARGET_TOTAL_MS}`],
  ["checkMs", "toolProblems checks ms"],
  ["wallMs", "process wall ms (incl. checks)"],
  ["tools", "tools"],
  ["invalidTools", "invalid tools", "target 0"],
  ["pipelinePeakRssMb", "peak RSS MB (pipeline)", `target < ${TARGET_PEAK_MB}`],
  ["peakRssMb", "peak RSS MB (end, with checks)", `target < ${TARGET_PEAK_MB}`],
  ["payloadMb", "tools/list payload MB"],
  ["tokens", "estimated tokens"],
];

/** min / median / max of every metric over the runs. */
export function spreadsOf(runs: RunFigures[]): Record<Metric, Spread> {
  return Object.fromEntries(METRICS.map(([metric]) => [metric, spreadOf(runs.map((r) => r[metric]))])) as Record<Metric, Spread>;
}

function formatSpreads(spreads: Record<Metric, Spread>): string {
  const pass = (metric: Metric, s: Spread): string => {
    if (metric === "totalMs") return s.median < TARGET_TOTAL_MS ? "  ok" : "  MISSED";
    if (metric === "pipelinePeakRssMb" || metric === "peakRssMb") return s.median < TARGET_PEAK_MB ? "  ok" : "  MISSED";
    if (metric === "invalidTools") return s.max === 0 ? "  ok" : "  MISSED";
    return "";
  };
  const lines = [`  ${"".padEnd(32)} ${"min".padStart(10)} ${"median".padStart(10)} ${"max".padStart(10)}`];
  for (const [metric, label, target] of METRICS) {
    const s = spreads[metric];
    const cells = [s.min, s.median, s.max].map((v) => fmt(v).padStart(10)).join(" ");
    lines.push(`  ${label.padEnd(32)} ${cells}${target ? `   (${target})${pass(metric, s)}` : ""}`);
  }
  return lines.join("\n");
}

function formatOnce(spec: string, f: RunFigures): string {
  const flag = (ok: boolean): string => (ok ? "ok" : "MISSED");
  return [
    `${spec}: ${f.outcome}${f.error ? ` (${f.error})` : ""}`,
    `  load ${fmt(f.loadMs)} ms, IR ${fmt(f.irMs)} ms, tools ${fmt(f.toolsMs)} ms, total ${fmt(f.totalMs)} ms [< ${TARGET_TOTAL_MS}: ${flag(f.totalMs < TARGET_TOTAL_MS)}]; checks ${fmt(f.checkMs)} ms, wall ${fmt(f.wallMs)} ms`,
    `  ${f.tools} tools, ${f.invalidTools} invalid; peak ${fmt(f.pipelinePeakRssMb)} MB pipeline / ${fmt(f.peakRssMb)} MB end [< ${TARGET_PEAK_MB}: ${flag(f.peakRssMb < TARGET_PEAK_MB)}]; payload ${fmt(f.payloadMb)} MB, ~${fmt(f.tokens)} tokens`,
  ].join("\n");
}

function fmt(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function parseArgs(argv: string[]): { runs: number; corpus: string; out: string } {
  const options = { runs: 5, corpus: "../shared/corpus", out: "bench/results/ir-speed.json" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--runs") options.runs = Math.max(1, Number.parseInt(value, 10) || 5);
    else if (flag === "--corpus") options.corpus = value;
    else if (flag === "--out") options.out = value;
    else throw new Error(`unknown option ${flag} (known: --runs, --corpus, --out)`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const revision = gitRevision(ROOT);
  const loadBefore = loadAverages();
  console.log(`commit ${revision.commit}${revision.srcDirty ? " (src/ has uncommitted changes)" : ""}, node ${process.version}, load average ${loadBefore.join(" ")}`);
  const runs: RunFigures[] = [];
  for (let i = 0; i < options.runs; i++) {
    const figures = await measureInChild(GITHUB);
    process.stderr.write(`github run ${i + 1}/${options.runs}: total ${fmt(figures.totalMs)} ms, wall ${fmt(figures.wallMs)} ms, peak ${fmt(figures.peakRssMb)} MB\n`);
    runs.push(figures);
  }
  const spreads = spreadsOf(runs);
  console.log(`GitHub REST (${GITHUB}), ${options.runs} fresh processes:`);
  console.log(formatSpreads(spreads));

  const corpus: Array<{ spec: string; figures: RunFigures }> = [];
  console.log("\nBiggest corpus specs, once each:");
  for (const spec of CORPUS_SPECS) {
    const file = relative(ROOT, join(resolve(ROOT, options.corpus), spec));
    const figures = await measureInChild(file);
    corpus.push({ spec, figures });
    console.log(formatOnce(spec, figures));
  }

  const out = resolve(ROOT, options.out);
  await mkdir(dirname(out), { recursive: true });
  const targets = { totalMs: TARGET_TOTAL_MS, peakRssMb: TARGET_PEAK_MB };
  await writeFile(out, `${JSON.stringify({ startedAt: new Date().toISOString(), ...revision, node: process.version, loadAverage: { before: loadBefore, after: loadAverages() }, targets, github: { spec: GITHUB, runs, spreads }, corpus }, null, 2)}\n`);
  console.log(`\nwrote ${relative(process.cwd(), out)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`ir-speed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
