/**
 * `openapi-mcp serve`: load → IR → curate → run, over stdio or Streamable HTTP. In stdio mode
 * stdout carries JSON-RPC only; every message for people goes to stderr.
 */
import { ConfigError } from "../errors.js";
import { runPipeline } from "../pipeline.js";
import { startHttpServer } from "../runtime/http-transport.js";
import { prepareRuntime } from "../runtime/prepare-runtime.js";
import { startStdioServer } from "../runtime/stdio-transport.js";
import type { ServeOptions } from "./args.js";
import type { CommandIo } from "./io.js";
import { formatDiagnostic } from "./format-diagnostic.js";

/** Runs `serve`; resolves with the exit code once the server has stopped. */
export async function runServe(options: ServeOptions, io: CommandIo): Promise<number> {
  const result = await runPipeline({
    spec: options.spec,
    ...(options.curation === undefined ? {} : { curationFile: options.curation }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  });
  const { prepared, log } = prepareRuntime(result.server, process.env, options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl });
  for (const warning of result.ir.warnings) log("debug", formatDiagnostic(warning));
  for (const warning of result.warnings) log("warn", warning);
  if (!prepared.invoke.baseUrl && result.server.tools.some((t) => !t.http.serverUrl)) {
    throw new ConfigError(
      "no upstream base URL: the spec declares no absolute server URL",
      { file: options.spec, pointer: "#/servers" },
      "pass --base-url, set OPENAPI_MCP_BASE_URL, or set baseUrl in the curation file",
    );
  }
  const tools = result.server.tools.length;
  if (options.transport === "stdio") {
    const running = await startStdioServer(prepared);
    log("info", `serving ${tools} tools over stdio`, { upstream: prepared.invoke.baseUrl });
    await new Promise<void>((resolve) => {
      process.stdin.once("end", resolve);
      process.stdin.once("close", resolve);
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await running.close();
    return 0;
  }
  const running = await startHttpServer(prepared, {
    host: options.host,
    port: options.port,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  io.stderr(`serving ${tools} tools on ${running.url} (upstream ${prepared.invoke.baseUrl ?? "per tool"})`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await running.close();
  return 0;
}
