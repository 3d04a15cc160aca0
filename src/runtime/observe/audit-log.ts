/**
 * The audit log (`serve.audit`): one JSON line per tool call — time, principal, client, tool,
 * method, path template, upstream status, duration, retries, bytes, outcome — to stderr or a file
 * (appended). The path template, never the filled path, and no argument values unless
 * `arguments: true`; then they go through the same redactor as every log line, which removes
 * every configured secret (credentials, `${env:…}` header values, fetched OAuth tokens). The whole
 * line is redacted besides.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { CallRecord } from "./call-record.js";
import { callOutcome } from "./call-record.js";

/** Options for {@link createAuditLog}. */
export interface AuditOptions {
  /** Append lines here; default stderr. */
  file?: string;
  /** Include the call's argument values (redacted). */
  arguments: boolean;
  redact: (text: string) => string;
  /** Where lines go when there is no file (tests); default stderr. */
  write?: (line: string) => void;
}

/** An audit log: `record` writes a line; `close` flushes the file. */
export interface AuditLog {
  record(call: CallRecord): void;
  close(): Promise<void>;
}

/** Opens the audit log (the file is created if absent). */
export function createAuditLog(options: AuditOptions): AuditLog {
  let stream: WriteStream | undefined;
  let write = options.write ?? ((line: string) => void process.stderr.write(line));
  if (options.file !== undefined) {
    const file = createWriteStream(options.file, { flags: "a", mode: 0o600 });
    stream = file;
    write = (line) => void file.write(line);
  }
  return {
    record(call) {
      const line: Record<string, unknown> = {
        time: new Date().toISOString(),
        type: "tool_call",
        principal: call.principal?.id ?? null,
        client: call.principal?.client ?? null,
        tool: call.tool.name,
        method: call.tool.http.method,
        path: call.tool.http.path,
        status: call.status ?? null,
        ms: Math.round(call.ms),
        retries: call.attempts > 1 ? call.attempts - 1 : 0,
        bytes: call.bytes,
        outcome: callOutcome(call),
        ...(call.limit !== undefined ? { limit: call.limit } : {}),
      };
      if (options.arguments) line.arguments = redactedArguments(call.args, options.redact);
      write(`${options.redact(JSON.stringify(line))}\n`);
    },
    close: () => (stream === undefined ? Promise.resolve() : new Promise<void>((resolve) => stream!.end(() => resolve()))),
  };
}

/** The arguments as JSON with every secret replaced; still an object when the redacted text parses. */
function redactedArguments(args: Record<string, unknown>, redact: (text: string) => string): unknown {
  const text = redact(JSON.stringify(args));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
