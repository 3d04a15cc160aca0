/**
 * A real `redis-server` (the Debian package; `.ci/run` installs it when absent) on 127.0.0.1 for
 * tests. Redis cannot listen on port 0, so a free port is found by binding a socket to port 0 first
 * and closing it; nothing is persisted.
 */
import { createServer, connect } from "node:net";
import { startProcess, type StartedProcess } from "./start-processes.js";

/** A free loopback TCP port (free when this resolves; another process could take it after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A running redis-server. */
export interface RedisServer {
  url: string;
  port: number;
  process: StartedProcess;
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port; resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const started = startProcess("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"]);
  try {
    await waitForPort(port);
  } catch {
    throw new Error(`redis-server did not start on port ${port}: ${started.stderr()}${started.stdout()}`);
  }
  return { url: `redis://127.0.0.1:${port}`, port, process: started, stop: () => started.stop() };
}
