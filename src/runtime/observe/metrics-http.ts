/**
 * Serves the metrics over HTTP: `GET /metrics` on the MCP listener (http-transport.ts routes it
 * here) or on a port of its own ({@link startMetricsServer}), which keeps scrapes off the MCP
 * listener's Host/Origin rules and lets a network policy expose one without the other.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { ServerMetrics } from "./metrics.js";

/** Answers a scrape: 200 with the exposition text, 405 for anything but GET or HEAD. */
export async function sendMetrics(req: IncomingMessage, res: ServerResponse, metrics: ServerMetrics): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const text = await metrics.render();
  res.writeHead(200, { "content-type": metrics.contentType, "content-length": Buffer.byteLength(text) });
  res.end(req.method === "HEAD" ? undefined : text);
}

/** A metrics listener; `port` 0 picks a free one. */
export async function startMetricsServer(metrics: ServerMetrics, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if ((req.url ?? "/").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    sendMetrics(req, res, metrics).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const hostName = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostName}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
