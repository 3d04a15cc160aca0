/**
 * Shapes shared by the corpus run's parent (`run-corpus.ts`), its per-spec worker (`run-one.ts`)
 * and the pure helpers that classify and summarise results.
 */

/** Prefix of the worker's progress lines on stderr (`@phase check 12/300 #/paths/...`). */
export const PHASE_MARK = "@phase ";

/** How one spec fared. */
export type Outcome =
  /** At least one tool, and every tool passes `toolProblems`. */
  | "ok"
  /** Tools were produced but at least one fails `toolProblems` (or a tool name is repeated). */
  | "invalid_tools"
  /** A {@link BridgeError} with a location: the bridge refused the spec clearly. */
  | "clear_error"
  /** Any other exception, or the worker died without a report. */
  | "crash"
  /** The worker was killed at the time limit before it reported. */
  | "timeout";

/** A tool that a client would refuse. */
export interface InvalidTool {
  name: string;
  /** JSON pointer of the operation the tool comes from. */
  pointer: string;
  problems: string[];
}

/** A warning (skipped operation, worked-around quirk) as the IR builder reported it. */
export interface WorkerWarning {
  pointer: string;
  message: string;
}

/** The one JSON line `run-one.ts` prints. */
export interface WorkerReport {
  outcome: Exclude<Outcome, "timeout">;
  tools: number;
  invalidTools: InvalidTool[];
  /** Number of IR warnings. */
  warnings: number;
  /** Operations the IR builder skipped (warnings of the form `METHOD /path skipped: ...`). */
  skippedOperations: number;
  /** The first few skipped operations, for the report. */
  skippedSample: WorkerWarning[];
  /** One line: `BridgeError.format()` for a clear error, the message for a crash. */
  error?: string;
  /** Crash only: the first lines of the stack. */
  stack?: string;
  /** Crash in the IR builder only: the first operation that crashes on its own. */
  crashPointer?: string;
  /** In-process times; a phase not reached is absent. `total` = load + ir + tools. */
  ms: { load?: number; ir?: number; tools?: number; total?: number; check?: number };
  /** `maxRSS` right after the pipeline (load → IR → MCP tools), before the checks. */
  pipelinePeakRssMb: number;
  /** `maxRSS` at the end of the worker. */
  peakRssMb: number;
  /** Size of the `tools/list` result (`{ tools }`) as JSON. */
  payloadBytes: number;
  /** Estimated tokens of the whole tool list (`estimateToolTokens` summed). */
  tokens: number;
  /** The tool that costs the most tokens (a huge inlined schema shows here). */
  largestTool?: { name: string; pointer: string; tokens: number };
}

/** One row of the corpus's `index.tsv` that matters here. */
export interface IndexRow {
  /** Path relative to the corpus directory. */
  path: string;
  group: string;
  specVersion: string;
  bytes: number;
  /** Operations under `paths`, as the corpus index counted them. */
  operations: number;
  webhookOperations: number;
}

/** The report's figures known before the checks start (sent with the `check` phase mark). */
export type PipelineFigures = Omit<WorkerReport, "outcome" | "invalidTools" | "error" | "stack" | "crashPointer" | "peakRssMb">;

/** What the parent records for one spec. */
export interface SpecResult {
  /** Path relative to the corpus directory, as in `index.tsv`. */
  spec: string;
  group: string;
  realWorld: boolean;
  /** Operations per the index, for coverage. */
  indexOperations: number;
  outcome: Outcome;
  /** Wall time of the worker process, spawn to exit. */
  wallMs: number;
  /** The worker's report, when it printed one. */
  report?: WorkerReport;
  /** Timeout during the checks: the pipeline's figures, which the worker sent before checking. */
  partial?: PipelineFigures;
  /** One-line error (clear error, crash message, or timeout note). */
  error?: string;
  /** Crash: first lines of the stack (from the report or from stderr). */
  stack?: string;
}
