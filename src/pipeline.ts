/**
 * The shared front half of every command: load → IR → curate. `list`, `serve` and `generate` all
 * start here, so they see the same tools.
 */
import { applyCuration, type CurationResult } from "./curate/apply-curation.js";
import { loadCuration } from "./load/load-curation.js";
import { loadSpec } from "./load/load-spec.js";
import { buildIr } from "./ir/build-ir.js";
import { createResponseSchemaSource } from "./ir/response-schema.js";
import type { ApiIr, IrOptions } from "./ir/types.js";

/** Inputs of the pipeline, as a command receives them. */
export interface PipelineInput {
  /** Spec path or URL. */
  spec: string;
  /** Curation file path, if any. */
  curationFile?: string;
  /** `--base-url`, which beats the curation file and the spec. */
  baseUrl?: string;
  irOptions?: Partial<IrOptions>;
}

/** The IR and the curated server. */
export interface PipelineResult extends CurationResult {
  ir: ApiIr;
}

/** Runs load → IR → curate. Throws {@link BridgeError}s with locations. */
export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const [spec, curation] = await Promise.all([
    loadSpec(input.spec),
    input.curationFile ? loadCuration(input.curationFile) : Promise.resolve(undefined),
  ]);
  const ir = buildIr(spec, input.irOptions);
  const result = applyCuration(
    ir,
    curation?.curation,
    {
      ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
      ...(input.curationFile === undefined ? {} : { file: input.curationFile }),
      responseSchemaOf: createResponseSchemaSource(spec, input.irOptions, ir.warnings),
    },
    curation?.lines,
  );
  return { ir, ...result };
}
