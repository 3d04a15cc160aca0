/**
 * `serve` runs its pipeline (load → IR → curate) on a worker thread while the main thread loads
 * the MCP runtime: the two take comparable time (on GitHub's whole spec, ~250 ms of reading,
 * parsing and converting 1,223 operations against ~150 ms of compiling the SDK, zod and the
 * runtime), and neither needs the other until the server starts. Only what `serve` uses crosses
 * back (the server definition is plain data, ~2 MB for GitHub), not the spec or the IR.
 *
 * Staged (stdio, no curation; see `runStagedPipeline`): the worker hands over the first page's
 * tools and every tool's name as soon as it has them (GitHub: 277 of 1,223), the server answers
 * from them, and the rest follows when the server asks for it (later-tools.ts). Reading the spec
 * on this thread meanwhile and posting its text over was tried: it shortens the worker's path by
 * ~40 ms of CPU but costs this thread more (decoding, copying 11 MB, its garbage), and on a busy
 * machine the first answer came ~150 ms later, not sooner.
 *
 * The worker reports errors as plain data, turned back here into the same classes, so a spec or
 * curation problem prints exactly as it does from the main thread. When the worker's module is not
 * beside this one (a partial copy), the pipeline runs in this thread instead.
 */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { BridgeError, ConfigError, CurationError, SpecError, type CurationProblem, type SourceLocation } from "../errors.js";
import type { Diagnostic } from "../ir/types.js";
import type { Curation } from "../curate/curation-schema.js";
import type { PipelineInput } from "../pipeline.js";
import type { ServerDefinition, ToolDefinition } from "../runtime/core/tool-definition.js";

/** What `serve` needs of a pipeline run. */
export interface ServePipelineResult {
  server: ServerDefinition;
  /** Curation (and profile) warnings, one line each. */
  warnings: string[];
  /** The IR builder's diagnostics (printed at debug level). */
  irWarnings: Diagnostic[];
  /** Operations in the IR, for the "nothing selected" message. */
  operationCount: number;
  /**
   * Set when the server holds only the first tools (a staged run): every tool's name, and the rest
   * of the run, whose server holds the tools after the first (and whose warnings are the run's).
   */
  later?: {
    names: string[];
    /**
     * Set when the server holds no tools yet (it was handed over before any was built): the first
     * tools, those of the first page and one more, or every tool when they all fit that page.
     */
    first?: Promise<ToolDefinition[]>;
    rest: Promise<Omit<ServePipelineResult, "later">>;
    /** Asks the worker for the rest now (see `LaterTools.start`). */
    start: () => void;
    /** Stops the worker if it is still building: the server has stopped and will not need the rest. */
    stop: () => void;
  };
}

/** How long the worker waits, after the early tools, for the server to ask for the rest. */
const REST_DEADLINE_MS = 1000;

/** An error as the worker sends it. */
export interface PipelineErrorData {
  kind: "SpecError" | "ConfigError" | "CurationError" | "BridgeError" | "Error";
  message: string;
  location?: SourceLocation;
  hint?: string;
  problems?: CurationProblem[];
  stack?: string;
  code?: string;
}

/**
 * The worker's messages: its result or its error; in a staged run (see `runStagedPipeline`) the
 * head first (the server without tools, and every name), then the early tools, and then a result
 * whose server holds only the tools after them (or, when every tool fits the first page, the head
 * and then the whole result).
 */
export type PipelineMessage =
  | { ok: true; result: Omit<ServePipelineResult, "later"> }
  | { ok: true; head: { server: ServerDefinition; names: string[] } }
  | { ok: true; early: { server: ServerDefinition; names: string[] } }
  | { ok: false; error: PipelineErrorData };

/** Most messages a run sends: head, early tools, result. */
const MAX_MESSAGES = 3;

/**
 * What the worker is given: the pipeline's input, the first page's budget when `serve` can start on
 * the first tools, and whether the curation file's content will follow as a {@link CurationMessage}.
 */
export type WorkerInput = PipelineInput & { firstPageBytes?: number; curationFollows?: true };

/** The curation file's content, read and validated on the main thread; undefined when that failed (the worker reads the file then). */
export interface CurationMessage {
  curation: Curation | undefined;
}

/**
 * Runs `serve`'s pipeline on a worker thread; resolves with its result or rejects with the error it
 * threw (a {@link BridgeError} of the same class, location and hint). The worker's stdout and
 * stderr go to this process's stderr: stdout is the JSON-RPC channel in stdio mode.
 *
 * `readCuration`: reads the curation file's content on this thread, meanwhile (undefined when that
 * failed). The worker then reads only the spec, and does not load the YAML parser and the
 * curation schema (~100 ms of compiling on GitHub's curated start) on its critical path.
 */
