/**
 * Pure helpers of the `generate` benches (bench/generate/github.ts, corpus-sample.ts): the seeded
 * sample, tsc output parsing, the generate command's summary line, slugs and table padding. No I/O,
 * so they are unit-tested (test/unit/bench/generate-helpers.test.ts).
 */

/** mulberry32: a tiny, well-mixed 32-bit PRNG; the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle of a copy of `items` driven by {@link mulberry32}(`seed`). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The sample's order: the paths sorted (so the order of index.tsv does not matter), then shuffled
 * with `seed`. Whether a spec is eligible is decided afterwards, walking this order, so a change in
 * one spec's outcome only drops or adds that spec — it never reshuffles the rest.
 */
export function sampleOrder(paths: readonly string[], seed: number): string[] {
  return seededShuffle([...new Set(paths)].sort(), seed);
}

/** One `error TS…` diagnostic as tsc prints it (`--pretty false`, or piped). */
export interface TscDiagnostic {
  /** As tsc printed it: relative to the working directory, or absolute. */
  file: string;
  line: number;
  column: number;
  /** `TS2322`. */
  code: string;
  /** The first line of the message; continuation lines (indented) follow in `detail`. */
  message: string;
  detail: string[];
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const GLOBAL_DIAGNOSTIC = /^error (TS\d+): (.*)$/;

/** Parses tsc's plain output: file diagnostics, global ones (file ""), with their indented continuation lines. */
export function parseTscOutput(output: string): TscDiagnostic[] {
  const diagnostics: TscDiagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    if (line === "") continue;
    const match = DIAGNOSTIC.exec(line);
    if (match) {
      diagnostics.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), code: match[4]!, message: match[5]!, detail: [] });
      continue;
    }
    const global = GLOBAL_DIAGNOSTIC.exec(line);
    if (global) {
      diagnostics.push({ file: "", line: 0, column: 0, code: global[1]!, message: global[2]!, detail: [] });
      continue;
    }
    const last = diagnostics[diagnostics.length - 1];
    if (last && /^\s/.test(raw)) last.detail.push(line.trim());
  }
  return diagnostics;
}

/** How many diagnostics carry each code, most frequent first. */
export function countByCode(diagnostics: readonly TscDiagnostic[]): Array<{ code: string; count: number }> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/**
 * Where in a generated project a file sits: `tools` (src/tools/*), `runtime` (src/runtime/*, copied
 * verbatim from this package), `server` (src/server.ts, src/index.ts), or `other`.
 */
export function projectArea(file: string): "tools" | "runtime" | "server" | "other" {
  const path = file.replace(/\\/g, "/");
  if (/(^|\/)src\/tools\//.test(path)) return "tools";
  if (/(^|\/)src\/runtime\//.test(path)) return "runtime";
  if (/(^|\/)src\/(server|index)\.ts$/.test(path)) return "server";
  return "other";
}

/** The tool count from `generate`'s summary line (`DIR: 12 tools; wrote …`); undefined when absent. */
export function toolCountFromGenerateOutput(stdout: string): number | undefined {
  const match = /: (\d+) tools?; wrote /.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

/** A directory name for a corpus path: `vendors/stripe/openapi/spec3.json` → `vendors-stripe-openapi-spec3`. */
export function slugForSpec(path: string): string {
  return path
    .replace(/\.(json|ya?ml)$/i, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 120);
}

/** What `/usr/bin/time -f "%M %U %S" -o FILE` wrote: peak RSS (KiB) and user + system CPU (ms). */
export interface TimeFigures {
  peakRssKb: number;
  cpuMs: number;
}

/** Reads the last `%M %U %S` line (GNU time may write a "Command exited…" line first); undefined when absent. */
export function parseTimeOutput(text: string): TimeFigures | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^\d+ \d+(\.\d+)? \d+(\.\d+)?$/.test(l));
  const last = lines[lines.length - 1];
  if (last === undefined) return undefined;
  const [rss, user, system] = last.split(" ").map(Number) as [number, number, number];
  return { peakRssKb: rss, cpuMs: Math.round((user + system) * 1000) };
}

/** Pads for a fixed-width table: left-aligned when `left`, else right-aligned. */
export function pad(value: string | number, width: number, left = false): string {
  const s = String(value);
  return left ? s.padEnd(width) : s.padStart(width);
}

/** Seconds with one decimal from milliseconds; "-" for undefined. */
export function seconds(ms: number | undefined): string {
  return ms === undefined ? "-" : (ms / 1000).toFixed(1);
}
