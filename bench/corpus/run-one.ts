/**
 * The corpus run's per-spec worker: load → buildIr → every tool as an MCP tool, each tool held to
 * `toolProblems`. Prints one JSON line ({@link WorkerReport}) and exits; the parent runs one worker
 * per spec so a crash or hang stays contained. `bench/ir-speed.ts` uses it too.
 *
 *   node --import tsx bench/corpus/run-one.ts <spec>
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { BridgeError } from "../../src/errors.js";
import { buildIr } from "../../src/ir/build-ir.js";
import { toolProblems } from "../../src/ir/check-tool.js";
import type { ApiIr } from "../../src/ir/types.js";
import { loadSpec, type LoadedSpec } from "../../src/load/load-spec.js";
import { estimateToolTokens, toMcpTool, type McpTool } from "../../src/runtime/mcp/mcp-tool.js";
import { PHASE_MARK, type InvalidTool, type PipelineFigures, type WorkerReport, type WorkerWarning } from "./types.js";

const SKIPPED = / skipped: /;
const STACK_LINES = 8;
const METHOD_KEY = /^(get|put|post|delete|options|head|patch|trace|query)$/;

/** Runs the pipeline on one spec and reports; never throws. */
export async function measureSpec(source: string): Promise<WorkerReport> {
  const ms: WorkerReport["ms"] = {};
  let spec: LoadedSpec | undefined;
  let ir: ApiIr | undefined;
  let tools: McpTool[] = [];
  let phase = "load";
  let pipelinePeakRssMb = 0;
  try {
    markPhase("load");
    let start = performance.now();
    spec = await loadSpec(source);
    ms.load = round(performance.now() - start);

    phase = markPhase("ir", ms);
    start = performance.now();
    ir = buildIr(spec);
    ms.ir = round(performance.now() - start);

    phase = markPhase("tools", ms);
    start = performance.now();
    tools = ir.operations.map((operation) => toMcpTool(operation.tool));
    ms.tools = round(performance.now() - start);
    ms.total = round(ms.load + ms.ir + ms.tools);
    pipelinePeakRssMb = peakRssMb();

    // Everything but the checks, also sent with the marker so a worker killed while checking still tells.
    const skipped = ir.warnings.filter((w) => SKIPPED.test(w.message));
    const figures: PipelineFigures = {
      tools: tools.length,
      warnings: ir.warnings.length,
      skippedOperations: skipped.length,
      skippedSample: skipped.slice(0, 10).map((w): WorkerWarning => ({ pointer: w.pointer, message: w.message })),
      ms,
      pipelinePeakRssMb,
      payloadBytes: Buffer.byteLength(JSON.stringify({ tools })),
      ...toolTokens(ir, tools),
    };
    phase = markPhase("check", figures);
    start = performance.now();
    const invalidTools = checkTools(ir, tools);
    ms.check = round(performance.now() - start);
    return {
      ...figures,
      outcome: tools.length > 0 && invalidTools.length === 0 ? "ok" : "invalid_tools",
      invalidTools,
      peakRssMb: peakRssMb(),
    };
  } catch (error) {
    const base = {
      tools: tools.length,
      invalidTools: [],
      warnings: ir?.warnings.length ?? 0,
      skippedOperations: 0,
      skippedSample: [],
      ms,
      pipelinePeakRssMb: pipelinePeakRssMb || peakRssMb(),
      peakRssMb: peakRssMb(),
      payloadBytes: 0,
      tokens: 0,
    };
    if (error instanceof BridgeError) {
      return { ...base, outcome: "clear_error", error: oneLine(error.format()) };
    }
    const crashPointer = error instanceof ToolCrash ? error.pointer : phase === "ir" && spec ? locateIrCrash(spec) : undefined;
    const cause = error instanceof ToolCrash ? error.cause : error;
    return {
      ...base,
      outcome: "crash",
      error: oneLine(`${phase}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`),
      ...(cause instanceof Error && cause.stack ? { stack: firstLines(cause.stack, STACK_LINES) } : {}),
      ...(crashPointer === undefined ? {} : { crashPointer }),
    };
  }
}

