/**
 * The operations settings of a server — per-caller rate limits, read-only mode, the audit log and
 * metrics — resolved once at start from the command line (which wins) and the curation file's
 * `serve:` section ({@link ServeOpsConfig}), plus `OPENAPI_MCP_REDIS_URL`. Everything is off unless
 * configured, so a server that sets none of it runs the same hot path as before.
 *
 * Kept apart from serve-settings.ts so that file (shared by every transport) gains two lines only.
 */
import type { ServeOpsConfig } from "./tool-definition.js";

/** A token-bucket rate: `count` calls per `perMs` milliseconds, refilled continuously. */
export interface Rate {
  count: number;
  perMs: number;
  /** As written, for messages: `120/min`. */
  text: string;
}

/** Resolved per-caller limits. */
export interface RateLimitSettings {
  /** Requests per caller (HTTP: every POST to the MCP endpoint; stdio: every tool call). */
  perCaller?: Rate;
  /** Tool calls per caller and tool, by tool name. */
  perTool: ReadonlyMap<string, Rate>;
  /** Tool calls one caller may have in flight at once. */
  concurrentPerCaller: number;
  /** Buckets live in this Redis (shared by replicas) when set; else in this process. */
  redisUrl?: string;
}

/** Every operations setting, resolved. */
export interface OpsSettings {
  /** Only tools with `readOnlyHint: true` exist. */
  readOnly: boolean;
  rateLimit?: RateLimitSettings;
  audit?: { file?: string; arguments: boolean };
  metrics?: { port?: number };
}

/** The flags' values, before the curation file fills the rest. */
export interface OpsFlags {
  readOnly?: boolean;
  perCaller?: Rate;
  perTool?: Map<string, Rate>;
  concurrentPerCaller?: number;
  audit?: boolean;
  auditFile?: string;
  auditArguments?: boolean;
  metrics?: boolean;
  metricsPort?: number;
}

/** Default cap on one caller's calls in flight, once any rate limit is configured. */
export const DEFAULT_CONCURRENT_PER_CALLER = 16;

/** The command-line options (node:util parseArgs form), spread into `SERVE_OPTIONS`. */
export const OPS_OPTIONS = {
  "read-only": { type: "boolean" },
  "rate-limit": { type: "string" },
  "rate-limit-tool": { type: "string", multiple: true },
  "max-concurrent-calls-per-caller": { type: "string" },
  audit: { type: "boolean" },
  "audit-file": { type: "string" },
  "audit-arguments": { type: "boolean" },
  metrics: { type: "boolean" },
  "metrics-port": { type: "string" },
} as const;

/** Thrown for a bad operations setting; `source` names the flag or curation key. */
export class OpsSettingError extends Error {}

const UNITS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/** The pattern a rate must match (the curation schema uses it too). */
export const RATE_PATTERN = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/;

/** Parses `120/min`; `source` names where it came from. @throws OpsSettingError */
export function parseRate(text: string, source: string): Rate {
  const match = RATE_PATTERN.exec(text);
  const count = match ? Number(match[1]) : 0;
  if (!match || !Number.isSafeInteger(count) || count < 1) {
    throw new OpsSettingError(`${source} must be a rate such as 120/min (a whole number of at least 1, then /s, /min or /h), got "${text}"`);
  }
  return { count, perMs: UNITS[match[2]!]!, text: `${count}/${match[2]}` };
}

/** Reads the {@link OPS_OPTIONS} flags. @throws OpsSettingError naming the flag */
export function opsFlagsFromValues(values: Record<string, string | string[] | boolean | undefined>): OpsFlags {
  const flags: OpsFlags = {};
  if (values["read-only"] === true) flags.readOnly = true;
  if (typeof values["rate-limit"] === "string") flags.perCaller = parseRate(values["rate-limit"], "--rate-limit");
  const perTool = values["rate-limit-tool"];
  if (Array.isArray(perTool) && perTool.length > 0) {
    flags.perTool = new Map();
    for (const entry of perTool) {
      const eq = entry.indexOf("=");
      if (eq < 1) throw new OpsSettingError(`--rate-limit-tool must be TOOL=RATE, e.g. create_issue=10/min, got "${entry}"`);
      flags.perTool.set(entry.slice(0, eq).trim(), parseRate(entry.slice(eq + 1), `--rate-limit-tool ${entry.slice(0, eq).trim()}`));
    }
  }
  const concurrent = values["max-concurrent-calls-per-caller"];
  if (typeof concurrent === "string") flags.concurrentPerCaller = wholeNumber(concurrent, "--max-concurrent-calls-per-caller", 1);
  if (values.audit === true) flags.audit = true;
  if (typeof values["audit-file"] === "string") flags.auditFile = values["audit-file"];
  if (values["audit-arguments"] === true) flags.auditArguments = true;
  if (values.metrics === true) flags.metrics = true;
  const port = values["metrics-port"];
  if (typeof port === "string") flags.metricsPort = wholeNumber(port, "--metrics-port", 0, 65535);
  return flags;
}

/**
 * Flags over the curation file's `serve:` section, plus `OPENAPI_MCP_REDIS_URL`. `toolNames` are the
 * server's tools: a per-tool limit for any other name is an error (a typo would limit nothing).
 *
 * @throws OpsSettingError naming the flag or curation key.
 */
export function resolveOps(config: ServeOpsConfig | undefined, flags: OpsFlags | undefined, env: Record<string, string | undefined>, toolNames: readonly string[]): OpsSettings {
  const f = flags ?? {};
  const ops: OpsSettings = { readOnly: f.readOnly === true };
  const fileLimits = config?.rateLimit;
  const perCaller = f.perCaller ?? (fileLimits?.perCaller === undefined ? undefined : parseRate(fileLimits.perCaller, "serve.rateLimit.perCaller"));
  const perTool = new Map<string, Rate>();
  for (const [tool, text] of Object.entries(fileLimits?.perTool ?? {})) perTool.set(tool, parseRate(text, `serve.rateLimit.perTool.${tool}`));
  for (const [tool, rate] of f.perTool ?? []) perTool.set(tool, rate);
  const known = new Set(toolNames);
  for (const tool of perTool.keys()) {
    if (!known.has(tool)) throw new OpsSettingError(`a per-tool rate limit names "${tool}", which is not a tool of this server (its tools: ${toolNames.join(", ")}); fix the name in serve.rateLimit.perTool or --rate-limit-tool`);
  }
  const concurrent = f.concurrentPerCaller ?? fileLimits?.concurrentPerCaller;
  if (perCaller !== undefined || perTool.size > 0 || concurrent !== undefined) {
    const redisUrl = env.OPENAPI_MCP_REDIS_URL?.trim();
    ops.rateLimit = {
      ...(perCaller ? { perCaller } : {}),
      perTool,
      concurrentPerCaller: concurrent ?? DEFAULT_CONCURRENT_PER_CALLER,
      ...(redisUrl ? { redisUrl } : {}),
    };
  }
  const audit = config?.audit;
  if (f.audit === true || f.auditFile !== undefined || audit?.enabled === true) {
    const file = f.auditFile ?? audit?.file;
    ops.audit = { ...(file !== undefined ? { file } : {}), arguments: f.auditArguments ?? audit?.arguments ?? false };
  }
  const metrics = config?.metrics;
  if (f.metrics === true || f.metricsPort !== undefined || metrics?.enabled === true) {
    const port = f.metricsPort ?? metrics?.port;
    ops.metrics = port !== undefined ? { port } : {};
  }
  return ops;
}

function wholeNumber(raw: string, source: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new OpsSettingError(`${source} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}
