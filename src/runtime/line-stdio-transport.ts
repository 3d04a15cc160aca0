/**
 * The stdio transport (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio):
 * newline-delimited JSON-RPC on stdin and stdout, nothing else on stdout.
 *
 * The SDK's `StdioServerTransport` zod-parses every incoming line against the whole JSON-RPC
 * message schema; the server then validates each request against its method's schema anyway.
 * This one only checks the envelope, which halves the per-message work on the hot path.
 */
import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** Line-delimited JSON-RPC over a pair of streams (default: this process's stdin and stdout). */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private buffer = "";
  private started = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  private readonly onData = (chunk: Buffer | string): void => {
    this.buffer += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim() !== "") this.handleLine(line);
      newline = this.buffer.indexOf("\n");
    }
  };

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  private handleLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      this.onerror?.(new Error(`stdin: not JSON: ${(error as Error).message}`));
      return;
    }
    if (message === null || typeof message !== "object" || (message as { jsonrpc?: unknown }).jsonrpc !== "2.0") {
      this.onerror?.(new Error("stdin: not a JSON-RPC 2.0 message"));
      return;
    }
    this.onmessage?.(message as JSONRPCMessage);
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
    this.buffer = "";
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once("drain", resolve);
    });
  }
}
