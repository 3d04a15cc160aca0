/**
 * When `serve` may start on the first tools while the rest are converted (see
 * `runStagedPipeline`): a rule of its own, so the main thread can apply it without loading the
 * pipeline, which runs on the worker.
 */
import type { PipelineInput } from "./pipeline.js";

/**
 * True without a curation file, client profile, discovery or read-only mode: each of those looks at
 * every tool before any is served (selection, renaming, the search index, the read-only filter).
 */
export function stagedStartApplies(input: PipelineInput): boolean {
  return input.curationFile === undefined && input.client === undefined && input.discovery !== true && input.readOnly !== true;
}
