/**
 * Runs a server definition until the process is told to stop: the one start-up path shared by
 * `openapi-mcp serve` and every generated project's entry point, so both behave the same.
 */
import { startHttpServer } from "./http-transport.js";
import { prepareRuntime } from "./prepare-runtime.js";
import { startStdioServer } from "./stdio-transport.js";
import { ServeConfigError, type ServeSettings } from "./serve-settings.js";
import type { ServerDefinition } from "./tool-definition.js";

export { StaticHeaderError } from "./static-headers.js";
export { parseServeSettings, SERVE_OPTIONS, ServeConfigError, serveSettingsFromValues, type ServeSettings } from "./serve-settings.js";

/** Serves until stdin closes (stdio) or SIGINT/SIGTERM; `onListening` gets the HTTP endpoint URL. */
export async function runServer(
  definition: ServerDefinition,
  settings: ServeSettings,
  env: Record<string, string | undefined>,
  onListening?: (url: string) => void,
): Promise<void> {
  const { prepared, log } = prepareRuntime(definition, env, {
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    ...(settings.userAgent === undefined ? {} : { userAgent: settings.userAgent }),
  });
  if (!prepared.invoke.baseUrl && definition.tools.some((t) => !t.http.serverUrl)) {
    throw new ServeConfigError("no upstream base URL: pass --base-url or set OPENAPI_MCP_BASE_URL");
  }
  const stop = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (settings.transport === "stdio") {
      process.stdin.once("end", resolve);
      process.stdin.once("close", resolve);
    }
  });
  if (settings.transport === "stdio") {
    const running = await startStdioServer(prepared);
    log("info", `serving ${definition.tools.length} tools over stdio`, { upstream: prepared.invoke.baseUrl });
    await stop;
    await running.close();
    return;
  }
  const running = await startHttpServer(prepared, {
    host: settings.host,
    port: settings.port,
    ...(settings.allowedHosts ? { allowedHosts: settings.allowedHosts } : {}),
    ...(settings.allowedOrigins ? { allowedOrigins: settings.allowedOrigins } : {}),
  });
  onListening?.(running.url);
  log("info", `serving ${definition.tools.length} tools on ${running.url}`, { upstream: prepared.invoke.baseUrl });
  await stop;
  await running.close();
}
