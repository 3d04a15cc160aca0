/**
 * `openapi-mcp list`: the selected tools with their exact cost in o200k tokens, as a table or as JSON;
 * `--max-tokens N` turns the total into a CI check.
 */
import type { ListOptions } from "./args.js";
import { runPipeline } from "../pipeline.js";
import type { ProfileReport } from "../profile/apply-profile.js";
import { credentialVariables } from "../runtime/auth/credentials.js";
import { toMcpTool, type McpTool } from "../runtime/mcp/mcp-tool.js";
import { listedMetaTools } from "../runtime/discovery/meta-tools.js";
import { countListTokens, countToolTokens, TOKENIZER_NAME } from "./count-tokens.js";
import { headerVariables } from "../runtime/request/static-headers.js";
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { SpecError } from "../errors.js";
import type { Diagnostic } from "../ir/types.js";
import type { CommandIo } from "./io.js";
import { formatDiagnostic } from "./format-diagnostic.js";
import { emptySelectionMessage, withoutEmptySelectionWarning } from "./empty-selection.js";

/** Runs `list`; returns the exit code. */
export async function runList(options: ListOptions, io: CommandIo): Promise<number> {
  const result = await runPipeline({
    spec: options.spec,
    ...(options.curation === undefined ? {} : { curationFile: options.curation }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.client === undefined ? {} : { client: options.client }),
    ...(options.readOnly === true ? { readOnly: true } : {}),
    ...(options.discovery === true ? { discovery: true } : {}),
    ...(options.maxNameLength === undefined ? {} : { irOptions: { maxToolNameLength: options.maxNameLength } }),
  });
  const specWarnings: Diagnostic[] = [...result.ir.warnings];
  if (options.validate) {
    const { validateSpec } = await import("../load/validate-spec.js");
    specWarnings.push(...(await validateSpec(options.spec)));
  }
  const warnings = [...specWarnings.map(formatDiagnostic), ...withoutEmptySelectionWarning(result.warnings)];
  if (result.server.tools.length === 0) warnings.push(emptySelectionMessage(options, result.ir.operations.length));
  if (options.strict && specWarnings.length > 0) {
    const first = specWarnings[0]!;
    throw new SpecError(
      `${specWarnings.length} spec warning${specWarnings.length === 1 ? "" : "s"} with --strict; the first: ${first.message}`,
      { file: options.spec, pointer: first.pointer },
      first.hint ?? "fix the spec, or drop --strict to work around it",
    );
  }
  const tools = listedMcpTools(result.server);
  const toolTokens = tools.map(countToolTokens);
  const total = countListTokens(tools);
  // A single tool this large crowds out the conversation it is meant to serve.
  tools.forEach((tool, i) => {
    if (toolTokens[i]! > EXPENSIVE_TOOL_TOKENS) {
      warnings.push(`tool ${tool.name} costs ${toolTokens[i]!.toLocaleString("en-US")} ${TOKENIZER_NAME} tokens on its own: hide arguments it does not need or rewrite their descriptions in the curation file`);
    }
  });
  const overBudget = options.maxTokens !== undefined && total > options.maxTokens ? budgetMessage(total, options.maxTokens, tools, toolTokens) : undefined;
  const environment = environmentOf(result.server);
  const profile = result.profile === undefined ? undefined : profileSummary(result.profile);
  if (options.json) {
    const tokens = { tokenizer: TOKENIZER_NAME, total, tools: Object.fromEntries(tools.map((t, i) => [t.name, toolTokens[i]!])) };
    io.stdout(JSON.stringify({ tools, tokens, warnings, environment, ...(profile === undefined ? {} : { profile }) }, null, 2));
    if (overBudget) io.stderr(`error: ${overBudget}`);
    return overBudget ? 1 : 0;
  }
  for (const warning of warnings) io.stderr(`warning: ${warning}`);
  const byName = new Map(result.server.tools.map((tool) => [tool.name, tool]));
  const rows = tools.map((listed, i) => {
    const tool = byName.get(listed.name);
    return [
      listed.name,
      tool === undefined ? `(discovery: ${result.server.tools.length} operations in reach)` : `${tool.http.method} ${tool.http.path}`,
      String(Object.keys((listed.inputSchema.properties as object | undefined) ?? {}).length),
      String(toolTokens[i]!),
    ];
  });
  io.stdout(formatTable(["TOOL", "METHOD PATH", "ARGS", "TOKENS"], rows));
  io.stdout(`\n${tools.length} tool${tools.length === 1 ? "" : "s"}, ${total.toLocaleString("en-US")} tokens (${TOKENIZER_NAME}) for the whole tools/list result` +
    (result.server.baseUrl ? `; upstream ${result.server.baseUrl}` : "; no upstream base URL yet (set baseUrl or --base-url before serving)"));
  if (profile !== undefined) {
    io.stdout(`client profile ${profile.client}: ${profile.transformed} of ${profile.tools} tools reshaped (${profile.renamed} renamed), ${profile.notes} constraints moved into descriptions${profile.overLimit.length > 0 ? `; still over the client's limits: ${profile.overLimit.join("; ")}` : ""}`);
  }
  io.stdout("\nEnvironment for serve and generated servers:");
  io.stdout(formatTable(["VARIABLE", "WHAT"], environment.map((v) => [v.name, v.description]), { lastIsText: true }));
  if (overBudget) io.stderr(`error: ${overBudget}`);
  return overBudget ? 1 : 0;
}

/**
 * What `tools/list` returns for this server, in order: every tool, or in discovery mode the three
 * meta-tools and the tools listed beside them, as `prepareServer` lists them — so the counts are
 * what a client receives in either mode.
 */
function listedMcpTools(server: ServerDefinition): McpTool[] {
  if (server.discovery === undefined) return server.tools.map(toMcpTool);
  const listed = new Set(server.discovery.listed);
  return [...listedMetaTools(server), ...server.tools.filter((tool) => listed.has(tool.name)).map(toMcpTool)];
}

/** Why `--max-tokens` failed, naming the tools that cost most so the fix has somewhere to start. */
function budgetMessage(total: number, max: number, tools: McpTool[], toolTokens: number[]): string {
  const largest = tools
    .map((tool, i) => ({ name: tool.name, tokens: toolTokens[i]! }))
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, 3)
    .map((t) => `${t.name} (${t.tokens.toLocaleString("en-US")})`);
  return `the tool list costs ${total.toLocaleString("en-US")} ${TOKENIZER_NAME} tokens, over --max-tokens ${max.toLocaleString("en-US")}; ` +
    `the largest tools: ${largest.join(", ")}. Select fewer operations or hide arguments in the curation file, or raise --max-tokens`;
}

