/**
 * A server's command-line settings (transport, host, port, allow-lists, base URL): one definition
 * for `openapi-mcp serve` and generated entry points. Imports only `node:util`, so reading a command
 * line costs no SDK load.
 */
import { parseArgs } from "node:util";

/** How to serve. */
export interface ServeSettings {
  transport: "stdio" | "http";
  host: string;
  port: number;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** Beats OPENAPI_MCP_BASE_URL and the definition's own. */
  baseUrl?: string;
  /** Default `User-Agent` of upstream requests; set by the caller, not the command line. */
  userAgent?: string;
}

/** Thrown for a bad command line or missing configuration; the entry point prints it and exits 1. */
export class ServeConfigError extends Error {}

/** The command-line options of a server (node:util parseArgs form), shared by generated entry points and `serve`. */
export const SERVE_OPTIONS = {
  transport: { type: "string", default: "stdio" },
  host: { type: "string", default: "127.0.0.1" },
  port: { type: "string", default: "3000" },
  "allowed-host": { type: "string", multiple: true },
  "allowed-origin": { type: "string", multiple: true },
  "base-url": { type: "string" },
} as const;

/** Parses `--transport stdio|http --host H --port P --allowed-host X --allowed-origin Y --base-url U`. */
export function parseServeSettings(argv: string[]): ServeSettings {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: SERVE_OPTIONS }));
  } catch (error) {
    throw new ServeConfigError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  }
  return serveSettingsFromValues(values);
}

/** Checks parsed {@link SERVE_OPTIONS} values; throws {@link ServeConfigError} naming the bad flag. */
export function serveSettingsFromValues(values: Record<string, string | string[] | boolean | undefined>): ServeSettings {
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

