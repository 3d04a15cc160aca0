/**
 * Serves over stdio: JSON-RPC on stdin/stdout, nothing else on stdout.
 */
import { createMcpServer, type PreparedServer } from "./create-server.js";
import { LineStdioTransport } from "./line-stdio-transport.js";

/** Connects a server to this process's stdin and stdout; resolves once connected. */
export async function startStdioServer(prepared: PreparedServer): Promise<{ close(): Promise<void> }> {
  const server = createMcpServer(prepared);
  const transport = new LineStdioTransport();
  await server.connect(transport);
  return { close: () => server.close() };
}
