/**
 * A log line per limit hit, without letting a flood of hits flood the log: the first hit of a
 * kind is logged at once, later ones at most once per interval, each line saying how many hits
 * it stands for (`hits`).
 */
import type { Log, LogLevel } from "./logger.js";

/** Logs one line per `kind` at most every `intervalMs`; see the file comment. */
export type ThrottledLog = (kind: string, level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** Wraps `log`; `now` is injectable for tests. */
export function createThrottledLog(log: Log, intervalMs = 1000, now: () => number = Date.now): ThrottledLog {
  const state = new Map<string, { last: number; hits: number }>();
  return (kind, level, message, fields) => {
    let entry = state.get(kind);
    if (entry === undefined) state.set(kind, (entry = { last: Number.NEGATIVE_INFINITY, hits: 0 }));
    entry.hits++;
    const t = now();
    if (t - entry.last < intervalMs) return;
    log(level, message, { ...fields, hits: entry.hits });
    entry.last = t;
    entry.hits = 0;
  };
}
