/**
 * A server's settings (transport, host, port, allow-lists, base URL, and every resource limit):
 * one definition for `openapi-mcp serve` and generated entry points. Imports only `node:*`, so
 * reading a command line costs no SDK load.
 *
 * Limits live in one table, {@link LIMITS}: each has a safe default, a command-line flag and an
 * `OPENAPI_MCP_*` environment variable (flag beats variable beats default), and the README's
 * "Limits" table lists the same rows. The code that enforces a limit reads the resolved
 * {@link ServeLimits} and names the setting when the limit is hit ({@link limitHint}).
 */
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import type { OAuthResourceSettings } from "./tool-definition.js";
import { OPS_OPTIONS, opsFlagsFromValues, type OpsFlags } from "./ops-settings.js";

/** Every resource limit of a running server, fully resolved (see {@link LIMITS} for meanings). */
export interface ServeLimits {
  /** Largest inbound JSON-RPC message: an HTTP request body, or one stdio line. */
  maxMessageBytes: number;
  /** HTTP: open client connections; a connection past the cap is answered 503 and closed. */
  maxConnections: number;
  /** HTTP: time a client has to send the request headers. */
  httpHeadersTimeoutMs: number;
  /** HTTP: time a client has to send the whole request, body included. */
  httpRequestTimeoutMs: number;
  /** HTTP: how long an idle keep-alive connection stays open. */
  httpKeepAliveTimeoutMs: number;
  /** `tools/call` requests running at once, over any transport; past it a call is refused. */
  maxConcurrentCalls: number;
  /** On SIGTERM/SIGINT (or stdin closing): how long in-flight calls may take to finish. */
  shutdownGraceMs: number;
  /** Bytes read from one upstream response, after decompression. */
  maxResponseBytes: number;
  /** Content codings undone for one upstream response (`Content-Encoding: gzip, br` is two); 0 refuses compressed responses. */
  maxContentEncodings: number;
  /** Wait for an upstream's response headers, per attempt; 0: only the call's deadline bounds it. */
  upstreamHeadersTimeoutMs: number;
  /** Process-wide retry budget: retries at most this percentage of the calls started in the last 10 s… */
  retryBudgetPercent: number;
  /** …but always at least this many retries per 10 s. */
  retryBudgetMin: number;
  /** Approximate JSON size of one call's arguments (strings and keys in UTF-16 units, 4 per number or literal). */
  maxArgumentBytes: number;
  /** Nesting depth of one call's arguments: `{}` is depth 1, `{"a":[1]}` depth 2. */
  maxArgumentDepth: number;
  /** Validation problems listed in one error result; the rest are counted, not listed. */
  maxValidationErrors: number;
  /** Bytes of tool definitions in one `tools/list` page; the rest is reached through `nextCursor`. */
  toolsListPageBytes: number;
}

/** One row of the limits table. */
export interface LimitSpec {
  key: keyof ServeLimits;
  /** Command-line flag, without the leading dashes. */
  flag: string;
  /** Environment variable. */
  env: string;
  default: number;
  /** Smallest accepted value. */
  min: number;
  /**
   * What the whole number counts. A ratio is a whole percentage rather than a fraction, so every
   * limit is read the same way (digits only: no `0,1` against `0.1`, no exponent) and 1% steps are
   * finer than anyone tunes a retry budget.
   */
  unit: "bytes" | "ms" | "count" | "percent";
  /** One line for generated projects' README and .env.example: what the limit bounds. */
  summary: string;
}

const MiB = 1024 * 1024;

/**
 * The limits, their settings and safe defaults. Keep the README's "Limits" table in step (a test
 * checks it); generated projects list the same rows in their README and .env.example.
 */
