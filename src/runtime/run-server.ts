/**
 * Runs a server definition until the process is told to stop: the one start-up path shared by
 * `openapi-mcp serve` and every generated project's entry point, so both behave the same.
 */
import { parseArgs } from "node:util";
import { startHttpServer } from "./http-transport.js";
import { prepareRuntime } from "./prepare-runtime.js";
import { startStdioServer } from "./stdio-transport.js";
import type { ServerDefinition } from "./tool-definition.js";

/** How to serve. */
export interface ServeSettings {
  transport: "stdio" | "http";
  host: string;
  port: number;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** Beats OPENAPI_MCP_BASE_URL and the definition's own. */
  baseUrl?: string;
}

/** Thrown for a bad command line or missing configuration; the entry point prints it and exits 1. */
export class ServeConfigError extends Error {}

/** Parses `--transport stdio|http --host H --port P --allowed-host X --allowed-origin Y --base-url U`. */
export function parseServeSettings(argv: string[]): ServeSettings {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        transport: { type: "string", default: "stdio" },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "3000" },
        "allowed-host": { type: "string", multiple: true },
        "allowed-origin": { type: "string", multiple: true },
        "base-url": { type: "string" },
      },
    }));
  } catch (error) {
    throw new ServeConfigError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  }
  const transport = String(values.transport);
  if (transport !== "stdio" && transport !== "http") throw new ServeConfigError(`--transport must be stdio or http, got "${transport}"`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ServeConfigError(`--port must be a whole number from 0 to 65535, got "${String(values.port)}"`);
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? v.map(String) : undefined);
  const allowedHosts = list(values["allowed-host"]);
  const allowedOrigins = list(values["allowed-origin"]);
  const baseUrl = typeof values["base-url"] === "string" ? values["base-url"].replace(/\/+$/, "") : undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl)) throw new ServeConfigError(`--base-url must be an absolute http(s) URL, got "${baseUrl}"`);
  return {
    transport,
    host: String(values.host),
    port,
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/** Serves until stdin closes (stdio) or SIGINT/SIGTERM; `onListening` gets the HTTP endpoint URL. */
export async function runServer(
  definition: ServerDefinition,
  settings: ServeSettings,
  env: Record<string, string | undefined>,
  onListening?: (url: string) => void,
): Promise<void> {
  const { prepared, log } = prepareRuntime(definition, env, settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl });
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
