/**
 * Serves over stdio: JSON-RPC on stdin/stdout, nothing else on stdout.
 */
import { connectMcpServer, type PreparedServer } from "./create-server.js";
import { LineStdioTransport } from "./line-stdio-transport.js";

/** Connects a server to this process's stdin and stdout; resolves once connected. */
export async function startStdioServer(prepared: PreparedServer): Promise<{ close(): Promise<void> }> {
  const server = await connectMcpServer(prepared, new LineStdioTransport(process.stdin, process.stdout, {
    maxMessageBytes: prepared.invoke.limits.maxMessageBytes,
    log: prepared.invoke.log,
  }));
  return { close: () => server.close() };
}
