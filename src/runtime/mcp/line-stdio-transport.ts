/**
 * The stdio transport (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio):
 * newline-delimited JSON-RPC on stdin and stdout, nothing else on stdout.
 *
 * The SDK's `StdioServerTransport` zod-parses every incoming line against the whole JSON-RPC
 * message schema; the server then validates each request against its method's schema anyway.
 * This one only checks the envelope, which halves the per-message work on the hot path.
 *
 * Input is hostile until parsed, so the reader works on bytes: a line is decoded only once it is
 * whole (a UTF-8 character split across two pipe reads stays one character), each chunk is scanned
 * once for newlines (a 100 MB line costs linear time, not quadratic), and a line over the message
 * limit is dropped as it streams in — never buffered — and answered with a JSON-RPC error naming
 * the limit. A line that is not JSON gets `-32700` and one that is not a JSON-RPC 2.0 message gets
 * `-32600` (https://www.jsonrpc.org/specification#error_object), each with a log line on stderr.
 */
import type { Readable, Writable } from "node:stream";
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { DEFAULT_INPUT_LIMITS, INPUT_LIMIT_VARIABLES } from "../request/input-limits.js";
import type { Log } from "../core/logger.js";
import { createThrottledLog, type ThrottledLog } from "../core/throttled-log.js";
import { RequestTable } from "../core/request-table.js";
import { answerBytes } from "./answer-bytes.js";

/** Options of {@link LineStdioTransport}. */
export interface LineStdioOptions {
  /** Bytes in one message, newline excluded (default {@link DEFAULT_INPUT_LIMITS}). */
  maxMessageBytes?: number;
  /** Where refused lines are reported; default: nowhere (the client still gets its JSON-RPC error). */
  log?: Log;
}

type Id = string | number | null;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** From this length on a line and its newline are written as two chunks (see `writeLine`); below it one small copy is cheaper than a `writev`. */
const CORKED_LINE_CHARS = 8 * 1024;
/** Bytes kept from each end of an oversized line, to find the request id it carried. */
const ID_WINDOW = 256;
/** `"id"` as the first or second (after `"jsonrpc"`) key of the top-level object. */
const LEADING_ID = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,16})\s*,/;
/** `"id"` as the last key of the top-level object (the SDK's client writes it there): one `}` after it. */
const TRAILING_ID = /,\s*"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,16})\s*\}\s*$/;