/** Estimated tokens of the whole tool list, and the costliest tool. */
function toolTokens(ir: ApiIr, tools: McpTool[]): Pick<WorkerReport, "tokens" | "largestTool"> {
  let tokens = 0;
  let largest: WorkerReport["largestTool"];
  tools.forEach((tool, i) => {
    const cost = estimateToolTokens(tool);
    tokens += cost;
    if (!largest || cost > largest.tokens) largest = { name: tool.name, pointer: ir.operations[i]!.pointer, tokens: cost };
  });
  return largest ? { tokens, largestTool: largest } : { tokens };
}

/** A crash while checking one tool, with the tool's operation pointer. */
class ToolCrash extends Error {
  constructor(
    readonly pointer: string,
    override readonly cause: unknown,
  ) {
    super(`checking ${pointer}`);
  }
}

/** Every tool that fails `toolProblems`, plus repeated names (clients refuse a tool list with duplicates). */
function checkTools(ir: ApiIr, tools: McpTool[]): InvalidTool[] {
  const invalid: InvalidTool[] = [];
  const firstPointer = new Map<string, string>();
  tools.forEach((tool, i) => {
    const pointer = ir.operations[i]!.pointer;
    let problems: string[];
    markPhase(`check ${i + 1}/${tools.length} ${pointer}`);
    try {
      problems = toolProblems(tool);
    } catch (error) {
      throw new ToolCrash(pointer, error);
    }
    const earlier = firstPointer.get(tool.name);
    if (earlier === undefined) firstPointer.set(tool.name, pointer);
    else problems = [...problems, `duplicate tool name (also ${earlier})`];
    if (problems.length > 0) invalid.push({ name: tool.name, pointer, problems });
  });
  return invalid;
}

/**
 * When `buildIr` crashes, rebuilds the IR one operation at a time (the same document with a single
 * path item holding a single method) and returns the pointer of the first operation that crashes
 * alone; undefined when none does (the crash needs several operations together).
 */
function locateIrCrash(spec: LoadedSpec): string | undefined {
  const paths = spec.document.paths;
  if (!paths || typeof paths !== "object") return undefined;
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (!item || typeof item !== "object") continue;
    const record = item as Record<string, unknown>;
    const pathPointer = `#/paths/${escapePointer(path)}`;
    const methods = Object.keys(record).filter((key) => METHOD_KEY.test(key));
    // A `$ref`ed path item cannot be split: try it whole.
    const variants =
      typeof record.$ref === "string" || methods.length === 0
        ? [{ pointer: pathPointer, single: record }]
        : methods.map((method) => ({ pointer: `${pathPointer}/${method}`, single: onlyMethod(record, method) }));
    for (const { pointer, single } of variants) {
      try {
        buildIr({ ...spec, problems: [], document: { ...spec.document, paths: { [path]: single } } });
      } catch (error) {
        if (!(error instanceof BridgeError)) return pointer;
      }
    }
  }
  return undefined;
}

/** The path item with only one operation left (path-level parameters and servers kept). */
function onlyMethod(item: Record<string, unknown>, method: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => key === method || !METHOD_KEY.test(key)));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Tells the parent on stderr where the worker is (`@phase <name> [JSON so far]`), so a worker killed
 * at the time limit can still say what it was doing. Returns the phase name.
 */
export function markPhase(name: string, data?: object): string {
  process.stderr.write(`${PHASE_MARK}${name}${data ? ` ${JSON.stringify(data)}` : ""}\n`);
  return name;
}

/** Peak resident set size so far, in MB (`maxRSS` is in KB). */
function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " | ");
}

function firstLines(text: string, count: number): string {
  return text.split("\n").slice(0, count).join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const source = process.argv[2];
  if (!source) {
    process.stderr.write("usage: node --import tsx bench/corpus/run-one.ts <spec>\n");
    process.exit(2);
  }
  const report = await measureSpec(source);
  // stdout to a pipe is synchronous on Linux, so exiting right away loses nothing.
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}
