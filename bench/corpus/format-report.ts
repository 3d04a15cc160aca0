/**
 * Text for the corpus run: the per-spec table, the summary, and the details of every spec that is
 * not `ok`. Pure: results in, strings out.
 */
import { pipelineFigures, type CorpusSummary, type OutcomeCounts, type SpecCost } from "./summarize.js";
import type { SpecResult } from "./types.js";

const ERROR_EXCERPT = 110;

/** One row per spec: spec, group, outcome, tools, invalid, seconds, peak MB, error excerpt. */
export function formatResultsTable(results: SpecResult[]): string {
  const rows = results.map((r) => {
    const figures = pipelineFigures(r);
    const peak = r.report?.peakRssMb ?? r.partial?.pipelinePeakRssMb;
    return [
      r.spec,
      r.group,
      r.outcome,
      figures ? String(figures.tools) : "-",
      r.report ? String(r.report.invalidTools.length) : "-",
      figures?.ms.total === undefined ? "-" : (figures.ms.total / 1000).toFixed(2),
      (r.wallMs / 1000).toFixed(2),
      peak === undefined ? "-" : peak.toFixed(0),
      excerpt(r.error ?? "", ERROR_EXCERPT),
    ];
  });
  return formatColumns(["SPEC", "GROUP", "OUTCOME", "TOOLS", "INVALID", "PIPE S", "WALL S", "PEAK MB", "ERROR"], rows);
}

/** The summary block. */
export function formatSummary(s: CorpusSummary): string {
  const rw = s.realWorld;
  const lines = [
    `specs: ${s.specs}  ${formatCounts(s.byOutcome)}`,
    ...Object.entries(s.byFamily).map(([family, counts]) => `  ${family.padEnd(10)} ${formatCounts(counts)}`),
    `real-world specs (all groups but edgecases/* and negative): ${rw.specs}  ${formatCounts(rw.byOutcome)}`,
    `  fully valid tool list: ${rw.fullyValid}/${rw.specs} = ${rw.fullyValidPct}%` +
      `  (of the ${rw.withOperations} with operations under paths: ${rw.fullyValidPctOfWithOperations}%)`,
    `  tools: ${rw.tools} for ${rw.indexOperations} operations in the index`,
    `tools: ${s.tools} (unchecked, worker killed while checking: ${s.uncheckedTools})  invalid tools: ${s.invalidTools}  skipped operations: ${s.skippedOperations}`,
    "slowest (wall s / pipeline s / peak MB):",
    ...s.slowest.map(formatCost),
    "highest peak RSS:",
    ...s.heaviest.map(formatCost),
    "costliest single tools (estimated tokens):",
    ...s.largestTools.map((t) => `  ${String(t.tokens).padStart(9)}  ${t.spec} ${t.name} (${t.pointer})`),
  ];
  return lines.join("\n");
}

/** Every spec that is not `ok`, with its error line, and every invalid tool, crash stack and skipped operation sample. */
export function formatDetails(results: SpecResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.outcome === "ok") continue;
    out.push(`${r.outcome.toUpperCase()} ${r.spec}: ${r.error ?? `${r.report?.invalidTools.length ?? 0} invalid tools`}`);
    if (r.partial) out.push(`  pipeline finished: ${r.partial.tools} tools in ${r.partial.ms.total} ms, ${r.partial.pipelinePeakRssMb} MB, ~${r.partial.tokens} tokens (largest tool ~${r.partial.largestTool?.tokens ?? 0})`);
    if (r.report?.crashPointer) out.push(`  first operation that crashes alone: ${r.report.crashPointer}`);
    if (r.stack && r.outcome === "crash") out.push(...r.stack.split("\n").map((line) => `  | ${line}`));
    for (const tool of r.report?.invalidTools ?? []) {
      out.push(`  ${tool.name} (${tool.pointer}): ${tool.problems.join("; ")}`);
    }
  }
  return out.join("\n");
}

function formatCost(c: SpecCost): string {
  const pipeline = c.pipelineMs === undefined ? "-" : (c.pipelineMs / 1000).toFixed(2);
  const peak = c.peakRssMb === undefined ? "-" : c.peakRssMb.toFixed(0);
  return `  ${(c.wallMs / 1000).toFixed(2).padStart(7)} ${pipeline.padStart(7)} ${peak.padStart(6)}  ${c.spec} (${c.outcome})`;
}

function formatCounts(counts: OutcomeCounts): string {
  return Object.entries(counts).map(([outcome, n]) => `${outcome}=${n}`).join(" ");
}

function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Left-aligned columns sized to their content; the last column is not padded. */
export function formatColumns(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  return all.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ").trimEnd()).join("\n");
}
