/**
 * The shared front half of every command: load → IR → curate. `list`, `serve` and `generate` all
 * start here, so they see the same tools.
 */
import { applyCuration, type CurationResult } from "./curate/apply-curation.js";
import type { Publish } from "./curate/curation-schema.js";
import { candidateFilter } from "./curate/select-operations.js";
import { BridgeError } from "./errors.js";
import { buildIr } from "./ir/build-ir.js";
import { createResponseSchemaSource } from "./ir/response-schema.js";
import type { ApiIr, IrOptions } from "./ir/types.js";
import { loadCuration, type LoadedCuration } from "./load/load-curation.js";
import { loadSpec, type LoadedSpec } from "./load/load-spec.js";

/** Inputs of the pipeline, as a command receives them. */
export interface PipelineInput {
  /** Spec path or URL. */
  spec: string;
  /** Curation file path, if any. */
  curationFile?: string;
  /** `--base-url`, which beats the curation file and the spec. */
  baseUrl?: string;
  irOptions?: Partial<IrOptions>;
  /** `--read-only`: keep only tools with readOnlyHint. */
  readOnly?: boolean;
}

/** The IR and the curated server. */
export interface PipelineResult extends CurationResult {
  ir: ApiIr;
  /** The curation file's `publish` block, for `generate`'s server.json and manifest.json. */
  publish?: Publish;
}

/**
 * Runs load → IR → curate. Throws {@link BridgeError}s with locations.
 *
 * With a curation file that chooses its operations, only the candidates are converted (a large
 * spec starts in a fraction of the time). When curation then has anything to say — a problem, a
 * warning — it runs again on the whole IR, so every message and did-you-mean sees every operation.
 */
export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const [spec, curation] = await Promise.all([
    loadSpec(input.spec),
    input.curationFile ? loadCuration(input.curationFile) : Promise.resolve(undefined),
  ]);
  const only = candidateFilter(curation?.curation);
  if (only) {
    try {
      const result = curate(spec, curation, input, buildIr(spec, input.irOptions, only));
      // An empty selection is reported against every operation, so it too takes the full run.
      if (result.warnings.length === 0 && result.selected.length > 0) return result;
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
    }
  }
  return curate(spec, curation, input, buildIr(spec, input.irOptions));
}

function curate(spec: LoadedSpec, curation: LoadedCuration | undefined, input: PipelineInput, ir: ApiIr): PipelineResult {
  const result = applyCuration(
    ir,
    curation?.curation,
    {
      ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
      ...(input.curationFile === undefined ? {} : { file: input.curationFile }),
      responseSchemaOf: createResponseSchemaSource(spec, input.irOptions, ir.warnings),
      ...(input.readOnly === true ? { readOnly: true } : {}),
    },
    curation?.lines,
  );
  const publish = curation?.curation.publish;
  return { ir, ...result, ...(publish ? { publish } : {}) };
}
