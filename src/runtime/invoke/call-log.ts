/**
 * One info line per tool call: tool, method, the path template, status, duration, retries and
 * response bytes. The template, not the filled path: filled paths carry identifiers (account
 * numbers, e-mail addresses) that do not belong in logs, and the template is what one greps for.
 * No argument or response text goes in, and the logger redacts the line besides. Built only when
 * the log level lets info lines through (`prepareRuntime` leaves `logCall` unset otherwise), so a
 * quiet server pays nothing for it.
 */
import type { Log } from "../core/logger.js";
import type { Principal } from "../core/principal.js";
import type { ToolDefinition } from "../core/tool-definition.js";

/** What a call learned from the upstream; `status` stays undefined when nothing was sent or nothing came back. */
export interface CallOutcome {
  status: number | undefined;
  /** Attempts made, 1 plus retries; 0 when nothing was sent. */
  attempts: number;
  /** Response body bytes read (after decompression). */
  bytes: number;
  /** Set when a per-caller limit refused the call (caller-limiter.ts): nothing was sent. */
  limit?: string;
}

/**
 * Writes the line for one finished call. `caller` and `args` are for the audit log and metrics
 * (prepare-ops.ts chains them after this line); the info line never shows argument values.
 */
export type CallLog = (tool: ToolDefinition, outcome: CallOutcome, ms: number, isError: boolean, caller?: Principal, args?: Record<string, unknown>) => void;

/** A {@link CallLog} writing through `log` at info level. */
export function createCallLog(log: Log): CallLog {
  return (tool, outcome, ms, isError) =>
    log("info", "tool call", {
      tool: tool.name,
      method: tool.http.method,
      path: tool.http.path,
      status: outcome.status ?? null,
      ms: Math.round(ms),
      retries: outcome.attempts > 1 ? outcome.attempts - 1 : 0,
      bytes: outcome.bytes,
      ...(isError ? { isError: true } : {}),
      ...(outcome.limit !== undefined ? { limit: outcome.limit } : {}),
    });
}
