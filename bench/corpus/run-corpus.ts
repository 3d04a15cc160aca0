/**
 * Corpus run: every root spec listed in a corpus's `index.tsv` through load → buildIr → MCP tools,
 * one worker process per spec (`run-one.ts`) with a time limit, so a crash or a hang in one spec
 * cannot take the run down. Prints a table, a summary and the details of every failure, and writes
 * it all as JSON. Exits 0 whatever the specs do (it is a report); non-zero only if the run breaks.
 *
 *   npm run bench:corpus -- [--dir ../shared/corpus] [--out bench/results/corpus.json]
 *                           [--timeout-ms 180000] [--jobs 2] [--filter SUBSTR]
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gitRevision, loadAverages } from "../git-revision.js";
import { runWorker } from "../spawn-worker.js";
import { formatDetails, formatResultsTable, formatSummary } from "./format-report.js";
import { parseIndexTsv } from "./index-tsv.js";
import { summarizeResults, workerRunToResult } from "./summarize.js";
import type { IndexRow, SpecResult } from "./types.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WORKER = "bench/corpus/run-one.ts";

/** Options of the corpus run, fully defaulted. */
export interface CorpusOptions {
  /** Corpus directory holding `index.tsv`; relative paths are from the repository root. */
  dir: string;
  out: string;
  timeoutMs: number;
  jobs: number;
  /** Only specs whose path contains this. */
  filter?: string;
}

/** argv → options. Throws on an unknown flag or a bad number. */
export function parseCorpusArgs(argv: string[]): CorpusOptions {
  const options: CorpusOptions = { dir: "../shared/corpus", out: "bench/results/corpus.json", timeoutMs: 180_000, jobs: 2 }; // the validity check (Ajv compiling every schema) dominates large specs: DocuSign takes ~45 s of checking after a 0.6 s pipeline
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === "--dir") options.dir = value;
    else if (flag === "--out") options.out = value;
    else if (flag === "--filter") options.filter = value;
    else if (flag === "--timeout-ms") options.timeoutMs = positiveInteger(flag, value);
    else if (flag === "--jobs") options.jobs = positiveInteger(flag, value);
    else throw new Error(`unknown option ${flag} (known: --dir, --out, --timeout-ms, --jobs, --filter)`);
  }
  return options;
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** Runs every selected spec, `jobs` at a time; results come back in index order. */
export async function runCorpus(options: CorpusOptions, log: (line: string) => void): Promise<SpecResult[]> {
  const dir = resolve(ROOT, options.dir);
  const rows = parseIndexTsv(await readFile(join(dir, "index.tsv"), "utf8")).filter(
    (row) => options.filter === undefined || row.path.includes(options.filter),
  );
  const results: SpecResult[] = new Array(rows.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < rows.length) {
      const index = next++;
      results[index] = await runSpec(rows[index]!, dir, options.timeoutMs);
      done++;
      const r = results[index];
      log(`[${done}/${rows.length}] ${r.outcome.padEnd(13)} ${(r.wallMs / 1000).toFixed(1).padStart(5)}s  ${r.spec}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, rows.length) }, lane));
  return results;
}

async function runSpec(row: IndexRow, dir: string, timeoutMs: number): Promise<SpecResult> {
  // Relative to the repository root, so error lines stay short.
  const file = relative(ROOT, join(dir, row.path));
  const run = await runWorker(["--import", "tsx"], [WORKER, file], { cwd: ROOT, timeoutMs });
  return workerRunToResult(row, row.path, run, timeoutMs);
}

async function main(): Promise<void> {
  const options = parseCorpusArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const revision = gitRevision(ROOT);
  const loadBefore = loadAverages();
  const results = await runCorpus(options, (line) => process.stderr.write(`${line}\n`));
  const summary = summarizeResults(results);
  console.log(formatResultsTable(results));
  console.log(`\ncommit ${revision.commit}${revision.srcDirty ? " (src/ has uncommitted changes)" : ""}; load average ${loadBefore.join(" ")} before, ${loadAverages().join(" ")} after`);
  console.log(formatSummary(summary));
  const details = formatDetails(results);
  if (details) console.log(`\nnot ok:\n${details}`);
  const out = resolve(ROOT, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify({ startedAt, ...revision, node: process.version, loadAverage: { before: loadBefore, after: loadAverages() }, options, summary, results }, null, 2)}\n`);
  console.log(`\nwrote ${relative(process.cwd(), out)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`corpus run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
