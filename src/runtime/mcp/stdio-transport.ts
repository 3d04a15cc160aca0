/**
 * Serves over stdio: JSON-RPC on stdin/stdout, nothing else on stdout. The SDK's `serveStdio`
 * owns the era decision (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#stdio):
 * the connection's opening picks 2026-07-28 (a request carrying the `_meta` envelope) or the 2025
 * handshake (`initialize`), and one server instance is pinned for the connection's life. Under it
 * runs our own line reader ({@link LineStdioTransport}, limits and byte-level framing) behind the
 * {@link ToolCallLane} that answers `tools/call` without the SDK's per-message cost.
 */
import type { Readable, Writable } from "node:stream";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { createMcpServer, laneFor, type PreparedServer } from "./create-server.js";
import { LineStdioTransport } from "./line-stdio-transport.js";

/** Connects a server to this process's stdin and stdout; resolves once connected. */
export async function startStdioServer(prepared: PreparedServer): Promise<{ close(): Promise<void> }> {
  return serveStdioStreams(prepared, process.stdin, process.stdout);
}

/**
 * Serves one stdio-shaped connection over a pair of streams. `lean: false` leaves every message to
 * the SDK's own dispatch (the differential test's reference path).
 */
export function serveStdioStreams(prepared: PreparedServer, input: Readable, output: Writable, options: { lean?: boolean } = {}): { close(): Promise<void> } {
  const lines = new LineStdioTransport(input, output, { maxMessageBytes: prepared.invoke.limits.maxMessageBytes, log: prepared.invoke.log });
  const handle = serveStdio(() => createMcpServer(prepared), {
    transport: options.lean === false ? lines : laneFor(prepared, lines),
    onerror: (error) => prepared.invoke.log("debug", "stdio: out-of-band error", { error: error.message }),
  });
  return { close: () => handle.close() };
}
