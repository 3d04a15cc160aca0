/**
 * Worker-thread entry of `serve`'s pipeline (see {@link runServePipeline}). It starts reading the
 * spec file first, then loads the pipeline (~30 ms of compiling on a cold thread): the read runs on
 * libuv's thread pool meanwhile, instead of after it. The rest is pipeline-worker-run.ts.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { workerData } from "node:worker_threads";
import type { WorkerInput } from "./pipeline-off-thread.js";

const input = workerData as WorkerInput;
// As loadSpec reads a local spec; a failure is left for it to report, when it awaits these bytes.
const specBytes = /^https?:\/\//i.test(input.spec) ? undefined : readFile(resolve(input.spec));
specBytes?.catch(() => undefined);
const { runWorker } = await import("./pipeline-worker-run.js");
await runWorker(input, specBytes);
