/**
 * One line per tool call: tool, method, the path template, status, duration, retries and response
 * bytes. The template, not the filled path: filled paths carry identifiers (account numbers, e-mail
 * addresses) that do not belong in logs, and the template is what one greps for. No argument or
 * response text goes in, and the logger redacts the line besides.
 *
 * Levels (issue 9): a failed call (an error result) is an `info` line, a successful one a `debug`
 * line. An operator reads a server's log to find what went wrong; a line per successful call is
 * a request log, which costs a synchronous stderr write per call (~5 µs of a 1 KB call's CPU over
 * stdio, a measurable share of throughput) and belongs in the opt-in audit log of issue 12 (one
 * JSON record per call, written where the operator chooses). `OPENAPI_MCP_LOG_LEVEL=debug` shows
 * every call; the one-shot `call` command logs its call at info either way (see `RuntimeOptions`).
 * Built only when some call would be logged (`createCallLog` returns undefined otherwise), so a
 * quiet server pays nothing for it.
 */
import { levelPasses, type Log, type LogLevel } from "../core/logger.js";
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

/** The level of each kind of call line. */
export interface CallLogLevels {
  /** A call that ended in a result the model reads as success. */
  success: LogLevel;
  /** A call that ended in an error result (`isError`), whoever's fault. */
  failure: LogLevel;
}

/** The default: failures at info (shown by default), successes at debug; see the file comment. */
export const DEFAULT_CALL_LOG_LEVELS: Readonly<CallLogLevels> = { success: "debug", failure: "info" };

/**
 * A {@link CallLog} writing through `log`, or undefined when the server's level `min` hides both
 * kinds of line (then nothing per call is measured or built).
 */
export function createCallLog(log: Log, min: LogLevel, levels: Readonly<CallLogLevels> = DEFAULT_CALL_LOG_LEVELS): CallLog | undefined {
  const successes = levelPasses(levels.success, min);
  const failures = levelPasses(levels.failure, min);
  if (!successes && !failures) return undefined;
  return (tool, outcome, ms, isError) => {
    if (!(isError ? failures : successes)) return;
    log(isError ? levels.failure : levels.success, "tool call", {
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
  };
}
