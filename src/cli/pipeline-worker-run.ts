/**
 * The body of `serve`'s pipeline worker (see pipeline-worker.ts, which starts reading the spec
 * before loading this): runs load → IR → curate on the input it is given and posts back what
 * `serve` needs — the server definition and the messages for people — or the error, as plain data
 * the main thread turns back into the same error class. Nothing here writes to stdout, which in
 * stdio mode carries JSON-RPC only.
 */
import { parentPort } from "node:worker_threads";
import { BridgeError, ConfigError, CurationError, SpecError } from "../errors.js";
import { runPipeline, runStagedPipeline } from "../pipeline.js";
import { toMcpTool } from "../runtime/mcp/mcp-tool.js";
import { toolListingBytes } from "../runtime/mcp/tool-pages.js";
import type { Curation } from "../curate/curation-schema.js";
import type { CurationMessage, PipelineMessage, WorkerInput } from "./pipeline-off-thread.js";

/**
 * The main thread's word that the rest may be built (its first answer is out, or something needs
 * the rest). Listened for from the start of a staged run: since the server starts on the head, the
 * word can come before the first tools are handed over. The listener is removed when the run ends,
 * so that the thread can exit.
 */
function listenForRest(): { wanted: Promise<void>; stop: () => void } {
  let resolve = (): void => {};
  const wanted = new Promise<void>((settle) => (resolve = settle));
  if (parentPort === null) return { wanted: Promise.resolve(), stop: () => {} };
  const port = parentPort;
  const listener = (): void => resolve();
  port.once("message", listener);
  return { wanted, stop: () => void port.off("message", listener) };
}

/** The curation file's content, when the main thread reads it (see `runServePipeline`). */
function curationFromParent(): Promise<Curation | undefined> {
  return new Promise((resolve) => {
    const port = parentPort;
    if (port === null) return resolve(undefined);
    const listener = (message: unknown): void => {
      if (message === null || typeof message !== "object" || !("curation" in message)) return;
      port.off("message", listener);
      resolve((message as CurationMessage).curation);
    };
    port.on("message", listener);
  });
}

/**
 * Runs the worker's pipeline on `workerInput` and posts its outcome. `specBytes`: the spec file,
 * already being read (undefined for a URL).
 */
export async function runWorker(workerInput: WorkerInput, specBytes?: Promise<Buffer>): Promise<void> {
  parentPort?.postMessage(await run(workerInput, specBytes));
}

async function run({ firstPageBytes, curationFollows, ...input }: WorkerInput, specBytes: Promise<Buffer> | undefined): Promise<PipelineMessage> {
  try {
    // Staged: the server's head and every name before any tool is built, then the first page's
    // tools as soon as they are, then the rest after them.
    let handedOver = 0;
    const rest = firstPageBytes === undefined ? undefined : listenForRest();
    const result =
      firstPageBytes === undefined
        ? await runPipeline(input, { ...(curationFollows === true ? { curation: curationFromParent() } : {}), ...(specBytes === undefined ? {} : { specBytes }) })
        : await runStagedPipeline(
            input,
            { bytes: firstPageBytes, measure: (tool) => toolListingBytes(toMcpTool(tool)) },
            (early) => {
              handedOver = early.server.tools.length;
              const message: PipelineMessage = { ok: true, early: { server: early.server, names: early.names } };
              parentPort?.postMessage(message);
              return rest?.wanted;
            },
            (head) => {
              const message: PipelineMessage = { ok: true, head: { server: head.server, names: head.names } };
              parentPort?.postMessage(message);
            },
            specBytes === undefined ? {} : { specBytes },
          ).finally(() => rest?.stop());
    const server = handedOver === 0 ? result.server : { ...result.server, tools: result.server.tools.slice(handedOver) };
    return {
      ok: true,
      result: { server, warnings: result.warnings, irWarnings: result.ir.warnings, operationCount: result.ir.operations.length },
    };
  } catch (error) {
    if (error instanceof BridgeError) {
      // By class, not by `name`: a bundler may rename classes.
      const kind = error instanceof CurationError ? "CurationError" : error instanceof SpecError ? "SpecError" : error instanceof ConfigError ? "ConfigError" : "BridgeError";
      return {
        ok: false,
        error: {
          kind,
          message: error.message,
          ...(error.location === undefined ? {} : { location: error.location }),
          ...(error.hint === undefined ? {} : { hint: error.hint }),
          ...(error instanceof CurationError ? { problems: error.problems } : {}),
        },
      };
    }
    const plain = error instanceof Error ? error : new Error(String(error));
    const code = (plain as NodeJS.ErrnoException).code;
    return { ok: false, error: { kind: "Error", message: plain.message, ...(plain.stack ? { stack: plain.stack } : {}), ...(code === undefined ? {} : { code }) } };
  }
}