/** Line-delimited JSON-RPC over a pair of streams (default: this process's stdin and stdout). */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  /** Pieces of the current, unfinished line (views into the chunks they came in). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the current line is over the limit: its bytes are dropped until its newline. */
  private oversized: { head: string; tail: Buffer; bytes: number } | undefined;
  private started = false;
  private readonly maxMessageBytes: number;
  /** Lines waiting for the end of this turn of the event loop, and whether their write is scheduled. */
  private outbox: Array<Buffer | string> = [];
  private flushing = false;
  /** Requests read and neither answered nor cancelled yet, by id. */
  private readonly unanswered = new RequestTable<true>();
  /** Throttled per kind of refusal: a client that floods bad lines must not flood the log too. */
  private readonly log: ThrottledLog | undefined;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    options: LineStdioOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_INPUT_LIMITS.maxMessageBytes;
    this.log = options.log === undefined ? undefined : createThrottledLog(options.log);
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    let newline = data.indexOf(NEWLINE);
    while (newline !== -1) {
      const piece = data.subarray(start, newline);
      if (this.oversized !== undefined) {
        this.grow(this.oversized, piece);
        this.refuseOversized(this.oversized);
        this.oversized = undefined;
      } else if (this.pendingBytes + piece.length > this.maxMessageBytes) {
        const oversized = this.startOversized(piece);
        this.refuseOversized(oversized);
      } else {
        const line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece], this.pendingBytes + piece.length);
        this.pending = [];
        this.pendingBytes = 0;
        this.handleLine(line);
      }
      start = newline + 1;
      newline = data.indexOf(NEWLINE, start);
    }
    if (start >= data.length) return;
    const rest = data.subarray(start);
    if (this.oversized !== undefined) this.grow(this.oversized, rest);
    else if (this.pendingBytes + rest.length > this.maxMessageBytes) this.oversized = this.startOversized(rest);
    else {
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
  };

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  /** Drops the buffered start of a line that went over the limit, keeping only what finds its id. */
  private startOversized(piece: Buffer): { head: string; tail: Buffer; bytes: number } {
    const first = this.pending.length > 0 ? this.pending[0]! : piece;
    const oversized = { head: first.subarray(0, ID_WINDOW).toString("utf8"), tail: Buffer.alloc(0), bytes: 0 };
    for (const part of this.pending) this.grow(oversized, part);
    this.grow(oversized, piece);
    this.pending = [];
    this.pendingBytes = 0;
    return oversized;
  }

  private grow(oversized: { tail: Buffer; bytes: number }, piece: Buffer): void {
    oversized.bytes += piece.length;
    oversized.tail = piece.length >= ID_WINDOW
      ? Buffer.from(piece.subarray(piece.length - ID_WINDOW))
      : Buffer.concat([oversized.tail, piece]).subarray(-ID_WINDOW);
  }

  private refuseOversized(oversized: { head: string; tail: Buffer; bytes: number }): void {
    const idText = LEADING_ID.exec(oversized.head)?.[1] ?? TRAILING_ID.exec(oversized.tail.toString("utf8"))?.[1];
    let id: Id = null;
    try {
      id = idText === undefined ? null : (JSON.parse(idText) as string | number);
    } catch {
      id = null;
    }
    const variable = INPUT_LIMIT_VARIABLES.maxMessageBytes;
    const message = `Message too large: ${oversized.bytes} bytes is over the limit of ${this.maxMessageBytes} bytes on one inbound message (the server's ${variable} setting raises it)`;
    this.log?.("oversized", "warn", "refused an inbound message over the size limit", { bytes: oversized.bytes, limit: this.maxMessageBytes, setting: variable, id });
    this.answerError(id, -32600, message);
  }

  private handleLine(bytes: Buffer): void {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    // Decoded whole, so a multi-byte character split across reads is reassembled first.
    const line = bytes.toString("utf8", 0, end);
    if (line.trim() === "") return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      const reason = (error as Error).message;
      this.log?.("not-json", "warn", "refused an inbound line that is not JSON", { error: reason.slice(0, 200) });
      this.onerror?.(new Error(`stdin: not JSON: ${reason}`));
      this.answerError(null, -32700, `Parse error: the line is not JSON (${reason.slice(0, 200)})`);
      return;
    }
    const problem = envelopeProblem(message);
    if (problem !== undefined) {
      const id = requestId(message);
      this.log?.("not-json-rpc", "warn", "refused an inbound line that is not a JSON-RPC 2.0 message", { problem, id });
      this.onerror?.(new Error(`stdin: not a JSON-RPC 2.0 message: ${problem}`));
      this.answerError(id, -32600, `Invalid Request: ${problem}`);
      return;
    }
    this.track(message as JSONRPCMessage);
    this.onmessage?.(message as JSONRPCMessage);
  }

  /** Keeps {@link unanswered}: a request joins it; a cancelled one leaves it, since it gets no answer. */
  private track(message: JSONRPCMessage): void {
    if (!("method" in message)) return;
    if ("id" in message && (typeof message.id === "string" || typeof message.id === "number")) this.unanswered.set(message.id, true);
    else if (message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
      if (typeof id === "string" || typeof id === "number") this.unanswered.delete(id);
    }
  }

  private answerError(id: Id, code: number, message: string): void {
    this.send({ jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage).catch((error: unknown) => {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    });
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("LineStdioTransport already started");
    this.started = true;
    this.input.on("data", this.onData);
    this.input.on("error", this.onInputError);
  }

  async close(): Promise<void> {
    this.input.off("data", this.onData);
    this.input.off("error", this.onInputError);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = undefined;
    // Answers already made still go out.
    this.flush();
    this.onclose?.();
  }

  /**
   * Writes `message`'s line: at once when no other request awaits its answer (a lone call pays
   * nothing for batching), else queued with the others made in this turn of the event loop, which
   * go out together (see {@link flush}). Resolves at once unless stdout is backed up, then when it drains.
   */
  send(message: JSONRPCMessage): Promise<void> {
    const answered = "method" in message ? undefined : (message as { id?: unknown }).id;
    if (typeof answered === "string" || typeof answered === "number") this.unanswered.delete(answered);
    // A tool result with a large upstream text: written from the upstream bytes (answer-bytes.ts).
    const bytes = answerBytes(message, true);
    if (bytes !== undefined) this.outbox.push(bytes);
    else this.queueLine(JSON.stringify(message));
    if (this.unanswered.size === 0 && !this.flushing) this.flush();
    else if (!this.flushing) {
      this.flushing = true;
      setImmediate(this.flush);
    }
    return this.output.writableNeedDrain ? new Promise((resolve) => this.output.once("drain", resolve)) : Promise.resolve();
  }

  /**
   * Queues `json` and its newline. A large line is queued as two chunks, written in one `writev`:
   * `json + "\n"` would be a new string the stream must flatten, i.e. a second copy of a 200 KB
   * answer in V8's large-object space, measured at ~100 µs of CPU per 200 KB call.
   */
  private queueLine(json: string): void {
    if (json.length < CORKED_LINE_CHARS) this.outbox.push(`${json}\n`);
    else this.outbox.push(json, "\n");
  }

  /**
   * Writes the queued lines: one chunk as it is, several corked into one `writev`. Under load, many
   * calls finish in the same turn of the event loop (their upstream answers are read in one poll):
   * writing was a quarter of the server's CPU profile at 50 calls in flight, one system call per
   * answer, and each woke the client to read it. Batched, that load makes 1.08 write calls per call
   * instead of 2.00 (one of them the upstream request), and the client reads and wakes as much less.
   */
  private readonly flush = (): void => {
    this.flushing = false;
    const chunks = this.outbox;
    if (chunks.length === 0) return;
    this.outbox = [];
    if (chunks.length === 1) {
      this.output.write(chunks[0]!);
      return;
    }
    this.output.cork();
    for (const chunk of chunks) this.output.write(chunk);
    this.output.uncork();
  };
}

/**
 * What makes a parsed line something other than a JSON-RPC 2.0 request, notification or response
 * (https://www.jsonrpc.org/specification#request_object); undefined when it is one. Batches are
 * refused: MCP 2025-06-18 removed them.
 */
function envelopeProblem(message: unknown): string | undefined {
  if (message === null || typeof message !== "object") return "a message must be a JSON object";
  if (Array.isArray(message)) return "batches (JSON arrays) are not supported; send one message per line";
  const m = message as { jsonrpc?: unknown; method?: unknown; id?: unknown; result?: unknown; error?: unknown };
  if (m.jsonrpc !== "2.0") return 'the "jsonrpc" member must be exactly "2.0"';
  if (m.id !== undefined && m.id !== null && typeof m.id !== "string" && typeof m.id !== "number") return '"id" must be a string or a number';
  if (m.method !== undefined) return typeof m.method === "string" ? undefined : '"method" must be a string';
  if (m.id === undefined || (m.result === undefined && m.error === undefined)) return 'a message needs a "method" (request or notification) or an "id" with a "result" or "error" (response)';
  return undefined;
}

/** The id of a refused message, when it has a usable one (else null, as JSON-RPC requires). */
function requestId(message: unknown): Id {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) ? id : null;
}
