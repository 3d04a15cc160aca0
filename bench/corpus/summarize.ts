/**
 * Pure helpers of the corpus run: turn a worker process's end into a {@link SpecResult}, and many
 * results into the run's {@link CorpusSummary}.
 */
import type { WorkerRun } from "../spawn-worker.js";
import { lastJsonLine } from "../spawn-worker.js";
import { groupFamily, isRealWorld } from "./index-tsv.js";
import { PHASE_MARK, type IndexRow, type Outcome, type PipelineFigures, type SpecResult, type WorkerReport } from "./types.js";

export const OUTCOMES: readonly Outcome[] = ["ok", "invalid_tools", "clear_error", "crash", "timeout"];

const STDERR_LINES = 8;

/**
 * Classifies one worker run: its JSON report when it printed one; else killed at the limit →
 * `timeout`; else (died: uncaught error, out of memory, signal) → `crash` with stderr's first lines.
 */
export function workerRunToResult(row: IndexRow, spec: string, run: WorkerRun, timeoutMs: number): SpecResult {
  const base = { spec, group: row.group, realWorld: isRealWorld(row.group), indexOperations: row.operations, wallMs: run.wallMs };
  const report = lastJsonLine<WorkerReport>(run.stdout);
  if (report && typeof report.outcome === "string") {
    return {
      ...base,
      outcome: report.outcome,
      report,
      ...(report.error === undefined ? {} : { error: report.error }),
      ...(report.stack === undefined ? {} : { stack: report.stack }),
    };
  }
  const lines = run.stderr.split("\n");
  const marks = lines.filter((line) => line.startsWith(PHASE_MARK)).map((line) => line.slice(PHASE_MARK.length));
  if (run.timedOut) {
    const phase = marks.at(-1);
    const partial = partialFigures(marks);
    return {
      ...base,
      outcome: "timeout",
      error: `no report within ${timeoutMs} ms; killed during ${phase ?? "start-up"}`,
      ...(partial === undefined ? {} : { partial }),
    };
  }
  const stderr = lines.filter((line) => !line.startsWith(PHASE_MARK)).join("\n").trim();
  const firstLine = stderr.split("\n").find((line) => /\w/.test(line)) ?? "";
  const ended = run.signal ? `signal ${run.signal}` : `exit code ${run.code}`;
  return {
    ...base,
    outcome: "crash",
    error: `worker died (${ended}) without a report${firstLine ? `: ${firstLine.trim()}` : ""}`,
    ...(stderr ? { stack: stderr.split("\n").slice(0, STDERR_LINES).join("\n") } : {}),
  };
}

/** The figures sent with the `check` mark (`check {...}`), if the worker got that far. */
function partialFigures(marks: string[]): PipelineFigures | undefined {
  const check = marks.find((mark) => mark.startsWith("check {"));
  if (check === undefined) return undefined;
  try {
    return JSON.parse(check.slice("check ".length)) as PipelineFigures;
  } catch {
    return undefined;
  }
}

/** Counts per outcome, every outcome present (zero when none). */
export type OutcomeCounts = Record<Outcome, number>;

/** A spec's cost, for the slowest and heaviest lists. */
export interface SpecCost {
  spec: string;
  outcome: Outcome;
  wallMs: number;
  /** In-process load + IR + tools, when the worker got that far. */
  pipelineMs?: number;
  peakRssMb?: number;
}