export const LIMITS: readonly LimitSpec[] = [
  { key: "maxMessageBytes", flag: "max-message-bytes", env: "OPENAPI_MCP_MAX_MESSAGE_BYTES", default: 4 * MiB, min: 1024, unit: "bytes", summary: "Largest inbound JSON-RPC message (HTTP body or stdio line)" },
  { key: "maxConnections", flag: "max-connections", env: "OPENAPI_MCP_MAX_CONNECTIONS", default: 256, min: 1, unit: "count", summary: "HTTP: open client connections" },
  { key: "httpHeadersTimeoutMs", flag: "http-headers-timeout-ms", env: "OPENAPI_MCP_HTTP_HEADERS_TIMEOUT_MS", default: 10_000, min: 100, unit: "ms", summary: "HTTP: time a client has to send the request headers" },
  { key: "httpRequestTimeoutMs", flag: "http-request-timeout-ms", env: "OPENAPI_MCP_HTTP_REQUEST_TIMEOUT_MS", default: 30_000, min: 100, unit: "ms", summary: "HTTP: time a client has to send the whole request" },
  { key: "httpKeepAliveTimeoutMs", flag: "http-keep-alive-timeout-ms", env: "OPENAPI_MCP_HTTP_KEEP_ALIVE_TIMEOUT_MS", default: 5_000, min: 100, unit: "ms", summary: "HTTP: how long an idle keep-alive connection stays open" },
  { key: "maxConcurrentCalls", flag: "max-concurrent-calls", env: "OPENAPI_MCP_MAX_CONCURRENT_CALLS", default: 64, min: 1, unit: "count", summary: "Tool calls running at once" },
  { key: "shutdownGraceMs", flag: "shutdown-grace-ms", env: "OPENAPI_MCP_SHUTDOWN_GRACE_MS", default: 10_000, min: 0, unit: "ms", summary: "On SIGTERM/SIGINT: time in-flight calls get to finish" },
  { key: "maxResponseBytes", flag: "max-response-bytes", env: "OPENAPI_MCP_MAX_RESPONSE_BYTES", default: 10 * MiB, min: 1024, unit: "bytes", summary: "Bytes read from one upstream response, after decompression" },
  { key: "maxContentEncodings", flag: "max-content-encodings", env: "OPENAPI_MCP_MAX_CONTENT_ENCODINGS", default: 5, min: 0, unit: "count", summary: "Content codings undone for one upstream response (0 refuses compressed ones)" },
  { key: "upstreamHeadersTimeoutMs", flag: "upstream-headers-timeout-ms", env: "OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS", default: 15_000, min: 0, unit: "ms", summary: "Wait for an upstream's response headers, per attempt (0: the call's deadline only)" },
  { key: "retryBudgetPercent", flag: "retry-budget-percent", env: "OPENAPI_MCP_RETRY_BUDGET_PERCENT", default: 10, min: 0, unit: "percent", summary: "Retries as a percentage of the calls of the last 10 s, process-wide" },
  { key: "retryBudgetMin", flag: "retry-budget-min", env: "OPENAPI_MCP_RETRY_BUDGET_MIN", default: 10, min: 0, unit: "count", summary: "Retries per 10 s allowed whatever the percentage" },
  { key: "maxArgumentBytes", flag: "max-argument-bytes", env: "OPENAPI_MCP_MAX_ARGUMENT_BYTES", default: MiB, min: 1, unit: "bytes", summary: "Size of one call's arguments (approximate JSON length)" },
  { key: "maxArgumentDepth", flag: "max-argument-depth", env: "OPENAPI_MCP_MAX_ARGUMENT_DEPTH", default: 64, min: 1, unit: "count", summary: "Nesting depth of one call's arguments" },
  { key: "maxValidationErrors", flag: "max-validation-errors", env: "OPENAPI_MCP_MAX_VALIDATION_ERRORS", default: 20, min: 1, unit: "count", summary: "Argument problems listed in one error result" },
  // Well under the 1 MiB a message should stay below, and far from the 10 MiB the SDKs' stdio clients drop.
  { key: "toolsListPageBytes", flag: "tools-list-page-bytes", env: "OPENAPI_MCP_TOOLS_LIST_PAGE_BYTES", default: 256 * 1024, min: 1024, unit: "bytes", summary: "Bytes of tool definitions in one tools/list page; the rest is reached through nextCursor" },
];

/**
 * Variables an earlier build of issue 9 read, and what replaced them: set, they stop the start
 * rather than being ignored, so a limit the operator chose never silently reverts to a default.
 */
const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  OPENAPI_MCP_RETRY_BUDGET_RATIO: "OPENAPI_MCP_RETRY_BUDGET_PERCENT (a whole percentage: 0.1 is 10)",
  OPENAPI_MCP_HEADERS_TIMEOUT_MS: "OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS",
};

