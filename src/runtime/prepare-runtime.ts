/**
 * Turns a server definition plus this process's configuration (environment variables) into a
 * prepared server: credentials read once, one redactor for every secret, a stderr logger.
 *
 * Environment variables:
 * - `OPENAPI_MCP_BASE_URL`: the upstream base URL; replaces every server the definition holds, tools' own included.
 * - `OPENAPI_MCP_AUTH_*`: credentials, see {@link credentialVariables}.
 * - any `NAME` a curation header reads with `${env:NAME}` (see `resolveStaticHeaders`).
 * - `OPENAPI_MCP_LOG_LEVEL` (debug, info, warn, error; default info), `OPENAPI_MCP_LOG_FORMAT` (text or json).
 * - the limits' `OPENAPI_MCP_*` variables (see `LIMITS` in serve-settings.ts), unless resolved by the caller.
 */
import { createAuthContext } from "./apply-auth.js";
import { createMcpServer, prepareServer, type PreparedServer } from "./create-server.js";
import { createLogger, type Log, type LogLevel } from "./logger.js";
import { createRedactor, secretsOf } from "./redact.js";
import { resolveLimits, type ServeLimits } from "./serve-settings.js";
import { resolveStaticHeaders } from "./static-headers.js";
import type { ServerDefinition } from "./tool-definition.js";

export { createMcpServer };

/** Options that do not come from the environment. */
export interface RuntimeOptions {
  /** Beats OPENAPI_MCP_BASE_URL (the CLI's --base-url). */
  baseUrl?: string;
  /** Where log lines go; default stderr. */
  writeLog?: (line: string) => void;
  /** The default `User-Agent` (`openapi-mcp-bridge/<version>`, or a generated project's `name/version`); none when absent. */
  userAgent?: string;
  /** Resolved limits (command line, environment, defaults); default: read from `env` alone. */
  limits?: ServeLimits;
}

const LEVELS = new Set(["debug", "info", "warn", "error"]);

/**
 * Reads configuration once and prepares the shared server state.
 *
 * @throws StaticHeaderError (a {@link ServeConfigError}) when a curation header's `${env:NAME}` is unset.
 */
export function prepareRuntime(
  definition: ServerDefinition,
  env: Record<string, string | undefined>,
  options: RuntimeOptions = {},
): { prepared: PreparedServer; log: Log } {
  const redact = createRedactor();
  const auth = createAuthContext(definition.securitySchemes, env, { onToken: (token: string) => redact.add(token) });
  for (const secret of secretsOf(auth.store)) redact.add(secret);
  const headers = resolveStaticHeaders(definition, env, options.userAgent);
  for (const secret of headers.secrets) redact.add(secret);
  const level = LEVELS.has(env.OPENAPI_MCP_LOG_LEVEL ?? "") ? (env.OPENAPI_MCP_LOG_LEVEL as LogLevel) : "info";
  const log = createLogger({
    level,
    json: env.OPENAPI_MCP_LOG_FORMAT === "json",
    redact,
    ...(options.writeLog ? { write: options.writeLog } : {}),
  });
  for (const problem of auth.store.problems) log("warn", problem.message, { variable: problem.variable });
  // The operator's URL replaces every server the spec or curation declares, per-operation ones included.
  const operatorBaseUrl = options.baseUrl ?? nonEmpty(env.OPENAPI_MCP_BASE_URL);
  const baseUrl = operatorBaseUrl ?? definition.baseUrl;
  const limits = options.limits ?? resolveLimits({}, env);
  const prepared = prepareServer(definition, {
    baseUrl,
    ...(operatorBaseUrl === undefined ? {} : { operatorBaseUrl }),
    auth,
    redact,
    maxResponseBytes: limits.maxResponseBytes,
    limits,
    log,
    staticHeaders: headers.byTool,
  });
  return { prepared, log };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim().replace(/\/+$/, "");
}