export async function runServePipeline(input: PipelineInput, firstPageBytes?: number, readCuration?: () => Promise<Curation | undefined>): Promise<ServePipelineResult> {
  // Next to this module in every layout: src/cli (.ts through tsx), dist/cli and the bundle's dist/bin (.js).
  const script = new URL(`./pipeline-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  if (!existsSync(script)) return inThisThread(input);
  const follows = readCuration !== undefined && input.curationFile !== undefined;
  const workerData: WorkerInput = { ...input, ...(firstPageBytes === undefined ? {} : { firstPageBytes }), ...(follows ? { curationFollows: true as const } : {}) };
  const options = { workerData, stdout: true, stderr: true };
  youngGenerationForWorkers();
  // From the TypeScript sources (tests run the CLI through tsx), the worker registers tsx itself:
  // a worker thread does not inherit the loader hooks of `--import tsx`.
  const worker = script.pathname.endsWith(".ts")
    ? new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`, { ...options, eval: true })
    : new Worker(script, options);
  worker.stdout.pipe(process.stderr, { end: false });
  worker.stderr.pipe(process.stderr, { end: false });
  // Started once the worker is: the worker starts first, since it has the longer way to go.
  if (follows) {
    void readCuration().then(
      (content) => worker.postMessage({ curation: content } satisfies CurationMessage),
      () => worker.postMessage({ curation: undefined } satisfies CurationMessage),
    );
  }
  // The first message answers; after the head or early tools, the next ones bring the rest. A
  // failure of the worker itself (an error event, an exit before answering) settles whichever is
  // still awaited.
  const messages: Array<Promise<PipelineMessage>> = [];
  const settlers: Array<{ resolve: (message: PipelineMessage) => void; reject: (error: Error) => void }> = [];
  for (let i = 0; i < MAX_MESSAGES; i++) messages.push(new Promise((resolve, reject) => settlers.push({ resolve, reject })));
  for (const message of messages) message.catch(() => undefined);
  let received = 0;
  const fail = (error: Error): void => {
    for (const settler of settlers.slice(received)) settler.reject(error);
  };
  worker.on("message", (message: PipelineMessage) => settlers[received++]?.resolve(message));
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`the pipeline worker stopped (exit code ${code}) before answering`)));
  const message = await messages[0]!;
  if (!message.ok) throw errorFromData(message.error);
  if ("result" in message) return message.result;
  // The worker builds the rest when asked (the server's first answer is out, or it needs the rest),
  // or REST_DEADLINE_MS after the first tools whatever happens, so a client that never lists still gets every tool.
  let asked = false;
  const start = (): void => {
    if (asked) return;
    asked = true;
    worker.postMessage("rest");
  };
  const stop = (): void => void worker.terminate();
  const unwrap = (next: PipelineMessage): Exclude<PipelineMessage, { ok: false }> => {
    if (!next.ok) throw errorFromData(next.error);
    return next;
  };
  const restFrom = (index: number): Promise<Omit<ServePipelineResult, "later">> =>
    messages[index]!.then((next) => {
      const ok = unwrap(next);
      if ("result" in ok) return ok.result;
      throw new Error("the pipeline worker handed over early tools twice");
    });
  if ("early" in message) {
    const rest = restFrom(1);
    rest.catch(() => undefined);
    setTimeout(start, REST_DEADLINE_MS).unref();
    return { server: message.early.server, warnings: [], irWarnings: [], operationCount: message.early.names.length, later: { names: message.early.names, rest, start, stop } };
  }
  // The head: the server starts on it with no tools; the first tools follow, then the rest.
  const second = messages[1]!.then(unwrap);
  const first = second.then((next): ToolDefinition[] => {
    if ("head" in next) throw new Error("the pipeline worker handed over its head twice");
    return "early" in next ? next.early.server.tools : next.result.server.tools;
  });
  const rest = second.then((next) => ("result" in next ? { ...next.result, server: { ...next.result.server, tools: [] } } : restFrom(2)));
  first.then(() => setTimeout(start, REST_DEADLINE_MS).unref(), () => undefined);
  rest.catch(() => undefined);
  const { names } = message.head;
  return { server: message.head.server, warnings: [], irWarnings: [], operationCount: names.length, later: { names, first, rest, start, stop } };
}

/**
 * A curation file's content, read and validated as the pipeline would (the YAML parser and the
 * curation schema are loaded here on first use), or undefined when it has a problem: the pipeline
 * then reads it itself and reports the problem as ever, with its lines.
 */
export async function curationContent(file: string): Promise<Curation | undefined> {
  try {
    const { loadCuration } = await import("../load/load-curation.js");
    return (await loadCuration(file)).curation;
  } catch {
    return undefined;
  }
}

/** The young generation's size for the worker's heap, in MiB per semi-space (see {@link youngGenerationForWorkers}). */
const WORKER_SEMI_SPACE_MB = 64;

/**
 * Gives the heaps of worker threads started from now on a large young generation from the start.
 * The worker parses the whole spec at once (GitHub's: 11 MB of JSON, ~100 MB of objects, all live):
 * V8's young generation starts at 1 MiB and doubles as objects survive, so the parse runs through
 * dozens of scavenges, each copying what is live so far, and promotes it all anyway. Starting at
 * 64 MiB took ~40 ms of CPU off the worker's way to the first page on GitHub's spec (three rounds
 * of 5 runs, medians 257/283/262 -> 229/206/235 ms; 32 MiB saved nothing, 128 MiB no more than 64). Its pages are touched only as they
 * are used, and the worker exits once the rest is built. V8 reads these flags
 * when it configures a new isolate's heap; `resourceLimits` can cap the young generation but not
 * start it large. This thread's own heap, configured at process start, is not affected.
 */
function youngGenerationForWorkers(): void {
  setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB} --max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
}

async function inThisThread(input: PipelineInput): Promise<ServePipelineResult> {
  const { runPipeline } = await import("../pipeline.js");
  const result = await runPipeline(input);
  return { server: result.server, warnings: result.warnings, irWarnings: result.ir.warnings, operationCount: result.ir.operations.length };
}

/** The worker's error data as the error the pipeline threw. */
export function errorFromData(data: PipelineErrorData): Error {
  switch (data.kind) {
    case "CurationError":
      return new CurationError(data.location?.file ?? "curation", data.problems ?? []);
    case "SpecError":
      return new SpecError(data.message, data.location, data.hint);
    case "ConfigError":
      return new ConfigError(data.message, data.location, data.hint);
    case "BridgeError":
      return new BridgeError(data.message, data.location, data.hint);
    case "Error": {
      const error: Error & { code?: string } = new Error(data.message);
      if (data.stack !== undefined) error.stack = data.stack;
      if (data.code !== undefined) error.code = data.code;
      return error;
    }
  }
}
