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
import type { LoadedCuration } from "./load/load-curation.js";
import { loadSpec, type LoadedSpec } from "./load/load-spec.js";
import { applyClientProfile, type ProfileReport } from "./profile/apply-profile.js";
import type { ClientName } from "./runtime/core/tool-definition.js";

/** Inputs of the pipeline, as a command receives them. */
export interface PipelineInput {
  /** Spec path or URL. */
  spec: string;
  /** Curation file path, if any. */
  curationFile?: string;
  /** `--base-url`, which beats the curation file and the spec. */
  baseUrl?: string;
  irOptions?: Partial<IrOptions>;
  /** `--client`: the client profile to shape the tools for; beats the curation file's `client`. */
  client?: ClientName;
  /** `--discovery`: discovery mode whatever the curation file says. */
  discovery?: boolean;
  /** `--read-only`: keep only tools with readOnlyHint. */
  readOnly?: boolean;
}

/** The IR and the curated server. */
export interface PipelineResult extends CurationResult {
  ir: ApiIr;
  /** The curation file's `publish` block, for `generate`'s server.json and manifest.json. */
  publish?: Publish;
  /** Set when a client profile shaped the tools (`--client`, or `client:` in the curation file). */
  profile?: ProfileReport;
}

/**
 * Runs load → IR → curate. Throws {@link BridgeError}s with locations.
 *
 * With a curation file that chooses its operations, only the candidates are converted (a large
 * spec starts in a fraction of the time). When curation then has anything to say — a problem, a
 * warning — it runs again on the whole IR, so every message and did-you-mean sees every operation.
 */
export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  // The curation loader (with the `yaml` package, ~300 KB of code) is loaded only when there is a
  // curation file: a server started on a spec alone answers sooner without it.
  const curationFile = input.curationFile;
  const [spec, curation] = await Promise.all([
    loadSpec(input.spec),
    curationFile ? import("./load/load-curation.js").then(({ loadCuration }) => loadCuration(curationFile)) : Promise.resolve(undefined),
  ]);
  const maxDescriptionLength = curation?.curation.maxDescriptionLength;
  if (maxDescriptionLength !== undefined) input = { ...input, irOptions: { maxDescriptionLength, ...input.irOptions } };
  // The o200k tables take ~150 ms to load: only when a tool budget needs them.
  const c = curation?.curation;
  const budgeted = c?.defaults?.maxToolTokens !== undefined || (c?.tools ?? []).some((entry) => entry.maxToolTokens !== undefined);
  const countTokens = budgeted ? (await import("gpt-tokenizer/encoding/o200k_base")).countTokens : undefined;
  const only = candidateFilter(curation?.curation, input.discovery === true || curation?.curation.discovery === true);
  if (only) {
    try {
      const result = curate(spec, curation, input, buildIr(spec, input.irOptions, only), countTokens);
      // An empty selection is reported against every operation, so it too takes the full run.
      if (result.warnings.length === 0 && result.selected.length > 0) return result;
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
    }
  }
  return curate(spec, curation, input, buildIr(spec, input.irOptions), countTokens);
}

function curate(
  spec: LoadedSpec,
  curation: LoadedCuration | undefined,
  input: PipelineInput,
  ir: ApiIr,
  countTokens?: (text: string) => number,
): PipelineResult {
  const result = applyCuration(
    ir,
    curation?.curation,
    {
      ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
      ...(input.curationFile === undefined ? {} : { file: input.curationFile }),
      ...(input.discovery === true ? { discovery: true } : {}),
      responseSchemaOf: createResponseSchemaSource(spec, input.irOptions, ir.warnings),
      ...(countTokens === undefined ? {} : { countTokens }),
      ...(input.readOnly === true ? { readOnly: true } : {}),
    },
    curation?.lines,
  );
  const publish = curation?.curation.publish;
  const client = input.client ?? curation?.curation.client;
  if (client === undefined) return { ir, ...result, ...(publish ? { publish } : {}) };
  // Last, on the curated tools: names, schemas and descriptions as this client accepts them.
  const profiled = applyClientProfile(result.server, client);
  return {
    ir,
    ...result,
    server: profiled.server,
    warnings: [...result.warnings, ...profiled.report.warnings],
    profile: profiled.report,
    ...(publish ? { publish } : {}),
  };
}