/** The numbers a corpus run is judged by. */
export interface CorpusSummary {
  specs: number;
  byOutcome: OutcomeCounts;
  /** Per top folder (`apisguru`, `vendors`, `edgecases`, `negative`). */
  byFamily: Record<string, OutcomeCounts>;
  realWorld: {
    specs: number;
    byOutcome: OutcomeCounts;
    /** Real-world specs whose outcome is `ok`. */
    fullyValid: number;
    /** `fullyValid / specs`, in percent, one decimal. */
    fullyValidPct: number;
    /** Real-world specs with at least one operation under `paths` per the index (webhook-only specs cannot give tools). */
    withOperations: number;
    /** `fullyValid / withOperations`, in percent. */
    fullyValidPctOfWithOperations: number;
    /** Operations per the index, and tools produced, over real-world specs. */
    indexOperations: number;
    tools: number;
  };
  /** Tools produced, including those of workers killed while checking. */
  tools: number;
  /** Tools whose checks did not finish (the worker timed out while checking). */
  uncheckedTools: number;
  invalidTools: number;
  /** Operations the IR builder skipped with a warning, over all specs. */
  skippedOperations: number;
  /** The ten slowest specs by worker wall time. */
  slowest: SpecCost[];
  /** The five specs with the highest peak RSS. */
  heaviest: SpecCost[];
  /** The ten costliest single tools in tokens, over all specs. */
  largestTools: Array<{ spec: string; name: string; pointer: string; tokens: number }>;
}

/** Summarises a run. */
export function summarizeResults(results: SpecResult[]): CorpusSummary {
  const real = results.filter((r) => r.realWorld);
  const byFamily: Record<string, OutcomeCounts> = {};
  for (const r of results) {
    const counts = (byFamily[groupFamily(r.group)] ??= zeroCounts());
    counts[r.outcome] += 1;
  }
  const realCounts = countOutcomes(real);
  const withOperations = real.filter((r) => r.indexOperations > 0).length;
  const costs = results.map(specCost);
  return {
    specs: results.length,
    byOutcome: countOutcomes(results),
    byFamily,
    realWorld: {
      specs: real.length,
      byOutcome: realCounts,
      fullyValid: realCounts.ok,
      fullyValidPct: percent(realCounts.ok, real.length),
      withOperations,
      fullyValidPctOfWithOperations: percent(realCounts.ok, withOperations),
      indexOperations: sum(real.map((r) => r.indexOperations)),
      tools: sum(real.map((r) => pipelineFigures(r)?.tools ?? 0)),
    },
    tools: sum(results.map((r) => pipelineFigures(r)?.tools ?? 0)),
    uncheckedTools: sum(results.map((r) => (r.report ? 0 : (r.partial?.tools ?? 0)))),
    invalidTools: sum(results.map((r) => r.report?.invalidTools.length ?? 0)),
    skippedOperations: sum(results.map((r) => r.report?.skippedOperations ?? 0)),
    slowest: [...costs].sort((a, b) => b.wallMs - a.wallMs).slice(0, 10),
    heaviest: costs.filter((c) => c.peakRssMb !== undefined).sort((a, b) => b.peakRssMb! - a.peakRssMb!).slice(0, 5),
    largestTools: results
      .flatMap((r) => {
        const largest = pipelineFigures(r)?.largestTool;
        return largest ? [{ spec: r.spec, ...largest }] : [];
      })
      .sort((a, b) => b.tokens - a.tokens)
      .slice(0, 10),
  };
}

/** The pipeline's figures: from the report, or sent before the checks by a worker that then timed out. */
export function pipelineFigures(r: SpecResult): PipelineFigures | undefined {
  return r.report ?? r.partial;
}

function specCost(r: SpecResult): SpecCost {
  const figures = pipelineFigures(r);
  const total = figures?.ms.total;
  const peak = r.report?.peakRssMb ?? r.partial?.pipelinePeakRssMb;
  return {
    spec: r.spec,
    outcome: r.outcome,
    wallMs: r.wallMs,
    ...(total === undefined ? {} : { pipelineMs: total }),
    ...(peak === undefined ? {} : { peakRssMb: peak }),
  };
}

function zeroCounts(): OutcomeCounts {
  return { ok: 0, invalid_tools: 0, clear_error: 0, crash: 0, timeout: 0 };
}

function countOutcomes(results: SpecResult[]): OutcomeCounts {
  const counts = zeroCounts();
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
