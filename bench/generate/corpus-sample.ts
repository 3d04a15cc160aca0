/**
 * `generate` + strict type-check over a SAMPLE of the corpus (../shared/corpus, root specs listed in
 * index.tsv): for each spec, `node dist/bin/main.js generate <spec> --out .tmp/generate-corpus/<slug>`
 * with no curation (every operation becomes a tool), then the repository's TypeScript on the
 * project's own strict tsconfig: `node node_modules/typescript/bin/tsc --noEmit -p <dir>/tsconfig.json`.
 * Reports per spec: tools, generate s, tsc s, errors (first lines, with the source line pointed at);
 * then passed / failed counts and the errors grouped by code and by area (tools, runtime, server).
 *
 * Why a sample: each spec costs a generate (1–10 s) and a strict tsc of the whole project (6–30 s
 * wall here, ~4.3 s CPU even for a 1-tool project, since the copied runtime, the MCP SDK's and
 * Node's types are checked every time), and the machine has 2 cores. Measured (2026-11-22, load
 * average ~9 from other work): the 50-spec sample took 339 s wall (generate 80 s + tsc 287 s CPU).
 * The ~262 eligible specs would take at least 30 min at that rate, more with the giants the sample
 * may miss (autotask 2,958 operations, EC2 1,188, netbox 844, mist 779, loket 663; GitHub's 1,223
 * tools alone take ~9.4 s CPU of tsc). 50 specs give a broad check in ~6 minutes; `--all` runs the
 * whole corpus.
 *
 * Selection (deterministic): every real-world row of index.tsv (not edgecases/*, not negative) —
 * paths sorted, then shuffled by Fisher–Yates with mulberry32(SEED), SEED = 1729 by default — is
 * walked in that order, keeping the specs `list` handles: those whose outcome is `ok` in
 * bench/results/corpus.json (the `npm run bench:corpus` result); a spec missing from that file (or
 * every spec, when the file is absent) is checked on the spot with the corpus worker
 * (bench/corpus/run-one.ts) and kept when it reports `ok`. The first COUNT kept (default 50) form the
 * sample, run in that order, 2 at a time. Since eligibility is decided after the shuffle, a spec that
 * changes outcome only enters or leaves the sample; the others keep their places.
 *
 *   npm run bench:generate-corpus -- [--count 50] [--seed 1729] [--all] [--jobs 2]
 *     [--timeout-ms 240000] [--budget-s 1200] [--filter SUBSTR] [--keep] [--no-build]
 *     [--dir ../shared/corpus] [--out bench/results/generate-corpus.json]
 *
 * --all runs every eligible spec (the whole real-world corpus, same order) and lifts the budget
 * unless --budget-s is given: expect 30 minutes or more on 2 cores. --budget-s stops STARTING specs
 * once that many seconds have passed (the report says how many of the sample ran); specs already
 * running finish. --timeout-ms limits each spec (generate + tsc). Projects that pass are deleted
 * unless --keep; failing ones stay under .tmp/generate-corpus/ for inspection.
 * The JSON is rewritten after every spec, so an interrupted run keeps what it measured.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { isRealWorld, parseIndexTsv } from "../corpus/index-tsv.js";
import type { IndexRow, Outcome, WorkerReport } from "../corpus/types.js";
import { gitRevision, loadAverages } from "../git-revision.js";
import { lastJsonLine, runWorker } from "../spawn-worker.js";
import { countByCode, pad, parseTscOutput, sampleOrder, seconds, slugForSpec, toolCountFromGenerateOutput } from "./helpers.js";
import {
  buildRepository,
  CLI,
  describeDiagnostics,
  distBuiltAt,
  formatDiagnostic,
  projectStats,
  ROOT,
  runNodeTimed,
  TSC,
  type LocatedDiagnostic,
} from "./processes.js";

const DEFAULT_SEED = 1729;
const WORK = join(ROOT, ".tmp/generate-corpus");

interface Options {
  dir: string;
  out: string;
  count: number;
  seed: number;
  all: boolean;
  jobs: number;
  timeoutMs: number;
  budgetS: number | undefined;
  filter: string | undefined;
  keep: boolean;
  build: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    dir: "../shared/corpus",
    out: "bench/results/generate-corpus.json",
    count: 50,
    seed: DEFAULT_SEED,
    all: false,
    jobs: 2,
    timeoutMs: 240_000,
    budgetS: undefined,
    filter: undefined,
    keep: false,
    build: true,
  };
  const int = (flag: string, value: string, min = 1): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--all") options.all = true;
    else if (flag === "--keep") options.keep = true;
    else if (flag === "--no-build") options.build = false;
    else {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      if (flag === "--dir") options.dir = value;
      else if (flag === "--out") options.out = value;
      else if (flag === "--filter") options.filter = value;
      else if (flag === "--count") options.count = int(flag, value);
      else if (flag === "--seed") options.seed = int(flag, value, 0);
      else if (flag === "--jobs") options.jobs = int(flag, value);
      else if (flag === "--timeout-ms") options.timeoutMs = int(flag, value);
      else if (flag === "--budget-s") options.budgetS = int(flag, value);
      else throw new Error(`unknown option ${flag} (known: --count, --seed, --all, --jobs, --timeout-ms, --budget-s, --filter, --keep, --no-build, --dir, --out)`);
    }
  }
  if (options.budgetS === undefined && !options.all) options.budgetS = 1200;
  return options;
}

type GenerateOutcome = "pass" | "tsc_errors" | "generate_failed" | "generate_timeout" | "tsc_timeout" | "tsc_crash";

interface SpecRun {
  spec: string;
  group: string;
  indexOperations: number;
  slug: string;
  outcome: GenerateOutcome;
  tools?: number;
  generateMs?: number;
  generatePeakRssMb?: number;
  /** User + system CPU (GNU time), less moved by other load than wall time. */
  generateCpuMs?: number;
  tscMs?: number;
  tscCpuMs?: number;
  tscPeakRssMb?: number;
  tsLines?: number;
  files?: number;
  bytes?: number;
  generateWarnings?: number;
  errors: number;
  errorsByCode?: Array<{ code: string; count: number }>;
  errorsByArea?: Record<string, number>;
  /** The first diagnostics, located and with their source lines. */
  firstErrors?: LocatedDiagnostic[];
  /** Generate failure / crash / timeout: the end of the output. */
  message?: string;
  /** Where the project was left (failures, or with --keep). */
  projectDir?: string;
}

