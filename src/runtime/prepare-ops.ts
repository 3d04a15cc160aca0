/**
 * Switches on the operations features a server is configured for (ops-settings.ts): read-only
 * mode, per-caller limits (buckets in this process, or in Redis when `OPENAPI_MCP_REDIS_URL` is
 * set), the audit log and metrics. Each is loaded only when on — `redis` and `prom-client` are
 * imported dynamically — and with none on, the prepared server is left exactly as it was, so the
 * tool-call path stays what the overhead benchmark measures.
 */
import type { Log } from "./core/logger.js";
import { OpsSettingError, resolveOps, type OpsFlags, type OpsSettings } from "./core/ops-settings.js";
import { ServeConfigError } from "./core/serve-settings.js";
import type { ServerDefinition } from "./core/tool-definition.js";
import type { CallLog } from "./invoke/call-log.js";
import { CallerLimiter } from "./limits/caller-limiter.js";
import { MemoryBuckets, type BucketStore } from "./limits/token-buckets.js";
import type { PreparedServer } from "./mcp/create-server.js";
import { createAuditLog } from "./observe/audit-log.js";
import type { CallRecord } from "./observe/call-record.js";
import { createServerMetrics, type ServerMetrics } from "./observe/metrics.js";
import { startMetricsServer } from "./observe/metrics-http.js";

/**
 * The operations settings for `definition`: flags over its `serve:` section. `toolNames`: every
 * tool's name, when some are still to come (later-tools.ts); default the definition's tools.
 *
 * @throws ServeConfigError naming the bad flag or curation key.
 */
export function resolveServeOps(definition: ServerDefinition, flags: OpsFlags | undefined, env: Record<string, string | undefined>, toolNames?: readonly string[]): OpsSettings {
  try {
    return resolveOps(definition.serve, flags, env, toolNames ?? definition.tools.map((t) => t.name));
  } catch (error) {
    if (error instanceof OpsSettingError) throw new ServeConfigError(error.message);
    throw error;
  }
}

/**
 * `--read-only`: only tools that declare `readOnlyHint: true`
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool) are kept.
 *
 * @throws ServeConfigError when none does.
 */
export function readOnlyDefinition(definition: ServerDefinition): ServerDefinition {
  const tools = definition.tools.filter((tool) => tool.annotations.readOnlyHint === true);
  if (tools.length === 0) {
    throw new ServeConfigError(`--read-only leaves no tools: none of the ${definition.tools.length} tools has readOnlyHint: true (GET operations get it; set annotations.readOnlyHint in the curation file for others that only read)`);
  }
  return { ...definition, tools };
}

/** What {@link attachOps} started. */
export interface AttachedOps {
  /** The metrics URL when metrics have a port of their own. */
  metricsUrl?: string;
  /** Stops the metrics listener, closes Redis and the audit file. */
  close(): Promise<void>;
}

/**
 * Wires the features into `prepared` (its `ops` and its call log). `host` is where a metrics port
 * of its own listens; `listener` says whether an MCP HTTP listener exists to serve `/metrics`.
 */
export async function attachOps(prepared: PreparedServer, ops: OpsSettings, log: Log, host: string, listener: boolean): Promise<AttachedOps> {
  if (ops.rateLimit === undefined && ops.audit === undefined && ops.metrics === undefined) return { close: async () => {} };
  const closers: Array<() => Promise<void>> = [];
  let metrics: ServerMetrics | undefined;
  let metricsUrl: string | undefined;
  let metricsOnListener = false;
  if (ops.metrics !== undefined) {
    metrics = await createServerMetrics(() => prepared.gate.inFlight);
    if (ops.metrics.port !== undefined) {
      const server = await startMetricsServer(metrics, host, ops.metrics.port);
      metricsUrl = server.url;
      closers.push(server.close);
    } else if (listener) {
      metricsOnListener = true;
    } else {
      log("warn", "metrics are on but have nowhere to be served: over stdio give them a port (serve.metrics.port or --metrics-port)");
    }
  }
  const audit = ops.audit === undefined ? undefined : createAuditLog({ ...ops.audit, redact: prepared.invoke.redact });
  if (audit !== undefined) closers.push(audit.close);
  if (audit !== undefined || metrics !== undefined) prepared.invoke.logCall = observedCallLog(prepared.invoke.logCall, audit?.record, metrics);
  let limiter: CallerLimiter | undefined;
  if (ops.rateLimit !== undefined) {
    let store: BucketStore;
    if (ops.rateLimit.redisUrl !== undefined) {
      const { connectRedisBuckets } = await import("./limits/redis-buckets.js");
      try {
        store = await connectRedisBuckets(ops.rateLimit.redisUrl, `openapi-mcp:rl:${prepared.definition.name}`, log);
      } catch (error) {
        throw new ServeConfigError(`cannot reach the rate-limit Redis at OPENAPI_MCP_REDIS_URL: ${error instanceof Error ? error.message : String(error)}; start it, fix the URL, or unset the variable to keep buckets in this process`);
      }
    } else {
      store = new MemoryBuckets();
    }
    limiter = new CallerLimiter(ops.rateLimit, store, (limit) => metrics?.limitHit(limit));
    closers.push(() => limiter!.close());
  }
  prepared.ops = {
    ...(limiter ? { limiter } : {}),
    ...(metrics ? { metrics } : {}),
    metricsOnListener,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
  return { ...(metricsUrl ? { metricsUrl } : {}), close: prepared.ops.close };
}

/** The call log line (when the log level shows it), then the audit line and the metrics. */
function observedCallLog(line: CallLog | undefined, audit: ((call: CallRecord) => void) | undefined, metrics: ServerMetrics | undefined): CallLog {
  return (tool, outcome, ms, isError, caller, args) => {
    line?.(tool, outcome, ms, isError, caller, args);
    const record: CallRecord = {
      tool,
      principal: caller,
      status: outcome.status,
      attempts: outcome.attempts,
      bytes: outcome.bytes,
      ms,
      isError,
      ...(outcome.limit !== undefined ? { limit: outcome.limit } : {}),
      args: args ?? {},
    };
    audit?.(record);
    metrics?.observeCall(record);
  };
}
