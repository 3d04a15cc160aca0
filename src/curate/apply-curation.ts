/**
 * The curation step: a spec's IR plus an (optional) curation file → the server definition that
 * `serve` runs and `generate` writes.
 */
import { CurationError } from "../errors.js";
import type { ApiIr, OperationIr } from "../ir/types.js";
import type { DiscoveryDefinition } from "../runtime/core/discovery-definition.js";
import type { JsonSchema, ServeOpsConfig, ServerDefinition, ToolDefinition } from "../runtime/core/tool-definition.js";
import { META_TOOL_NAMES } from "../runtime/discovery/meta-tools.js";
import { buildSearchIndex, searchSourceOf } from "../runtime/discovery/search-index.js";
import { headerProblems, hideHeaderArguments } from "./apply-headers.js";
import { curatedSecuritySchemes, schemeProblems, toolSecurity, unknownSchemeProblems } from "./apply-security.js";
import { toCurationProblems, type LineLookup, type PathedProblem } from "./curation-path.js";
import type { Curation } from "./curation-schema.js";
import { operationLabel } from "./operation-ref.js";
import { selectOperations, type ToolEntryRef } from "./select-operations.js";
import { shapeTool } from "./shape-tool.js";

/** Options that come from outside the curation file. */
export interface CurationOptions {
  /** Base URL given on the command line (`--base-url`); beats the file's and the spec's. */
  baseUrl?: string;
  /** The curation file's path, for error messages. */
  file?: string;
  /** Converts an operation's response schema, for tools that opt into `outputSchema` (see `createResponseSchemaSource`). */
  responseSchemaOf?: (operation: OperationIr) => JsonSchema | undefined;
  /** `--discovery`: discovery mode even when the file does not say `discovery: true`. */
  discovery?: boolean;
  /** Counts tokens for `maxToolTokens` (the pipeline hands in o200k when the file sets it). */
  countTokens?: (text: string) => number;
  /** `--read-only`: keep only tools with `readOnlyHint: true` (as the file's `readOnly: true`). */
  readOnly?: boolean;
}

/** The curated server. */
export interface CurationResult {
  server: ServerDefinition;
  /** The selected operations, in the same order as `server.tools`. */
  selected: OperationIr[];
  /** Things worth telling the user that did not stop curation. */
  warnings: string[];
}

/**
 * Applies a curation file to an IR (see `selectOperations` and `shapeTool` for the rules). The IR
 * is not modified. Without a curation file every operation becomes a tool with default policy.
 *
 * Server identity: `server.name` defaults to the spec title slugged (lowercase, runs of other
 * characters → `-`), `server.version` to the spec version. Base URL: `options.baseUrl` > the file's
 * `baseUrl` > `ir.serverUrl`; none at all is left for `serve` to report. Per tool (see
 * {@link applyToolBaseUrl}): `options.baseUrl` > the tool entry's `baseUrl` > the file's `baseUrl` >
 * the operation's or path's own servers > the server's base URL.
 *
 * Credentials and headers: `securitySchemes` join the spec's (same name replaces); a tool's
 * `security` is its entry's, else the file's `security` when the spec declares none for the
 * operation, else the spec's ({@link toolSecurity}). `headers` go on the server, a tool entry's on
 * the tool; a header parameter of any such name stops being an argument ({@link hideHeaderArguments}).
 *
 * @throws CurationError with every problem found (unknown operations or arguments, duplicate tool
 *   names, conflicting selections, hidden required arguments), each with its path, line and hint.
 */