/** How the selection treated each spec walked before the sample was full. */
interface Selection {
  seed: number;
  eligibleSource: string;
  walked: number;
  skipped: Array<{ spec: string; reason: string }>;
  checkedOnTheSpot: number;
}

const mb = (kb: number | undefined): number | undefined => (kb === undefined ? undefined : Math.round(kb / 1024));

async function select(rows: IndexRow[], options: Options, log: (line: string) => void): Promise<{ sample: IndexRow[]; selection: Selection }> {
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const corpusJson = join(ROOT, "bench/results/corpus.json");
  const known = new Map<string, Outcome>();
  if (existsSync(corpusJson)) {
    const parsed = JSON.parse(readFileSync(corpusJson, "utf8")) as { results?: Array<{ spec: string; outcome: Outcome }> };
    for (const r of parsed.results ?? []) known.set(r.spec, r.outcome);
  }
  const order = sampleOrder(
    rows.filter((r) => isRealWorld(r.group) && (options.filter === undefined || r.path.includes(options.filter))).map((r) => r.path),
    options.seed,
  );
  const want = options.all ? Number.POSITIVE_INFINITY : options.count;
  const sample: IndexRow[] = [];
  const selection: Selection = {
    seed: options.seed,
    eligibleSource: known.size > 0 ? "outcome ok in bench/results/corpus.json; specs missing there checked with bench/corpus/run-one.ts" : "checked with bench/corpus/run-one.ts",
    walked: 0,
    skipped: [],
    checkedOnTheSpot: 0,
  };
  for (const path of order) {
    if (sample.length >= want) break;
    selection.walked++;
    let outcome = known.get(path);
    if (outcome === undefined) {
      selection.checkedOnTheSpot++;
      const run = await runWorker(["--import", "tsx"], ["bench/corpus/run-one.ts", relative(ROOT, join(resolve(ROOT, options.dir), path))], { cwd: ROOT, timeoutMs: 60_000 });
      outcome = run.timedOut ? "timeout" : (lastJsonLine<WorkerReport>(run.stdout)?.outcome ?? "crash");
      log(`checked ${path}: ${outcome}`);
    }
    if (outcome === "ok") sample.push(byPath.get(path)!);
    else selection.skipped.push({ spec: path, reason: `outcome ${outcome}` });
  }
  return { sample, selection };
}

