/**
 * `openapi-mcp call`: one tool call from the command line, through exactly the path `serve` takes —
 * the pipeline, {@link prepareRuntime} (credentials and base URL from OPENAPI_MCP_* variables, the
 * redacting logger) and {@link callTool} — so what works here works for a client. Prints the
 * result's structured content as JSON when present, else its text; an error result's text goes to
 * stderr with exit 1. `--json` prints the whole CallToolResult
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result) to stdout.
 */
import { closestMatch } from "../curate/did-you-mean.js";
import { ConfigError } from "../errors.js";
import { buildIr } from "../ir/build-ir.js";
import { loadSpec } from "../load/load-spec.js";
import { runPipeline } from "../pipeline.js";
import { callTool } from "../runtime/mcp/create-server.js";
import { prepareRuntime } from "../runtime/prepare-runtime.js";
import type { ToolResult } from "../runtime/core/tool-results.js";
import type { CallOptions } from "./args.js";
import { emptySelectionMessage, withoutEmptySelectionWarning } from "./empty-selection.js";
import type { CommandIo } from "./io.js";

/** Runs `call`; returns the exit code (1 when the result is an error). */
export async function runCall(options: CallOptions, io: CommandIo): Promise<number> {
  const result = await runPipeline({
    spec: options.spec,
    ...(options.curation === undefined ? {} : { curationFile: options.curation }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.client === undefined ? {} : { client: options.client }),
  });
  for (const warning of withoutEmptySelectionWarning(result.warnings)) io.stderr(`warning: ${warning}`);
  if (result.server.tools.length === 0) throw new ConfigError(emptySelectionMessage(options, result.ir.operations.length));
  // One call, run by a person: its line (status, time, bytes) is the point, success or not.
  const callLogLevels = { success: "info", failure: "info" } as const;
  const { prepared } = prepareRuntime(result.server, process.env, { callLogLevels, ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }) });
  if (!prepared.byName.has(options.tool)) {
    // The IR may hold only the selected operations (the pipeline converts just those); the advice needs every one.
    const every = buildIr(await loadSpec(options.spec)).operations.map((op) => op.tool.name);
    throw unknownTool(options, [...prepared.byName.keys()], every);
  }

  const answer = await callTool(prepared, { name: options.tool, arguments: options.arguments });
  if (options.json) {
    io.stdout(JSON.stringify(answer, null, 2));
    return answer.isError === true ? 1 : 0;
  }
  if (answer.isError === true) {
    io.stderr(`error result from ${options.tool}: ${resultText(answer)}`);
    return 1;
  }
  io.stdout(answer.structuredContent !== undefined ? JSON.stringify(answer.structuredContent, null, 2) : resultText(answer));
  return 0;
}

/** The text blocks of a result; other blocks as a one-line placeholder. */
function resultText(result: ToolResult): string {
  return result.content
    .map((block) => (block.type === "text" ? block.text : `[${block.type} ${block.mimeType}, ${Math.floor((block.data.length * 3) / 4)} bytes; pass --json for the data]`))
    .join("\n");
}

/** An unknown tool: the closest selected name, or — when the name is an operation left unselected — where to select it. */
function unknownTool(options: CallOptions, selected: string[], every: string[]): ConfigError {
  const where = options.curation ?? "the curation file";
  if (every.includes(options.tool)) {
    return new ConfigError(
      `tool "${options.tool}" is not selected in ${where}`,
      undefined,
      options.curation === undefined ? "pass --curation with the file that selects it" : `uncomment its entry under \`tools:\` in ${options.curation}`,
    );
  }
  const guess = closestMatch(options.tool, selected) ?? closestMatch(options.tool, every);
  return new ConfigError(
    `unknown tool "${options.tool}"${guess ? `: did you mean "${guess}"?` : ""}`,
    undefined,
    `run  openapi-mcp list ${options.spec}${options.curation ? ` --curation ${options.curation}` : ""}  for the tool names`,
  );
}