export function applyCuration(
  ir: ApiIr,
  curation: Curation | undefined,
  options: CurationOptions = {},
  lines?: LineLookup,
): CurationResult {
  const discovery = options.discovery === true || curation?.discovery === true;
  const selection = selectOperations(ir.operations, curation, discovery);
  const problems: PathedProblem[] = [...selection.problems];
  const warnings: string[] = [...selection.warnings];
  const securitySchemes = curatedSecuritySchemes(ir, curation);
  problems.push(...schemeProblems(curation));
  problems.push(...unknownSchemeProblems(curation?.security, securitySchemes, ["security"]));
  problems.push(...headerProblems(curation?.headers, ["headers"]));
  curation?.tools?.forEach((entry, index) => {
    problems.push(...unknownSchemeProblems(entry.security, securitySchemes, ["tools", index, "security"]));
    problems.push(...headerProblems(entry.headers, ["tools", index, "headers"]));
  });
  const serverHeaderNames = Object.keys(curation?.headers ?? {}).map((name) => name.toLowerCase());

  const tools = selection.selected.map((operation): ToolDefinition => {
    const entry = selection.entries.get(operation);
    const shaped = shapeTool(operation, entry, curation?.defaults, options.responseSchemaOf, options.countTokens);
    problems.push(...shaped.problems);
    warnings.push(...shaped.warnings);
    let tool = shaped.tool;
    applyToolBaseUrl(tool, entry?.entry.baseUrl, options.baseUrl ?? curation?.baseUrl, options.baseUrl !== undefined);
    tool.security = toolSecurity(operation, entry?.entry, curation);
    const toolHeaders = entry?.entry.headers;
    if (toolHeaders !== undefined) tool.headers = { ...toolHeaders };
    const scopes = entry?.entry.scopes;
    if (scopes !== undefined && scopes.length > 0) tool.scopes = [...new Set(scopes)];
    const names = [...serverHeaderNames, ...Object.keys(toolHeaders ?? {}).map((name) => name.toLowerCase())];
    if (names.length > 0) tool = hideHeaderArguments(tool, new Set(names));
    return tool;
  });
  problems.push(...duplicateNames(selection.selected, tools, selection.entries));
  if (discovery) problems.push(...reservedNames(selection.selected, tools, selection.entries));

  if (problems.length > 0) throw new CurationError(options.file ?? "curation", toCurationProblems(problems, lines));
  const kept = readOnlySelection(options.readOnly === true || curation?.readOnly === true, selection.selected, tools, warnings);

  const server: ServerDefinition = {
    name: curation?.server?.name ?? slugify(ir.title),
    version: curation?.server?.version ?? ir.version,
    securitySchemes,
    ...(curation?.headers === undefined ? {} : { headers: { ...curation.headers } }),
    tools: kept.tools,
  };
  if (curation?.serve !== undefined) server.serve = serveOps(curation.serve);
  const instructions = curation?.server?.instructions;
  if (instructions !== undefined) server.instructions = instructions;
  const baseUrl = options.baseUrl ?? curation?.baseUrl ?? ir.serverUrl;
  if (baseUrl !== undefined) server.baseUrl = baseUrl;
  if (discovery) server.discovery = discoveryOf(kept.selected, kept.tools, selection.entries);
  const oauth = curation?.serve?.oauth;
  if (oauth !== undefined) {
    server.serve = { ...server.serve, oauth: { issuer: oauth.issuer, audience: oauth.audience, requiredScopes: [...new Set(oauth.requiredScopes ?? [])], ...(oauth.introspection === true ? { introspection: true } : {}) } };
  }
  return { server, selected: kept.selected, warnings };
}

/**
 * Read-only mode: drops the tools without `readOnlyHint: true`
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool) and says which.
 */
function readOnlySelection(readOnly: boolean, selected: OperationIr[], tools: ToolDefinition[], warnings: string[]): { selected: OperationIr[]; tools: ToolDefinition[] } {
  if (!readOnly) return { selected, tools };
  const keep = tools.map((tool) => tool.annotations.readOnlyHint === true);
  const dropped = tools.filter((_, i) => !keep[i]).map((tool) => tool.name);
  if (dropped.length > 0) warnings.push(`read-only: left out ${dropped.length} tool(s) without readOnlyHint: ${dropped.join(", ")} (set annotations.readOnlyHint: true on a tools entry that only reads)`);
  return { selected: selected.filter((_, i) => keep[i]), tools: tools.filter((_, i) => keep[i]) };
}