async function runSpec(row: IndexRow, options: Options): Promise<SpecRun> {
  const slug = slugForSpec(row.path);
  const dir = join(WORK, slug);
  const base: SpecRun = { spec: row.path, group: row.group, indexOperations: row.operations, slug, outcome: "pass", errors: 0 };
  rmSync(dir, { recursive: true, force: true });
  const specFile = relative(ROOT, join(resolve(ROOT, options.dir), row.path));
  const started = performance.now();
  const gen = await runNodeTimed([CLI, "generate", specFile, "--out", relative(ROOT, dir)], { timeoutMs: options.timeoutMs });
  const generateFigures = {
    generateMs: gen.wallMs,
    ...(gen.cpuMs === undefined ? {} : { generateCpuMs: gen.cpuMs }),
    ...(gen.peakRssKb === undefined ? {} : { generatePeakRssMb: mb(gen.peakRssKb)! }),
  };
  if (gen.timedOut || gen.code !== 0) {
    return {
      ...base,
      ...generateFigures,
      outcome: gen.timedOut ? "generate_timeout" : "generate_failed",
      message: (gen.stderr || gen.stdout).trim().split("\n").slice(-12).join("\n"),
      projectDir: relative(ROOT, dir),
    };
  }
  const tools = toolCountFromGenerateOutput(gen.stdout);
  const stats = projectStats(dir);
  const warnings = gen.stderr.split("\n").filter((l) => l.startsWith("warning:")).length;
  const remaining = Math.max(1000, options.timeoutMs - Math.round(performance.now() - started));
  const tsc = await runNodeTimed([TSC, "--noEmit", "--pretty", "false", "-p", relative(ROOT, join(dir, "tsconfig.json"))], { timeoutMs: remaining });
  const diagnostics = describeDiagnostics(parseTscOutput(tsc.stdout), dir);
  const figures: SpecRun = {
    ...base,
    ...generateFigures,
    ...(tools === undefined ? {} : { tools }),
    tscMs: tsc.wallMs,
    ...(tsc.cpuMs === undefined ? {} : { tscCpuMs: tsc.cpuMs }),
    ...(tsc.peakRssKb === undefined ? {} : { tscPeakRssMb: mb(tsc.peakRssKb)! }),
    tsLines: stats.tsLines,
    files: stats.files,
    bytes: stats.bytes,
    generateWarnings: warnings,
    errors: diagnostics.length,
  };
  if (tsc.timedOut) return { ...figures, outcome: "tsc_timeout", message: `tsc killed after ${remaining} ms`, projectDir: relative(ROOT, dir) };
  if (diagnostics.length > 0 || tsc.code !== 0) {
    const byArea: Record<string, number> = {};
    for (const d of diagnostics) byArea[d.area] = (byArea[d.area] ?? 0) + 1;
    return {
      ...figures,
      outcome: diagnostics.length > 0 ? "tsc_errors" : "tsc_crash",
      errorsByCode: countByCode(diagnostics),
      errorsByArea: byArea,
      firstErrors: diagnostics.slice(0, 8),
      ...(diagnostics.length === 0 ? { message: (tsc.stderr || tsc.stdout).trim().split("\n").slice(-12).join("\n") } : {}),
      projectDir: relative(ROOT, dir),
    };
  }
  if (options.keep) return { ...figures, projectDir: relative(ROOT, dir) };
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

function formatTable(runs: SpecRun[]): string {
  const header = `${pad("#", 3)} ${pad("spec", 62, true)} ${pad("tools", 6)} ${pad("gen s", 6)} ${pad("cpu s", 6)} ${pad("gen MB", 7)} ${pad("TS lines", 9)} ${pad("tsc s", 6)} ${pad("cpu s", 6)} ${pad("tsc MB", 7)} ${pad("errors", 7)}  outcome / first error`;
  const lines = [header, "-".repeat(header.length + 20)];
  runs.forEach((r, i) => {
    const first = r.firstErrors?.[0];
    const note = r.outcome === "pass" ? "pass" : first ? `${r.outcome}: ${first.file}(${first.line}) ${first.code} ${first.message.slice(0, 90)}` : `${r.outcome}: ${(r.message ?? "").split("\n").pop()?.slice(0, 110) ?? ""}`;
    const spec = r.spec.length > 62 ? `…${r.spec.slice(-61)}` : r.spec;
    lines.push(
      `${pad(i + 1, 3)} ${pad(spec, 62, true)} ${pad(r.tools ?? "-", 6)} ${pad(seconds(r.generateMs), 6)} ${pad(seconds(r.generateCpuMs), 6)} ${pad(r.generatePeakRssMb ?? "-", 7)} ${pad(r.tsLines ?? "-", 9)} ${pad(seconds(r.tscMs), 6)} ${pad(seconds(r.tscCpuMs), 6)} ${pad(r.tscPeakRssMb ?? "-", 7)} ${pad(r.outcome === "pass" || r.outcome === "tsc_errors" ? r.errors : "-", 7)}  ${note}`,
    );
  });
  return lines.join("\n");
}

function summarize(runs: SpecRun[], sampleSize: number, options: Options, wallS: number): Record<string, unknown> {
  const byOutcome: Record<string, number> = {};
  for (const r of runs) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  const failed = runs.filter((r) => r.outcome !== "pass");
  const allErrors = failed.flatMap((r) => r.firstErrors ?? []);
  const codes = new Map<string, { specs: number; errors: number }>();
  for (const r of failed) {
    for (const c of r.errorsByCode ?? []) {
      const entry = codes.get(c.code) ?? { specs: 0, errors: 0 };
      entry.specs++;
      entry.errors += c.count;
      codes.set(c.code, entry);
    }
  }
  const areas: Record<string, number> = {};
  for (const r of failed) for (const [area, n] of Object.entries(r.errorsByArea ?? {})) areas[area] = (areas[area] ?? 0) + n;
  return {
    sampleSize,
    ran: runs.length,
    notRun: sampleSize - runs.length,
    passed: byOutcome.pass ?? 0,
    failed: failed.length,
    byOutcome,
    tools: runs.reduce((n, r) => n + (r.tools ?? 0), 0),
    tsLines: runs.reduce((n, r) => n + (r.tsLines ?? 0), 0),
    tscErrors: runs.reduce((n, r) => n + r.errors, 0),
    errorsByCode: [...codes].map(([code, v]) => ({ code, ...v })).sort((a, b) => b.errors - a.errors),
    errorsByArea: areas,
    distinctFirstErrorFiles: [...new Set(allErrors.map((d) => d.file))].length,
    generateSeconds: Math.round(runs.reduce((n, r) => n + (r.generateMs ?? 0), 0) / 1000),
    tscSeconds: Math.round(runs.reduce((n, r) => n + (r.tscMs ?? 0), 0) / 1000),
    generateCpuSeconds: Math.round(runs.reduce((n, r) => n + (r.generateCpuMs ?? 0), 0) / 1000),
    tscCpuSeconds: Math.round(runs.reduce((n, r) => n + (r.tscCpuMs ?? 0), 0) / 1000),
    wallSeconds: Math.round(wallS),
    jobs: options.jobs,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const log = (line: string): void => void process.stderr.write(`[${elapsedS().toFixed(0).padStart(4)} s] ${line}\n`);
  if (options.build) buildRepository(log);
  const revision = gitRevision(ROOT);
  const loadStart = loadAverages();
  const rows = parseIndexTsv(readFileSync(join(resolve(ROOT, options.dir), "index.tsv"), "utf8"));
  const { sample, selection } = await select(rows, options, log);
  log(`sample: ${sample.length} specs (seed ${options.seed}; walked ${selection.walked} of the shuffled real-world rows, skipped ${selection.skipped.length}); ${options.jobs} at a time; budget ${options.budgetS ?? "none"} s`);
  mkdirSync(WORK, { recursive: true });
  const out = resolve(ROOT, options.out);
  mkdirSync(dirname(out), { recursive: true });

  const results: Array<SpecRun | undefined> = new Array(sample.length);
  let next = 0;
  let done = 0;
  let stoppedByBudget = false;
  const write = (final: boolean): string => {
    const ran = results.filter((r): r is SpecRun => r !== undefined);
    const summary = summarize(ran, sample.length, options, elapsedS());
    const table = formatTable(ran);
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          meta: {
            date: new Date().toISOString(),
            ...revision,
            node: process.version,
            cpus: cpus().length,
            distBuiltAt: distBuiltAt(),
            loadAverage: { start: loadStart, now: loadAverages() },
            options,
            complete: final,
            stoppedByBudget,
            selection: { method: "real-world index.tsv rows, paths sorted, Fisher–Yates with mulberry32(seed); walk that order keeping specs list handles (outcome ok)", ...selection },
            command: "node dist/bin/main.js generate <spec> --out .tmp/generate-corpus/<slug>; node node_modules/typescript/bin/tsc --noEmit --pretty false -p <dir>/tsconfig.json",
          },
          summary,
          sample: sample.map((r) => r.path),
          results: ran,
          table,
        },
        null,
        2,
      )}\n`,
    );
    return table;
  };
  const lane = async (): Promise<void> => {
    while (next < sample.length) {
      if (options.budgetS !== undefined && elapsedS() > options.budgetS) {
        stoppedByBudget = true;
        return;
      }
      const index = next++;
      const row = sample[index]!;
      let run: SpecRun;
      try {
        run = await runSpec(row, options);
      } catch (error) {
        run = { spec: row.path, group: row.group, indexOperations: row.operations, slug: slugForSpec(row.path), outcome: "generate_failed", errors: 0, message: `bench error: ${error instanceof Error ? error.message : String(error)}` };
      }
      results[index] = run;
      done++;
      log(`[${done}/${sample.length}] ${run.outcome.padEnd(16)} tools ${String(run.tools ?? "-").padStart(5)}  gen ${seconds(run.generateMs).padStart(5)} s  tsc ${seconds(run.tscMs).padStart(5)} s  errors ${run.errors}  ${row.path}`);
      write(false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, sample.length) }, lane));

  // Report in sample order; specs never started (budget) are listed as not run.
  const ran = results.filter((r): r is SpecRun => r !== undefined);
  const table = write(true);
  const summary = summarize(ran, sample.length, options, elapsedS());
  console.log(`\ngenerate + tsc --noEmit over a corpus sample: seed ${options.seed}, ${sample.length} specs selected${options.all ? " (--all)" : ""}, ${ran.length} run, ${options.jobs} at a time`);
  console.log(`commit ${revision.commit}${revision.srcDirty ? " (src/ has uncommitted changes)" : ""}; dist built ${distBuiltAt()}; load average ${loadStart.join(" ")} at start, ${loadAverages().join(" ")} at end\n`);
  console.log(table);
  console.log(
    `\npassed ${summary.passed} / failed ${summary.failed} of ${ran.length} run` +
      (ran.length < sample.length ? ` (${sample.length - ran.length} of the ${sample.length} selected not started: the --budget-s of ${options.budgetS} s ran out)` : "") +
      `; outcomes ${JSON.stringify(summary.byOutcome)}; ${summary.tools} tools, ${summary.tsLines} lines of TypeScript; generate ${summary.generateSeconds} s + tsc ${summary.tscSeconds} s of process wall time (CPU ${summary.generateCpuSeconds} s + ${summary.tscCpuSeconds} s), ${summary.wallSeconds} s wall`,
  );
  const failed = ran.filter((r) => r.outcome !== "pass");
  if (failed.length > 0) {
    console.log(`errors by code: ${JSON.stringify(summary.errorsByCode)}; by area: ${JSON.stringify(summary.errorsByArea)}`);
    console.log("\nfailures:");
    for (const r of failed) {
      console.log(`\n${r.spec} — ${r.outcome}, ${r.errors} errors${r.errorsByCode ? ` (${r.errorsByCode.map((c) => `${c.code}×${c.count}`).join(", ")})` : ""}${r.projectDir ? `; project left in ${r.projectDir}` : ""}`);
      for (const d of r.firstErrors ?? []) console.log(formatDiagnostic(d));
      if (r.message) console.log(r.message.replace(/^/gm, "  "));
    }
  }
  console.log(`\nwrote ${relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(`generate corpus bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
