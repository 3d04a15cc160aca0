/**
 * The shared front half of every command: load → IR → curate. `list`, `serve` and `generate` all
 * start here, so they see the same tools.
 */
import { applyCuration, type CurationResult } from "./curate/apply-curation.js";
import type { Curation, Publish } from "./curate/curation-schema.js";
import { candidateFilter } from "./curate/select-operations.js";
import { BridgeError, CurationError } from "./errors.js";
import { buildIr, createIrBuilder } from "./ir/build-ir.js";
import { refsAllResolve } from "./ir/refs-all-resolve.js";
import { stagedStartApplies } from "./staged-start.js";
import { createResponseSchemaSource } from "./ir/response-schema.js";
import type { ApiIr, IrOptions, OperationIr } from "./ir/types.js";
import type { LoadedCuration } from "./load/load-curation.js";
import { loadSpec, type LoadedSpec, type LoadSpecOptions } from "./load/load-spec.js";
import { applyClientProfile, type ProfileReport } from "./profile/apply-profile.js";
import type { ClientName, ServerDefinition, ToolDefinition } from "./runtime/core/tool-definition.js";

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
export async function runPipeline(input: PipelineInput, options: PipelineOptions = {}): Promise<PipelineResult> {
  // The curation loader (with the `yaml` package, ~300 KB of code) is loaded only when there is a
  // curation file: a server started on a spec alone answers sooner without it.
  const curationFile = input.curationFile;
  const load = (file: string): Promise<LoadedCuration> => import("./load/load-curation.js").then(({ loadCuration }) => loadCuration(file));
  const given = options.curation;
  const [spec, curation] = await Promise.all([
    loadSpec(input.spec, options.specBytes === undefined ? {} : { bytes: options.specBytes }),
    curationFile === undefined
      ? Promise.resolve(undefined)
      : given === undefined
        ? load(curationFile)
        : given.then((valid): Promise<LoadedCuration> | LoadedCuration => (valid === undefined ? load(curationFile) : { curation: valid, lines: () => undefined })),
  ]);
  if (given === undefined || curationFile === undefined) return pipelineOnSpec(spec, curation, input);
  try {
    return await pipelineOnSpec(spec, curation, input);
  } catch (error) {
    // Problems name their lines, which only the file's own parse knows: read it here after all.
    if (error instanceof CurationError) return pipelineOnSpec(spec, await load(curationFile), input);
    throw error;
  }
}

/** How {@link runPipeline} may be helped. */
export interface PipelineOptions {
  /**
   * The curation file's content, already read and validated elsewhere (`serve` reads it on its main
   * thread while the pipeline's thread reads the spec), or undefined when that failed: the file is
   * then read here, so its errors are reported as ever. When curating finds a problem, the file is
   * read here too, for the problems' lines.
   */
  curation?: Promise<Curation | undefined>;
  /** The spec file's bytes, already being read (see {@link LoadSpecOptions.bytes}). */
  specBytes?: Promise<Buffer>;
}

/** The first tools of a staged run ({@link runStagedPipeline}). */
export interface EarlyTools {
  /** The server, holding only the first tools: at least the first `tools/list` page and one tool more. */
  server: ServerDefinition;
  /** Every tool's name, in order: the server's tools, then those still to come. */
  names: string[];
}

/** How a staged run knows when the first `tools/list` page is complete. */
export interface FirstPage {
  /** The page budget in bytes (`toolsListPageBytes`). */
  bytes: number;
  /** A tool's share of a page, as the runtime counts it (tool-pages.ts). */
  measure: (tool: ToolDefinition) => number;
}

/** Operations converted between looks at whether the first page is full. */
const STAGE_BATCH = 32;

/**
 * {@link runPipeline} for `serve`, handing over the first tools early: once the tools converted so
 * far fill the first `tools/list` page and one more, `onEarly` receives them with every tool's
 * name, and the run goes on to the whole result, which is identical to {@link runPipeline}'s.
 * A server can then answer `initialize` and the first `tools/list` while the rest is converted
 * (GitHub: 277 of 1,223 operations); when `onEarly` returns a promise, the rest waits for it.
 * `onHead`, earlier still (before any operation is converted), receives the server without tools
 * and every name: a server can answer `initialize` from it while the first page is built. It is
 * followed by `onEarly`, or, when the whole list fits the first page, by nothing but the result.
 *
 * Only without curation, client profile, discovery or read-only mode (each of those looks at every
 * tool first), and only when every `$ref` resolves ({@link refsAllResolve}): then every operation
 * becomes a tool, so the names announced early are the final list. Otherwise nothing is handed
 * over early, and operations that cannot be converted are reported at start with their pointers,
 * as ever. The early tools' warnings come with the whole result (without curation, the one warning
 * possible is the tool count).
 */
export async function runStagedPipeline(
  input: PipelineInput,
  firstPage: FirstPage,
  onEarly: (early: EarlyTools) => void | Promise<void>,
  onHead?: (head: EarlyTools) => void,
  options: PipelineOptions = {},
): Promise<PipelineResult> {
  if (!stagedStartApplies(input)) return runPipeline(input, options);
  const spec = await loadSpec(input.spec, { collectRefs: true, ...(options.specBytes === undefined ? {} : { bytes: options.specBytes }) });
  if (spec.problems.length > 0 || !refsAllResolve(spec.document, spec.source, spec.refs)) return pipelineOnSpec(spec, undefined, input);
  const builder = createIrBuilder(spec, input.irOptions);
  const { names } = builder;
  // Before any operation is converted: the server's own fields (they come from the spec as a whole,
  // not from its operations) and every name, enough for a server to answer `initialize`.
  if (onHead !== undefined && names.length > 0) onHead({ server: curate(spec, undefined, input, builder.preview([])).server, names });
  const operations: OperationIr[] = [];
  const early: ToolDefinition[] = [];
  let pageBytes = 0;
  let pageFull = false;
  for (let start = 0; start < names.length; start += STAGE_BATCH) {
    const batch: OperationIr[] = [];
    for (let index = start; index < Math.min(start + STAGE_BATCH, names.length); index++) {
      const operation = builder.convert(index);
      if (operation === undefined) throw new Error(`staged start: operation ${index} (${names[index]}) failed to convert although every $ref resolves`);
      batch.push(operation);
    }
    operations.push(...batch);
    if (pageFull) continue;
    const shaped = curate(spec, undefined, input, builder.preview(batch)).server;
    for (const tool of shaped.tools) {
      early.push(tool);
      const bytes = firstPage.measure(tool);
      // As createToolPages cuts: the page is full when a tool no longer fits after at least one.
      if (early.length > 1 && pageBytes + bytes > firstPage.bytes) {
        pageFull = true;
        break;
      }
      pageBytes += bytes;
    }
    // The rest is built when the caller's promise says so (after its first answer, see later-tools.ts).
    if (pageFull && early.length < names.length) await onEarly({ server: { ...shaped, tools: early }, names });
  }
  const result = curate(spec, undefined, input, builder.finish(operations, false));
  const final = result.server.tools;
  if (final.length !== names.length || final.some((tool, index) => tool.name !== names[index])) {
    throw new Error("staged start: the tools built differ from the names announced early");
  }
  return result;
}

/** The pipeline after loading: IR (of the curation's candidates first, when it chooses), curation, profile. */
async function pipelineOnSpec(spec: LoadedSpec, curation: LoadedCuration | undefined, input: PipelineInput): Promise<PipelineResult> {
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