/** The `serve:` section as runtime data, without keys left unset (generated server.ts stays minimal). */
function serveOps(serve: NonNullable<Curation["serve"]>): ServeOpsConfig {
  return JSON.parse(JSON.stringify(serve)) as ServeOpsConfig;
}

/**
 * Discovery mode's data: the `tools` entries are listed beside the meta-tools, and the search
 * index covers every selected operation, built here once (serve at start, generate into the
 * project) with what only the spec knows: tags and summaries (a tools entry's title beats the summary).
 */
function discoveryOf(operations: OperationIr[], tools: ToolDefinition[], entries: Map<OperationIr, ToolEntryRef>): DiscoveryDefinition {
  const listed = tools.filter((_, i) => entries.has(operations[i]!)).map((tool) => tool.name);
  const sources = tools.map((tool, i) => {
    const operation = operations[i]!;
    const summary = entries.get(operation)?.entry.title ?? operation.summary;
    return searchSourceOf(tool, { tags: operation.tags, ...(summary === undefined ? {} : { summary }) });
  });
  return { listed, index: buildSearchIndex(sources) };
}

/** In discovery mode a listed tool cannot take a meta-tool's name. */
function reservedNames(operations: OperationIr[], tools: ToolDefinition[], entries: Map<OperationIr, ToolEntryRef>): PathedProblem[] {
  const problems: PathedProblem[] = [];
  tools.forEach((tool, i) => {
    const ref = entries.get(operations[i]!);
    if (ref === undefined || !META_TOOL_NAMES.has(tool.name)) return;
    problems.push({
      path: ["tools", ref.index, ref.entry.name === undefined ? "operation" : "name"],
      message: `tool name ${JSON.stringify(tool.name)} is one of discovery mode's meta-tools (${[...META_TOOL_NAMES].join(", ")})`,
      hint: "give the tool another name with tools[].name",
    });
  });
  return problems;
}

/**
 * Sets a tool's own server (`http.serverUrl`, which the runtime prefers to the server's base URL).
 * The command line's `--base-url` replaces every server, the tool entry's included; a tool entry's
 * `baseUrl` replaces the operation's and path's servers; the file's `baseUrl` replaces them too
 * (a spec's per-operation server, such as Stripe's files.stripe.com, no longer wins over it).
 */
function applyToolBaseUrl(tool: ToolDefinition, entryBaseUrl: string | undefined, configured: string | undefined, fromCommandLine: boolean): void {
  if (entryBaseUrl !== undefined && !fromCommandLine) {
    tool.http = { ...tool.http, serverUrl: entryBaseUrl.replace(/\/+$/, "") };
  } else if (configured !== undefined && tool.http.serverUrl !== undefined) {
    // Copy first: the shaped tool may share its binding with the IR.
    const { serverUrl: _replaced, ...http } = tool.http;
    tool.http = http;
  }
}

/** `"Swagger Petstore - OpenAPI 3.0"` → `"swagger-petstore-openapi-3-0"`; `"api"` when nothing is left. */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "api" : slug;
}

/**
 * One problem per tool whose final name an earlier tool already has, naming both operations. The
 * path points at the `name` that caused the clash (the later tool's rename, else the earlier's).
 */
function duplicateNames(
  operations: OperationIr[],
  tools: ToolDefinition[],
  entries: Map<OperationIr, ToolEntryRef>,
): PathedProblem[] {
  const problems: PathedProblem[] = [];
  const first = new Map<string, number>();
  tools.forEach((tool, i) => {
    const earlier = first.get(tool.name);
    if (earlier === undefined) {
      first.set(tool.name, i);
      return;
    }
    const renamer = [operations[i]!, operations[earlier]!]
      .map((operation) => entries.get(operation))
      .find((ref) => ref?.entry.name !== undefined);
    const [a, b] = [operations[earlier]!, operations[i]!].map((operation) => JSON.stringify(operationLabel(operation)));
    problems.push({
      path: renamer ? ["tools", renamer.index, "name"] : [],
      message: `tool name ${JSON.stringify(tool.name)} is used by both ${a} and ${b}`,
      hint: "give one of them another name with tools[].name",
    });
  });
  return problems;
}
