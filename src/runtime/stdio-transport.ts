/**
 * Serves over stdio: JSON-RPC on stdin/stdout, nothing else on stdout.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer, type PreparedServer } from "./create-server.js";

/** Connects a server to this process's stdin and stdout; resolves once connected. */
export async function startStdioServer(prepared: PreparedServer): Promise<{ close(): Promise<void> }> {
  const server = createMcpServer(prepared);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  return { close: () => server.close() };
}
