/**
 * `generate` on GitHub's whole REST description (node_modules/@octokit/openapi, every operation, no
 * curation), each step in fresh processes:
 *
 *  (a) `node dist/bin/main.js generate` wall time and peak RSS (GNU time %M) — the BUILT CLI, so
 *      tsx's start-up is not counted;
 *  (b) what it emits: files, bytes, lines of TypeScript (tools / runtime / server);
 *  (c) `tsc --noEmit` and `tsc` (build) of the project under its own strict tsconfig, with the
 *      repository's TypeScript; every error is reported;
 *  (d) process start → completed `tools/list` of the BUILT generated server over stdio (bare
 *      newline JSON-RPC: initialize, notifications/initialized, tools/list), and the same for
 *      `openapi-mcp serve` on the same spec, runs alternating; the two tool lists are compared.
 *
 *   npm run bench:generate -- [--runs 3] [--startup-runs 5] [--no-build] [--out bench/results/generate-github.json]
 *
 * The project goes to .tmp/generate-github/project (inside the repository, so its dependencies
 * resolve from the repository's node_modules). Runs one step at a time: on a 2-core machine shared
 * with other work the wall figures move with the load average (recorded); the CPU figures (user +
 * system of the process) barely do, so compare those across runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gitRevision, loadAverages } from "../git-revision.js";
import { spreadOf, type Spread } from "../stats.js";
import { countByCode, pad, parseTscOutput, toolCountFromGenerateOutput, type TscDiagnostic } from "./helpers.js";
import { buildRepository, CLI, describeDiagnostics, ESBUILD, formatDiagnostic, distBuiltAt, nodeBaselineMs, projectStats, ROOT, runNodeTimed, startupToToolsList, TSC, type StartupRun, type TimedRun } from "./processes.js";

const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
const WORK = join(ROOT, ".tmp/generate-github");
const PROJECT = join(WORK, "project");
const BASE_URL = "http://127.0.0.1:9";
const TARGETS = { generateMs: 10_000, generatePeakMb: 500, tscErrors: 0, startupMs: 500 };

interface Options {
  runs: number;
  startupRuns: number;
  build: boolean;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 3, startupRuns: 5, build: true, out: "bench/results/generate-github.json" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--no-build") {
      options.build = false;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--runs" || flag === "--startup-runs") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
      if (flag === "--runs") options.runs = n;
      else options.startupRuns = n;
    } else if (flag === "--out") options.out = value;
    else throw new Error(`unknown option ${flag} (known: --runs, --startup-runs, --no-build, --out)`);
  }
  return options;
}

const mb = (kb: number | undefined): number | undefined => (kb === undefined ? undefined : Math.round(kb / 1024));
const spreadOrNull = (values: Array<number | undefined>): Spread | null => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? null : spreadOf(known);
};
const cpuSpread = (runs: Array<{ cpuMs: number | undefined }>): Spread | null => spreadOrNull(runs.map((r) => r.cpuMs));
const runFigures = (r: TimedRun): Record<string, unknown> => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssMb: mb(r.peakRssKb), exit: r.code });

/** A failed step: the exit and the end of its output. */
function failure(what: string, run: TimedRun): Error {
  return new Error(`${what} failed (${run.timedOut ? "timed out" : `exit ${run.code}`}):\n${(run.stdout + run.stderr).slice(-4000)}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const log = (line: string): void => void process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  if (options.build) buildRepository(log);
  const revision = gitRevision(ROOT);
  const loadStart = loadAverages();
  log(`load average ${loadStart.join(" ")} on ${cpus().length} cores`);
  mkdirSync(WORK, { recursive: true });

  // (a) generate
  const generateRuns: TimedRun[] = [];
  let tools: number | undefined;
  let warnings: string[] = [];
  for (let i = 0; i < options.runs; i++) {
    rmSync(PROJECT, { recursive: true, force: true });
    const run = await runNodeTimed([CLI, "generate", SPEC, "--out", relative(ROOT, PROJECT)], { timeoutMs: 180_000 });
    if (run.code !== 0 || run.timedOut) throw failure("generate", run);
    tools = toolCountFromGenerateOutput(run.stdout);
    warnings = run.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    generateRuns.push(run);
    log(`generate ${i + 1}/${options.runs}: ${run.wallMs} ms (CPU ${run.cpuMs} ms), peak ${mb(run.peakRssKb)} MB, ${tools} tools`);
  }

  // (b) what was emitted
  const stats = projectStats(PROJECT);
  log(`emitted ${stats.files} files, ${stats.bytes} bytes, ${stats.tsLines} lines of TypeScript`);

  // (c) tsc
  const tsconfig = relative(ROOT, join(PROJECT, "tsconfig.json"));
  const noEmitRuns: TimedRun[] = [];
  const buildRuns: TimedRun[] = [];
  let diagnostics: TscDiagnostic[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = await runNodeTimed([TSC, "--noEmit", "--pretty", "false", "-p", tsconfig], { timeoutMs: 600_000 });
    if (run.timedOut) throw failure("tsc --noEmit", run);
    diagnostics = parseTscOutput(run.stdout);
    noEmitRuns.push(run);
    log(`tsc --noEmit ${i + 1}/${options.runs}: ${run.wallMs} ms (CPU ${run.cpuMs} ms), peak ${mb(run.peakRssKb)} MB, exit ${run.code}, ${diagnostics.length} errors`);
  }
  for (let i = 0; i < options.runs; i++) {
    rmSync(join(PROJECT, "dist"), { recursive: true, force: true });
    const run = await runNodeTimed([TSC, "--pretty", "false", "-p", tsconfig], { timeoutMs: 600_000 });
    if (run.timedOut) throw failure("tsc build", run);
    buildRuns.push(run);
    log(`tsc build ${i + 1}/${options.runs}: ${run.wallMs} ms (CPU ${run.cpuMs} ms), peak ${mb(run.peakRssKb)} MB, exit ${run.code}`);
  }
  // The project's build bundles its entry point after tsc (Node would otherwise load one module per
  // tool at start-up): run that step exactly as its package.json says, and start what users start.
  const buildScript = (JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { scripts: { build: string } }).scripts.build;
  const bundleArgs = buildScript.split("&&")[1]?.trim().split(/\s+/).slice(1) ?? [];
  const bundleStart = performance.now();
  const bundle = spawnSync(ESBUILD, bundleArgs, { cwd: PROJECT, encoding: "utf8", timeout: 120_000 });
  if (bundle.status !== 0) throw new Error(`bundle (esbuild) failed: ${bundle.stderr || bundle.error?.message}`);
  log(`bundle: ${Math.round(performance.now() - bundleStart)} ms (${buildScript.split("&&")[1]?.trim() ?? "?"})`);
  const distStats = (() => {
    try {
      return projectStats(join(PROJECT, "dist"));
    } catch {
      return undefined;
    }
  })();

  // (d) start → tools/list, generated (built) vs serve, alternating
  const env = { ...process.env, OPENAPI_MCP_BASE_URL: BASE_URL };
  const generatedArgs = [join(PROJECT, "dist/main.js")];
  const serveArgs = [CLI, "serve", SPEC];
  const baselineMs = await nodeBaselineMs(options.startupRuns);
  const generatedStartups: StartupRun[] = [];
  const serveStartups: StartupRun[] = [];
  for (let i = 0; i < options.startupRuns; i++) {
    const keepTools = i === 0;
    const pair = async (which: "generated" | "serve"): Promise<void> => {
      const run = await startupToToolsList(which === "generated" ? generatedArgs : serveArgs, { env, keepTools });
      (which === "generated" ? generatedStartups : serveStartups).push(run);
      log(`start-up ${which} ${i + 1}/${options.startupRuns}: ${run.ms} ms (initialize ${run.initializeMs} ms, CPU ${run.cpuMs} ms), ${run.tools} tools, peak ${mb(run.peakRssKb)} MB`);
    };
    for (const which of i % 2 === 0 ? (["generated", "serve"] as const) : (["serve", "generated"] as const)) await pair(which);
  }
  const generatedTools = generatedStartups[0]!.toolsJson!;
  const serveTools = serveStartups[0]!.toolsJson!;
  const sameToolList = generatedTools === serveTools;
  let toolListDifference: string | undefined;
  if (!sameToolList) {
    const a = JSON.parse(generatedTools) as Array<{ name: string }>;
    const b = JSON.parse(serveTools) as Array<{ name: string }>;
    const firstDiff = a.findIndex((t, k) => JSON.stringify(t) !== JSON.stringify(b[k]));
    toolListDifference = `generated ${a.length} tools, serve ${b.length}; first difference at #${firstDiff} (${a[firstDiff]?.name ?? "-"} vs ${b[firstDiff]?.name ?? "-"})`;
  }

  // Figures
  const generateMs = spreadOf(generateRuns.map((r) => r.wallMs));
  const generatePeakMb = spreadOrNull(generateRuns.map((r) => mb(r.peakRssKb)));
  const noEmitMs = spreadOf(noEmitRuns.map((r) => r.wallMs));
  const noEmitPeakMb = spreadOrNull(noEmitRuns.map((r) => mb(r.peakRssKb)));
  const buildMs = spreadOf(buildRuns.map((r) => r.wallMs));
  const buildPeakMb = spreadOrNull(buildRuns.map((r) => mb(r.peakRssKb)));
  const genStart = spreadOf(generatedStartups.map((r) => r.ms));
  const serveStart = spreadOf(serveStartups.map((r) => r.ms));
  const genStartPeak = spreadOrNull(generatedStartups.map((r) => mb(r.peakRssKb)));
  const serveStartPeak = spreadOrNull(serveStartups.map((r) => mb(r.peakRssKb)));
  const described = describeDiagnostics(diagnostics, PROJECT);
  const buildDiagnostics = describeDiagnostics(parseTscOutput(buildRuns[buildRuns.length - 1]!.stdout), PROJECT);

  const verdict = (ok: boolean): string => (ok ? "ok" : "MISS");
  const all = (runs: Array<number | undefined>, unit = ""): string => runs.map((v) => (v === undefined ? "-" : `${v}${unit}`)).join(", ");
  const s1 = (ms: number): string => (ms / 1000).toFixed(1);
  const secs = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Number(s1(ms)));
  const cpuS = (spread: Spread | null): string => (spread ? `${s1(spread.median)} s` : "-");
  const rows: Array<[string, string, string, string, string]> = [
    ["(a) generate wall, built CLI (median)", `${s1(generateMs.median)} s`, all(generateRuns.map((r) => Number(s1(r.wallMs)))), `< ${TARGETS.generateMs / 1000} s`, verdict(generateMs.median < TARGETS.generateMs)],
    ["(a) generate CPU user+sys (median)", cpuS(cpuSpread(generateRuns)), all(generateRuns.map((r) => secs(r.cpuMs))), "", ""],
    [
      "(a) generate peak RSS (max of runs)",
      generatePeakMb ? `${generatePeakMb.max} MB` : "-",
      all(generateRuns.map((r) => mb(r.peakRssKb))),
      `< ${TARGETS.generatePeakMb} MB`,
      generatePeakMb ? verdict(generatePeakMb.max < TARGETS.generatePeakMb) : "-",
    ],
    ["(b) tools", String(tools ?? "-"), `${stats.toolFiles} tool files`, "", ""],
    ["(b) files / bytes emitted", `${stats.files} / ${(stats.bytes / 1024 / 1024).toFixed(2)} MB`, `${stats.bytes} bytes`, "", ""],
    [
      "(b) lines of TypeScript",
      String(stats.tsLines),
      `tools ${stats.tsLinesByArea.tools}, runtime ${stats.tsLinesByArea.runtime}, server+index ${stats.tsLinesByArea.server}; ${stats.tsFiles} .ts files, ${(stats.tsBytes / 1024 / 1024).toFixed(2)} MB`,
      "",
      "",
    ],
    ["(c) tsc --noEmit errors (strict)", String(diagnostics.length), `exit ${all(noEmitRuns.map((r) => r.code ?? undefined))}`, "0", verdict(diagnostics.length === TARGETS.tscErrors)],
    ["(c) tsc --noEmit wall (median)", `${s1(noEmitMs.median)} s`, all(noEmitRuns.map((r) => Number(s1(r.wallMs)))), "", ""],
    ["(c) tsc --noEmit CPU user+sys (median)", cpuS(cpuSpread(noEmitRuns)), all(noEmitRuns.map((r) => secs(r.cpuMs))), "", ""],
    ["(c) tsc --noEmit peak RSS (max)", noEmitPeakMb ? `${noEmitPeakMb.max} MB` : "-", all(noEmitRuns.map((r) => mb(r.peakRssKb))), "", ""],
    ["(c) tsc build wall (median)", `${s1(buildMs.median)} s`, all(buildRuns.map((r) => Number(s1(r.wallMs)))), "", buildDiagnostics.length === 0 ? "" : `${buildDiagnostics.length} errors`],
    ["(c) tsc build CPU user+sys (median)", cpuS(cpuSpread(buildRuns)), all(buildRuns.map((r) => secs(r.cpuMs))), "", ""],
    ["(c) tsc build peak RSS (max)", buildPeakMb ? `${buildPeakMb.max} MB` : "-", all(buildRuns.map((r) => mb(r.peakRssKb))), "", ""],
    ["(c) dist/ emitted", distStats ? `${distStats.files} files` : "-", distStats ? `${(distStats.bytes / 1024 / 1024).toFixed(2)} MB (with source maps)` : "", "", ""],
    [`(d) start → tools/list, generated (median of ${options.startupRuns})`, `${genStart.median} ms`, all(generatedStartups.map((r) => r.ms)), `< ${TARGETS.startupMs} ms`, verdict(genStart.median < TARGETS.startupMs)],
    [`(d) start → tools/list, serve (median of ${options.startupRuns})`, `${serveStart.median} ms`, all(serveStartups.map((r) => r.ms)), "(reference)", ""],
    ["(d) initialize answered, generated / serve (median)", `${spreadOf(generatedStartups.map((r) => r.initializeMs)).median} / ${spreadOf(serveStartups.map((r) => r.initializeMs)).median} ms`, "", "", ""],
    [
      "(d) server CPU to tools/list, generated / serve",
      `${cpuSpread(generatedStartups)?.median ?? "-"} / ${cpuSpread(serveStartups)?.median ?? "-"} ms`,
      `median; generated ${all(generatedStartups.map((r) => r.cpuMs))}`,
      "",
      "",
    ],
    ["(d) server peak RSS at tools/list, generated / serve", `${genStartPeak?.median ?? "-"} / ${serveStartPeak?.median ?? "-"} MB`, "median", "", ""],
    ["(d) tools/list response", `${(generatedStartups[0]!.responseBytes / 1024 / 1024).toFixed(2)} MB`, `${generatedStartups[0]!.tools} tools`, "", ""],
    ["(d) same tools/list as serve", sameToolList ? "yes (byte-identical)" : "NO", toolListDifference ?? "", "identical", verdict(sameToolList)],
    ["node -e 0 (floor under start-up)", `${baselineMs} ms`, "median", "", ""],
  ];
  const widths = [52, 22, 44, 12];
  const header = `${pad("measure", widths[0]!, true)} ${pad("value", widths[1]!, true)} ${pad("runs / detail", widths[2]!, true)} ${pad("target", widths[3]!, true)}`;
  const lines = [
    `\ngenerate — GitHub REST (${SPEC}), ${tools} operations, no curation; ${options.runs} runs each unless noted`,
    `commit ${revision.commit}${revision.srcDirty ? " (src/ has uncommitted changes)" : ""}; dist built ${distBuiltAt()}; load average ${loadStart.join(" ")} at start, ${loadAverages().join(" ")} at end; ${cpus().length} cores\n`,
    header,
    "-".repeat(header.length + 6),
    ...rows.map(([m, v, r, t, ok]) => `${pad(m, widths[0]!, true)} ${pad(v, widths[1]!, true)} ${pad(r, widths[2]!, true)} ${pad(t, widths[3]!, true)} ${ok}`.trimEnd()),
  ];
  if (warnings.length > 0) lines.push(`\ngenerate warnings (${warnings.length}):`, ...warnings.slice(0, 10).map((w) => `  ${w}`));
  if (described.length > 0) {
    lines.push(`\ntsc --noEmit errors (${described.length}; by code: ${countByCode(described).map((c) => `${c.code}×${c.count}`).join(", ")}):`);
    for (const d of described.slice(0, 40)) lines.push(formatDiagnostic(d));
  }
  const text = lines.join("\n");
  console.log(text);

  const out = resolve(ROOT, options.out);
  mkdirSync(dirname(out), { recursive: true });
  const result = {
    meta: {
      date: new Date().toISOString(),
      ...revision,
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      distBuiltAt: distBuiltAt(),
      loadAverage: { start: loadStart, end: loadAverages() },
      options,
      spec: SPEC,
      project: relative(ROOT, PROJECT),
      peakRss: "GNU time %M of the process (generate, tsc); servers: VmHWM at the tools/list answer",
      cpu: "user + system CPU: GNU time %U + %S (generate, tsc); servers: /proc/<pid>/stat at the tools/list answer. Less sensitive than wall time to other load on the machine",
      startup: "spawn → tools/list response line received; bare newline JSON-RPC (initialize, notifications/initialized, tools/list); OPENAPI_MCP_BASE_URL=" + BASE_URL,
      targets: TARGETS,
    },
    tools,
    generate: { wallMs: generateMs, cpuMs: cpuSpread(generateRuns), peakRssMb: generatePeakMb, runs: generateRuns.map(runFigures), warnings },
    emitted: stats,
    tscNoEmit: {
      errors: described.length,
      errorsByCode: countByCode(described),
      diagnostics: described.slice(0, 200),
      wallMs: noEmitMs,
      cpuMs: cpuSpread(noEmitRuns),
      peakRssMb: noEmitPeakMb,
      runs: noEmitRuns.map(runFigures),
    },
    tscBuild: {
      errors: buildDiagnostics.length,
      wallMs: buildMs,
      cpuMs: cpuSpread(buildRuns),
      peakRssMb: buildPeakMb,
      runs: buildRuns.map(runFigures),
      dist: distStats ? { files: distStats.files, bytes: distStats.bytes } : null,
    },
    startup: {
      nodeBaselineMs: baselineMs,
      generated: { ms: genStart, cpuMs: cpuSpread(generatedStartups), peakRssMb: genStartPeak, runs: generatedStartups.map(({ toolsJson: _, ...r }) => r) },
      serve: { ms: serveStart, cpuMs: cpuSpread(serveStartups), peakRssMb: serveStartPeak, runs: serveStartups.map(({ toolsJson: _, ...r }) => r) },
      sameToolList,
      ...(toolListDifference === undefined ? {} : { toolListDifference }),
    },
    pass: {
      generateTime: generateMs.median < TARGETS.generateMs,
      generateRss: generatePeakMb ? generatePeakMb.max < TARGETS.generatePeakMb : null,
      tscClean: diagnostics.length === 0,
      startup: genStart.median < TARGETS.startupMs,
      sameToolList,
    },
    table: text,
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${relative(ROOT, out)} (${result.totalSeconds} s in all)`);
}

main().catch((error: unknown) => {
  console.error(`generate bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