const LIMIT_BY_KEY = new Map(LIMITS.map((limit) => [limit.key, limit]));

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
  /** Limits given on the command line; the environment and defaults fill the rest ({@link resolveLimits}). */
  limits?: Partial<ServeLimits>;
  /** `--allow-unauthenticated`: serve HTTP beyond loopback although `/mcp` has no authentication. */
  allowUnauthenticated?: boolean;
  /** `--oauth-issuer`, `--oauth-audience`, `--oauth-scope`, `--oauth-introspection`: beat the curation file's `serve.oauth`. */
  oauth?: Partial<OAuthResourceSettings>;
  /** Rate limits, read-only, audit and metrics flags (ops-settings.ts); the curation file's `serve:` fills the rest. */
  ops?: OpsFlags;
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
  "allow-unauthenticated": { type: "boolean" },
  // OAuth 2.1 resource server (README "OAuth"); each beats the curation file's serve.oauth key.
  "oauth-issuer": { type: "string" },
  "oauth-audience": { type: "string" },
  "oauth-scope": { type: "string", multiple: true },
  "oauth-introspection": { type: "boolean" },
  ...(Object.fromEntries(LIMITS.map((limit) => [limit.flag, { type: "string" }])) as Record<string, { type: "string" }>),
  ...OPS_OPTIONS,
} as const;

/** Parses `--transport stdio|http --host H --port P --allowed-host X --allowed-origin Y --base-url U` and the limit flags. */
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
  const limits: Partial<ServeLimits> = {};
  for (const limit of LIMITS) {
    const raw = values[limit.flag];
    if (typeof raw === "string") limits[limit.key] = limitValue(limit, raw, `--${limit.flag}`);
  }
  const oauth: Partial<OAuthResourceSettings> = {
    ...(typeof values["oauth-issuer"] === "string" ? { issuer: values["oauth-issuer"] } : {}),
    ...(typeof values["oauth-audience"] === "string" ? { audience: values["oauth-audience"] } : {}),
    ...(list(values["oauth-scope"]) ? { requiredScopes: list(values["oauth-scope"])! } : {}),
    ...(values["oauth-introspection"] === true ? { introspection: true } : {}),
  };
  return {
    transport,
    host: String(values.host),
    port,
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    limits,
    allowUnauthenticated: values["allow-unauthenticated"] === true,
    ...(Object.keys(oauth).length > 0 ? { oauth } : {}),
    ops: opsFlags(values),
  };
}

/**
 * Every limit: the command line's value, else the environment variable's, else the default.
 *
 * @throws ServeConfigError naming the variable when one holds something other than a whole number in
 *   range (every limit the same way: a bad value stops the start, so a typo never removes a limit),
 *   or when a variable that was renamed is still set.
 */
export function resolveLimits(fromFlags: Partial<ServeLimits> | undefined, env: Record<string, string | undefined>): ServeLimits {
  for (const [old, now] of Object.entries(RENAMED_VARIABLES)) {
    if (env[old] !== undefined && env[old].trim() !== "") throw new ServeConfigError(`${old} is no longer read: set ${now} instead`);
  }
  const limits = {} as ServeLimits;
  for (const limit of LIMITS) {
    const flagged = fromFlags?.[limit.key];
    const raw = env[limit.env];
    limits[limit.key] = flagged ?? (raw === undefined || raw.trim() === "" ? limit.default : limitValue(limit, raw, limit.env));
  }
  return limits;
}

/** The defaults, for tests and callers that read no configuration. */
export function defaultLimits(): ServeLimits {
  return resolveLimits({}, {});
}

/**
 * How to raise a limit, for the message that reports hitting it:
 * `raise it with --max-connections or OPENAPI_MCP_MAX_CONNECTIONS`.
 */
export function limitHint(key: keyof ServeLimits): string {
  const limit = limitSpec(key);
  return `raise it with --${limit.flag} or ${limit.env}`;
}

/** The row of one limit: its flag, variable and default. */
export function limitSpec(key: keyof ServeLimits): LimitSpec {
  return LIMIT_BY_KEY.get(key)!;
}

function opsFlags(values: Record<string, string | string[] | boolean | undefined>): OpsFlags {
  try {
    return opsFlagsFromValues(values);
  } catch (error) {
    throw new ServeConfigError(error instanceof Error ? error.message : String(error));
  }
}

function limitValue(limit: LimitSpec, raw: string, source: string): number {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < limit.min) {
    const what = limit.unit === "percent" ? "a whole percentage" : limit.unit === "count" ? "a whole number" : `a whole number of ${limit.unit}`;
    throw new ServeConfigError(`${source} must be ${what} of at least ${limit.min}, got "${raw}"; leave it unset for the default (${limit.default})`);
  }
  return value;
}

/**
 * True for a host that only this machine can reach: `localhost`, 127.0.0.0/8 and `::1`. Anything
 * else (`0.0.0.0`, `::`, a LAN address, a name) may be reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./.test(bare);
  return false;
}
