/**
 * `openapi-mcp serve`: load → IR → curate → run, over stdio or Streamable HTTP, through the same
 * runtime entry ({@link runServer}) that generated projects use. In stdio mode stdout carries
 * JSON-RPC only; every message for people goes to stderr.
 *
 * Start-up: the pipeline runs on a worker thread while this thread loads the runtime (the MCP SDK,
 * zod, the transports), see pipeline-off-thread.ts; so the runtime is imported here, not above.
 * Over stdio without curation the server starts on the spec's head (it answers `initialize` before
 * any tool is built), then takes the first page's tools and the rest as they come (later-tools.ts);
 * their warnings are printed then.
 */
import { createRequire } from "node:module";
import { ConfigError } from "../errors.js";
import { withoutUserinfo } from "../runtime/auth/credentials.js";
import type { ServeOptions } from "./args.js";
import { formatDiagnostic } from "./format-diagnostic.js";
import { emptySelectionMessage, withoutEmptySelectionWarning } from "./empty-selection.js";
import type { CommandIo } from "./io.js";
import { curationContent, runServePipeline, type ServePipelineResult } from "./pipeline-off-thread.js";
import { resolveLimits } from "../runtime/core/serve-settings.js";
import type { PipelineInput } from "../pipeline.js";
import { stagedStartApplies } from "../staged-start.js";

/**
 * Over stdio, the first `tools/list` page's budget: the pipeline then hands over the first tools
 * as soon as they fill it, and the server answers while the rest are built (later-tools.ts).
 * HTTP waits for every tool anyway. A bad limit is left for `runServer` to report.
 */
function firstPageBytes(options: ServeOptions): number | undefined {
  if (options.transport !== "stdio") return undefined;
  try {
    return resolveLimits(options.limits, process.env).toolsListPageBytes;
  } catch {
    return undefined;
  }
}

/** Runs `serve`; resolves with the exit code once the server has stopped. */
export async function runServe(options: ServeOptions, io: CommandIo): Promise<number> {
  const input: PipelineInput = {
    spec: options.spec,
    ...(options.curation === undefined ? {} : { curationFile: options.curation }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.client === undefined ? {} : { client: options.client }),
    ...(options.discovery === true ? { discovery: true } : {}),
    ...(options.ops?.readOnly === true ? { readOnly: true } : {}),
  };
  // The curation file is read on this thread, while the worker reads the spec (see
  // runServePipeline); a problem with it is left to the worker, which then reports it as ever.
  const curationFile = options.curation;
  const pipeline = runServePipeline(input, stagedStartApplies(input) ? firstPageBytes(options) : undefined, curationFile === undefined ? undefined : () => curationContent(curationFile));
  // A pipeline error wins over one loading the runtime: it is the one the user can fix.
  const runtime = import("../runtime/run-server.js");
  runtime.catch(() => undefined);
  const result = await pipeline;
  const { runServer, ServeConfigError, StaticHeaderError, UnprotectedBindError } = await runtime;
  const report = (run: { irWarnings: ServePipelineResult["irWarnings"]; warnings: string[] }): void => {
    if (process.env.OPENAPI_MCP_LOG_LEVEL === "debug") for (const warning of run.irWarnings) io.stderr(`debug: ${formatDiagnostic(warning)}`);
    for (const warning of withoutEmptySelectionWarning(run.warnings)) io.stderr(`warning: ${warning}`);
  };
  report(result);
  // A staged run's messages come with its rest, while the server already answers.
  const later = result.later && {
    names: result.later.names,
    ...(result.later.first === undefined ? {} : { first: result.later.first }),
    start: result.later.start,
    rest: result.later.rest.then((rest) => {
      report(rest);
      return rest.server.tools;
    }),
  };
  if ((later?.names.length ?? result.server.tools.length) === 0) {
    // An MCP client shows a server with no tools as if it were broken; say what to edit instead.
    throw new ConfigError(`serve refuses to start with ${emptySelectionMessage(options, result.operationCount)}`);
  }
  const { spec: _spec, curation: _curation, command: _command, client: _client, discovery: _discovery, ...settings } = options;
  // Upstreams see who calls them, as from an SDK (GitHub refuses requests without a User-Agent).
  const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };
  try {
    const onListening = (url: string): void => {
      io.stderr(`serving ${later?.names.length ?? result.server.tools.length} tools on ${url} (upstream ${withoutUserinfo(options.baseUrl ?? process.env.OPENAPI_MCP_BASE_URL ?? result.server.baseUrl ?? "per tool")})`);
    };
    await runServer(result.server, { ...settings, userAgent: `openapi-mcp-bridge/${version}` }, process.env, onListening, later).finally(() => result.later?.stop());
  } catch (error) {
    if (error instanceof StaticHeaderError) {
      throw new ConfigError(error.message, { file: options.curation ?? options.spec }, `set ${error.variable} before starting the server, or remove its \${env:${error.variable}} from headers`);
    }
    if (error instanceof UnprotectedBindError) {
      throw new ConfigError(error.message, undefined, "serve on 127.0.0.1, configure OAuth (--oauth-issuer, --oauth-audience), or add --allow-unauthenticated once something in front of it authenticates callers");
    }
    if (error instanceof ServeConfigError && error.message.startsWith("no upstream base URL")) {
      throw new ConfigError(
        "no upstream base URL: the spec declares no absolute server URL",
        { file: options.spec, pointer: "#/servers" },
        "pass --base-url, set OPENAPI_MCP_BASE_URL, or set baseUrl in the curation file",
      );
    }
    if (error instanceof ServeConfigError) throw new ConfigError(error.message, undefined, "run `openapi-mcp --help` for the options");
    throw error;
  }
  return 0;
}