/** What `list` reports of a client profile (`--client`): the counts, without the warnings (listed with the others). */
function profileSummary(report: ProfileReport): Omit<ProfileReport, "warnings"> {
  const { warnings: _warnings, ...summary } = report;
  return summary;
}

/** A variable a server reads, as `list` shows it. */
export interface EnvironmentVariable {
  name: string;
  description: string;
  secret: boolean;
}

/**
 * The variables this server reads: the base URL, then the credentials of every security scheme
 * the selected tools can use (a scheme no selected tool needs is left out; schemes and requirements
 * the curation file adds count), then every `${env:NAME}` the curation file's headers read.
 */
export function environmentOf(server: ServerDefinition): EnvironmentVariable[] {
  const used = new Set(server.tools.flatMap((tool) => tool.security.flatMap((requirement) => Object.keys(requirement))));
  const schemes = Object.fromEntries(Object.entries(server.securitySchemes).filter(([name]) => used.has(name)));
  return [
    { name: "OPENAPI_MCP_BASE_URL", description: `Upstream base URL${server.baseUrl ? ` (default ${server.baseUrl})` : " (required: the spec declares none)"}`, secret: false },
    ...credentialVariables(schemes).map(({ name, description, secret }) => ({ name, description, secret })),
    ...headerVariables(server).map(({ name, description, secret }) => ({ name, description, secret })),
  ];
}

/** Above this many o200k tokens, one tool's definition gets a warning. */
export const EXPENSIVE_TOOL_TOKENS = 20_000;

/**
 * Columns padded to their widest cell (at most 70 characters; longer cells are cut with `…`). The
 * last column is right-aligned for numbers, or left as it is when `lastIsText`.
 */
export function formatTable(header: string[], rows: string[][], options: { lastIsText?: boolean } = {}): string {
  const all = [header, ...rows];
  const last = header.length - 1;
  const widths = header.map((_, c) => Math.min(70, Math.max(...all.map((r) => (r[c] ?? "").length))));
  return all
    .map((row) => row.map((cell, c) => {
      if (c === last && options.lastIsText) return cell;
      const w = widths[c]!;
      const text = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
      return c === last ? text.padStart(w) : text.padEnd(w);
    }).join("  ").trimEnd())
    .join("\n");
}
