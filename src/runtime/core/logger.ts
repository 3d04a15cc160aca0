/**
 * Logs go to stderr only (stdout belongs to JSON-RPC in stdio mode), as text or JSON lines, and
 * every line passes through the redactor so no configured secret is ever written.
 */

/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A log function. */
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Whether a line at `level` is written by a logger whose level is `min`. */
export function levelPasses(level: LogLevel, min: LogLevel): boolean {
  return ORDER[level] >= ORDER[min];
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  json: boolean;
  redact: (text: string) => string;
  /** Where lines go; default stderr. */
  write?: (line: string) => void;
}

/** Creates a logger that writes redacted lines to stderr. */
export function createLogger(options: LoggerOptions): Log {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const min = ORDER[options.level];
  return (level, message, fields) => {
    if (ORDER[level] < min) return;
    const line = options.json
      ? JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      : `${level}: ${message}${fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ""}`;
    write(`${options.redact(line)}\n`);
  };
}
