/**
 * Turns a server definition plus this process's configuration (environment variables) into a
 * prepared server: credentials read once, one redactor for every secret, a stderr logger.
 *
 * Environment variables:
 * - `OPENAPI_MCP_BASE_URL`: the upstream base URL; replaces every server the definition holds, tools' own included.
 *   Userinfo in it (`http://user:pw@host`) is taken out of the URL and sent as HTTP Basic auth (a
 *   scheme's own credentials beat it); the URL kept, logged and shown has none, and the password is redacted.
 * - `OPENAPI_MCP_AUTH_*`: credentials, see {@link credentialVariables}.
 * - any `NAME` a curation header reads with `${env:NAME}` (see `resolveStaticHeaders`).
 * - `OPENAPI_MCP_LOG_LEVEL` (debug, info, warn, error; default info: a line per failed tool call, and
 *   debug one per successful call too, see call-log.ts), `OPENAPI_MCP_LOG_FORMAT` (text or json).
 * - every limit's `OPENAPI_MCP_*` variable (one table, `LIMITS` in serve-settings.ts), unless the caller
 *   resolved the limits (`RuntimeOptions.limits`, flags included).
 */
import { createAuthContext } from "./auth/apply-auth.js";
import { createCallLog, type CallLogLevels } from "./invoke/call-log.js";
import { splitBaseUrlCredentials } from "./auth/credentials.js";
import { createMcpServer, prepareServer, type PreparedServer } from "./mcp/create-server.js";
import { createLogger, type Log, type LogLevel } from "./core/logger.js";
import { createRedactor, secretsOf } from "./auth/redact.js";
import { resolveLimits, type ServeLimits } from "./core/serve-settings.js";
import { resolveStaticHeaders, type StaticHeaders } from "./request/static-headers.js";
import type { ServerDefinition, ToolDefinition } from "./core/tool-definition.js";
import type { LaterTools } from "./core/later-tools.js";
import { upstreamSendLimits } from "./upstream/upstream-limits.js";

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
  /** The levels of the per-call line; default failures at info, successes at debug (see call-log.ts). */
  callLogLevels?: CallLogLevels;
  /** Tools promised at start beyond the definition's (later-tools.ts); prepared as they come. */
  later?: LaterTools;
}

const LEVELS = new Set(["debug", "info", "warn", "error"]);

/**
 * Reads configuration once and prepares the shared server state.
 *
 * @throws StaticHeaderError (a {@link ServeConfigError}) when a curation header's `${env:NAME}` is unset.
 * @throws ServeConfigError when a limit variable is out of range (unless `options.limits` is given).
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
  const operatorBase = splitBaseUrlCredentials(options.baseUrl ?? nonEmpty(env.OPENAPI_MCP_BASE_URL) ?? "");
  const operatorBaseUrl = operatorBase.url === "" ? undefined : operatorBase.url;
  const base = operatorBaseUrl === undefined ? splitBaseUrlCredentials(definition.baseUrl ?? "") : operatorBase;
  const baseUrl = base.url === "" ? undefined : base.url;
  for (const secret of base.secrets) redact.add(secret);
  // The base URLs' userinfo as tools' static headers, for these tools and for any that come later.
  const addUrlAuthorization = (byTool: Map<ToolDefinition, StaticHeaders>): void => {
    if (base.authorization !== undefined && baseUrl !== undefined) {
      addBaseUrlAuthorization(byTool, base.authorization, baseUrl, operatorBaseUrl !== undefined);
    }
    if (operatorBaseUrl === undefined) {
      for (const secret of addServerUrlAuthorization(byTool)) redact.add(secret);
    }
  };
  addUrlAuthorization(headers.byTool);
  // Later tools get their static headers the same way before the server can call them.
  const withHeaders = (tools: ToolDefinition[]): ToolDefinition[] => {
    const more = resolveStaticHeaders({ ...definition, tools }, env, options.userAgent);
    for (const secret of more.secrets) redact.add(secret);
    addUrlAuthorization(more.byTool);
    for (const [tool, fixed] of more.byTool) headers.byTool.set(tool, fixed);
    return tools;
  };
  const later = options.later;
  const laterPrepared: LaterTools | undefined =
    later === undefined
      ? undefined
      : {
          names: later.names,
          ...(later.start === undefined ? {} : { start: later.start }),
          ...(later.first === undefined ? {} : { first: later.first.then(withHeaders) }),
          rest: later.rest.then(withHeaders),
        };
  const limits = options.limits ?? resolveLimits({}, env);
  const logCall = createCallLog(log, level, options.callLogLevels);
  const prepared = prepareServer(definition, {
    baseUrl,
    ...(operatorBaseUrl === undefined ? {} : { operatorBaseUrl }),
    auth,
    redact,
    maxResponseBytes: limits.maxResponseBytes,
    upstream: upstreamSendLimits(limits),
    limits,
    log,
    staticHeaders: headers.byTool,
    ...(logCall ? { logCall } : {}),
  }, laterPrepared);
  return { prepared, log };
}

/**
 * Sends the base URL's userinfo as `Authorization` from every tool whose requests go to the base
 * URL's origin (every tool when the operator's URL replaces all servers; never to a tool's own server
 * elsewhere). It is a static header, so a scheme's credentials, set later by `applyAuth`, beat it.
 */
function addBaseUrlAuthorization(byTool: Map<ToolDefinition, StaticHeaders>, authorization: string, baseUrl: string, everyTool: boolean): void {
  const origin = new URL(baseUrl).origin;
  for (const [tool, fixed] of byTool) {
    if (!everyTool && tool.http.serverUrl !== undefined && new URL(tool.http.serverUrl, baseUrl).origin !== origin) continue;
    if (fixed.names.has("authorization")) continue;
    byTool.set(tool, {
      headers: { ...fixed.headers, Authorization: authorization },
      names: new Map(fixed.names).set("authorization", "Authorization"),
    });
  }
}

/**
 * The same rule for a tool's own server URL (an operation's or path's `servers` entry, a curation
 * tool `baseUrl`) that carries userinfo: Basic auth as a static header of that tool, which a scheme's
 * credentials beat; the request itself goes to the URL's origin without the userinfo. This is the
 * one place userinfo becomes a header. Returns the secrets to redact.
 */
function addServerUrlAuthorization(byTool: Map<ToolDefinition, StaticHeaders>): string[] {
  const secrets: string[] = [];
  for (const [tool, fixed] of byTool) {
    if (tool.http.serverUrl === undefined) continue;
    const own = splitBaseUrlCredentials(tool.http.serverUrl);
    if (own.authorization === undefined) continue;
    secrets.push(...own.secrets);
    if (fixed.names.has("authorization")) continue;
    byTool.set(tool, {
      headers: { ...fixed.headers, Authorization: own.authorization },
      names: new Map(fixed.names).set("authorization", "Authorization"),
    });
  }
  return secrets;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim().replace(/\/+$/, "");
}
