/**
 * Loaded spec → {@link ApiIr}: one record per operation, in spec order (paths as written, methods
 * in the spec's order get, put, post, delete, options, head, patch, trace). An operation that
 * cannot be used is skipped with a warning naming its pointer; the rest still become tools.
 */
import { BridgeError, SpecError } from "../errors.js";
import type { LoadedSpec } from "../load/load-spec.js";
import type { HttpMethod } from "../runtime/core/tool-definition.js";
import type { BuildContext } from "./build-context.js";
import { appendPointer } from "./json-pointer.js";
import { baseToolName, dedupeNames, shortenName } from "./naming.js";
import { operationToIr, type OperationSite } from "./operation-to-tool.js";
import { createRefResolver, type RefResolver } from "./resolve-ref.js";
import { createSchemaContext } from "./schema-to-json-schema.js";
import { securitySchemesFromSpec } from "./security.js";
import { serverListToUrl, swagger2ServerUrl } from "./servers.js";
import { resolveIrOptions, type ApiIr, type Diagnostic, type IrOptions, type OperationIr } from "./types.js";

const METHODS: HttpMethod[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY"];

type Raw = Record<string, unknown>;

/** Decides from an operation's summary whether to convert it. */
export type OperationFilter = (operation: { operationId?: string; method: HttpMethod; path: string; tags: string[] }) => boolean;

/**
 * Builds the IR of every operation in a loaded spec, or of those `only` accepts (names are still
 * made unique across all operations, so a tool's name does not depend on the filter).
 */
export function buildIr(spec: LoadedSpec, partialOptions: Partial<IrOptions> = {}, only?: OperationFilter): ApiIr {
  const builder = createIrBuilder(spec, partialOptions);
  const operations: OperationIr[] = [];
  for (let index = 0; index < builder.names.length; index++) {
    if (only && !only(builder.summaryAt(index))) continue;
    const operation = builder.convert(index);
    if (operation !== undefined) operations.push(operation);
  }
  return builder.finish(operations, only !== undefined);
}

/**
 * {@link buildIr} one operation at a time, for a caller that wants the first tools before the last
 * are converted (`serve`'s first `tools/list` page, see pipeline.ts). `names` are every operation's
 * unique tool name, known before any is converted.
 */
export interface IrBuilder {
  /** The tool name of each operation, in spec order. */
  names: string[];
  /** What a filter sees of operation `index`. */
  summaryAt(index: number): Parameters<OperationFilter>[0];
  /** Converts operation `index`; undefined (and a warning naming its pointer) when it cannot be used. */
  convert(index: number): OperationIr | undefined;
  /** The IR of `operations` (converted here, in order); throws as {@link buildIr} does. */
  finish(operations: OperationIr[], filtered: boolean): ApiIr;
  /**
   * The IR of `operations` so far, for shaping their tools before the rest are converted: what
   * {@link finish} would give, but without its checks and without adding to the warnings.
   */
  preview(operations: OperationIr[]): ApiIr;
}

/** Starts building the IR of `spec` (see {@link IrBuilder}). */
export function createIrBuilder(spec: LoadedSpec, partialOptions: Partial<IrOptions> = {}): IrBuilder {
  const options = resolveIrOptions(partialOptions);
  const { document, specVersion } = spec;
  const warnings: Diagnostic[] = spec.problems.map((p) => ({
    pointer: p.location?.pointer ?? "#",
    message: p.message,
    ...(p.hint === undefined ? {} : { hint: p.hint }),
  }));
  const resolver = createRefResolver(document, spec.source);
  const server = { location: spec.location, isUrl: spec.isUrl, warnings };
  const ctx: BuildContext = {
    document,
    resolver,
    specVersion,
    options,
    warnings,
    server,
    securitySchemes: securitySchemesFromSpec(document, specVersion, resolver, warnings),
    requestSchemas: createSchemaContext(resolver, specVersion, "request", options.maxRecursionDepth, warnings),
    parameterDrafts: new Map(),
  };

  const sites = operationSites(document, specVersion === "3.2", resolver);
  const names = dedupeNames(
    sites.map((s) => shortenName(baseToolName(stringOrUndefined(s.operation.operationId), s.method, s.path), options.maxToolNameLength)),
    options.maxToolNameLength,
  );
  let firstFailure: BridgeError | undefined;
  return {
    names,
    summaryAt: (index) => summaryOf(sites[index]!),
    convert(index) {
      const site = sites[index]!;
      try {
        return operationToIr(site, names[index]!, ctx);
      } catch (error) {
        if (!(error instanceof BridgeError)) throw error;
        firstFailure ??= error;
        const pointer = appendPointer(site.pathPointer, site.method.toLowerCase());
        warnings.push({ pointer: error.location?.pointer ?? pointer, message: `${site.method} ${site.path} skipped: ${error.message}`, ...(error.hint ? { hint: error.hint } : {}) });
        return undefined;
      }
    },
    finish(operations, filtered) {
      if (sites.length === 0) {
        const webhooks = document.webhooks && typeof document.webhooks === "object" ? Object.keys(document.webhooks).length : 0;
        if (webhooks > 0) {
          throw new SpecError(
            `the spec declares only webhooks (${webhooks}), which the API sends; there is no operation a tool can call`,
            { file: spec.source, pointer: "#/webhooks" },
            "use the spec that describes the API's paths",
          );
        }
        throw new SpecError("the spec has no operations", { file: spec.source, pointer: "#/paths" }, "add paths with operations, or pass the root file of a multi-file spec");
      }
      if (operations.length === 0 && firstFailure && !filtered) {
        throw new SpecError(`no operation could be converted; the first failure: ${firstFailure.message}`, firstFailure.location ?? { file: spec.source }, firstFailure.hint);
      }

      return irOf(operations, server, warnings);
    },
    preview: (operations) => irOf(operations, { ...server, warnings: [] }, [...warnings]),
  };

  function irOf(operations: OperationIr[], site: typeof server, diagnostics: Diagnostic[]): ApiIr {
    const info = (document.info ?? {}) as Raw;
    const serverUrl = specVersion === "2.0" ? swagger2ServerUrl(document, site) : serverListToUrl(document.servers, "#/servers", site);
    return {
      source: spec.source,
      specVersion,
      title: typeof info.title === "string" ? info.title : "API",
      version: info.version === undefined ? "0.0.0" : String(info.version),
      ...(typeof info.description === "string" ? { description: info.description } : {}),
      ...(serverUrl === undefined ? {} : { serverUrl }),
      securitySchemes: ctx.securitySchemes,
      operations,
      warnings: diagnostics,
    };
  }
}

/** Every operation in document order. */
function operationSites(document: Raw, isV32: boolean, resolver: RefResolver): OperationSite[] {
  const paths = (document.paths ?? {}) as Raw;
  const sites: OperationSite[] = [];
  if (!paths || typeof paths !== "object") return sites;
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== "object" || path.startsWith("x-")) continue;
    const pathPointer = appendPointer("#/paths", path);
    const pathItem = resolveOrUndefined(resolver, item as Raw, pathPointer);
    if (!pathItem) continue;
    for (const method of METHODS) {
      if (method === "QUERY" && !isV32) continue;
      const node = pathItem[method.toLowerCase()];
      if (!node || typeof node !== "object") continue;
      // Multi-file specs (DigitalOcean) reference whole operations from other files.
      const operation = resolveOrUndefined(resolver, node as Raw, appendPointer(pathPointer, method.toLowerCase()));
      if (operation) sites.push({ path, method, pathItem, operation, pathPointer });
    }
  }
  return sites;
}

function summaryOf(site: OperationSite): Parameters<OperationFilter>[0] {
  const id = stringOrUndefined(site.operation.operationId);
  return {
    ...(id === undefined ? {} : { operationId: id }),
    method: site.method,
    path: site.path,
    tags: Array.isArray(site.operation.tags) ? site.operation.tags.map(String) : [],
  };
}

function resolveOrUndefined(resolver: RefResolver, node: Raw, pointer: string): Raw | undefined {
  try {
    const { value } = resolver.resolve(node, pointer);
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
