/**
 * What the audit log and the metrics learn about one finished tool call, and the one word that
 * sums it up ({@link callOutcome}). Built only when one of them is on.
 */
import type { Principal } from "../core/principal.js";
import type { ToolDefinition } from "../core/tool-definition.js";

/** One finished (or refused) tool call. */
export interface CallRecord {
  tool: ToolDefinition;
  principal: Principal | undefined;
  /** The upstream's final status; undefined when nothing was sent or nothing came back. */
  status: number | undefined;
  /** Attempts made, 1 plus retries; 0 when nothing was sent. */
  attempts: number;
  /** Response body bytes read (after decompression). */
  bytes: number;
  ms: number;
  isError: boolean;
  /** Set when a per-caller limit refused the call (see caller-limiter.ts). */
  limit?: string;
  /** The call's arguments; read only by an audit log with `arguments: true`. */
  args: Record<string, unknown>;
}

/**
 * `ok`; `limited` (a per-caller limit refused it); `rejected` (refused before anything was sent:
 * bad arguments, missing credentials); `upstream_error` (the upstream answered 4xx/5xx or could
 * not be reached); `error` (anything else, such as an answer that broke the declared output schema).
 */
export type Outcome = "ok" | "limited" | "rejected" | "upstream_error" | "error";

/** Sums a record up; see {@link Outcome}. */
export function callOutcome(record: CallRecord): Outcome {
  if (record.limit !== undefined) return "limited";
  if (!record.isError) return "ok";
  if (record.status !== undefined && record.status >= 400) return "upstream_error";
  if (record.attempts === 0) return record.status === undefined ? "rejected" : "error";
  return record.status === undefined ? "upstream_error" : "error";
}
