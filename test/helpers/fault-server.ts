/**
 * A loopback `node:http` upstream whose behaviour a test scripts per route: status sequences, delays,
 * hangs, stalled bodies, connection resets, redirects, compressed and huge bodies. It records every
 * request (method, url, headers, body, arrival time, socket) and counts sockets opened and closed.
 *
 * Hostile switches (issue 9): `encodings` stacks content codings (`gzip, gzip, …` N deep), `bomb`
 * streams a gzip of endless zeros, `echoHeader` reflects a request header (a credential) back in JSON
 * with `/` escaped as PHP does; retry verdicts (`x-should-retry`) and `Retry-After` text are plain
 * `headers`; slow headers are `delayMs`.
 */
import { once } from "node:events";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import zlib from "node:zlib";

/** What the server does with one request. Every field is optional: the default is `200` with no body. */
export interface FaultStep {
  status?: number;
  /** Response headers; an array value sends the header once per element. */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Compress `body` and set `Content-Encoding` (`deflate-raw` sends raw deflate labelled `deflate`). */
  encoding?: "gzip" | "deflate" | "deflate-raw" | "br";
  /** Redirect: sets `Location` (status defaults to 302). */
  location?: string;
  /** Wait before answering. */
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Drop the connection without answering (TCP RST where supported). */
  reset?: boolean;
  /** Send the headers and `body`, then never finish the response. */
  stall?: boolean;
  /** Stream `chunk` `count` times as the body, honouring backpressure. */
  stream?: { chunk: Buffer; count: number };
  /** Compress `body` with each coding in turn (first applied first) and list them all in `Content-Encoding`. */
  encodings?: Array<"gzip" | "deflate" | "br">;
  /** Stream a gzip of `bytes` zero bytes (a decompression bomb), with `Content-Encoding: gzip`. */
  bomb?: { bytes: number };
  /** Answer 200 `application/json` `{"echo":"<value of this request header>"}`, with `/` written `\/` (PHP's json_encode default). */
  echoHeader?: string;
  /** Full control; the other fields are ignored. */
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `performance.now()` when the request head arrived. */
  at: number;
  /** Index of the socket it came on (0 for the first socket the server accepted). */
  socket: number;
}

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Sockets accepted and sockets closed so far. */
  readonly sockets: { opened: number; closed: number };
  /** `origin + path`. */
  url(path: string): string;
  /** Scripts `path` (matched without the query): request n gets step n; the last step repeats. */
  route(path: string, ...steps: FaultStep[]): void;
  /** Requests received for `path` (matched without the query). */
  requestsTo(path: string): RecordedRequest[];
  /** Resolves once every accepted socket has closed; rejects after `timeoutMs`. */
  waitForSocketsClosed(timeoutMs?: number): Promise<void>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

function encode(body: Buffer, encoding: NonNullable<FaultStep["encoding"]>): Buffer {
  if (encoding === "gzip") return zlib.gzipSync(body);
  if (encoding === "deflate") return zlib.deflateSync(body);
  if (encoding === "deflate-raw") return zlib.deflateRawSync(body);
  return zlib.brotliCompressSync(body);
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

async function play(step: FaultStep, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (step.handler !== undefined) return step.handler(req, res);
  if (step.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
  if (step.hang === true) return;
  if (step.bomb !== undefined) return playBomb(step.bomb.bytes, step.headers ?? {}, res);
  if (step.echoHeader !== undefined) {
    const value = String(req.headers[step.echoHeader.toLowerCase()] ?? "");
    res.writeHead(200, { "content-type": "application/json", ...step.headers });
    res.end(JSON.stringify({ echo: value }).replace(/\//g, "\\/"));
    return;
  }
  if (step.reset === true) {
    const socket = req.socket as Socket & { resetAndDestroy?: () => void };
    if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
    else socket.destroy();
    return;
  }
  let body = typeof step.body === "string" ? Buffer.from(step.body) : step.body;
  const headers: Record<string, string | string[]> = { ...step.headers };
  if (step.location !== undefined) headers["location"] = step.location;
  if (body !== undefined && step.encoding !== undefined) {
    body = encode(body, step.encoding);
    headers["content-encoding"] = step.encoding === "deflate-raw" ? "deflate" : step.encoding;
  }
  if (body !== undefined && step.encodings !== undefined) {
    for (const coding of step.encodings) body = coding === "gzip" ? zlib.gzipSync(body, { level: 1 }) : encode(body, coding);
    headers["content-encoding"] = step.encodings.join(", ");
  }
  const sized = Object.keys(headers).some((name) => name.toLowerCase() === "content-length");
  if (body !== undefined && step.stream === undefined && step.stall !== true && !sized) {
    headers["content-length"] = String(body.length);
  }
  res.writeHead(step.status ?? (step.location !== undefined ? 302 : 200), headers);
  if (step.stall === true) {
    if (body !== undefined) res.write(body);
    return;
  }
  if (step.stream !== undefined) {
    for (let i = 0; i < step.stream.count; i++) {
      if (res.destroyed) return;
      if (!res.write(step.stream.chunk)) await drainOrClose(res);
    }
    if (!res.destroyed) res.end();
    return;
  }
  res.end(body);
}

/** Streams gzip(zeros × bytes) as fast as the client reads, stopping when the client goes away. */
async function playBomb(bytes: number, extra: Record<string, string | string[]>, res: ServerResponse): Promise<void> {
  res.writeHead(200, { "content-type": "application/octet-stream", ...extra, "content-encoding": "gzip" });
  const gzip = zlib.createGzip({ level: 9 });
  gzip.pipe(res);
  res.on("close", () => gzip.destroy());
  const zeros = Buffer.alloc(1 << 20);
  for (let sent = 0; sent < bytes && !res.destroyed; sent += zeros.length) {
    if (!gzip.write(zeros.subarray(0, Math.min(zeros.length, bytes - sent)))) {
      await new Promise<void>((resolve) => {
        gzip.once("drain", resolve);
        res.once("close", resolve);
      });
    }
  }
  if (!res.destroyed) gzip.end();
}

/** Starts a fault server on 127.0.0.1, port 0. */
export async function startFaultServer(): Promise<FaultServer> {
  const routes = new Map<string, { steps: FaultStep[]; served: number }>();
  const requests: RecordedRequest[] = [];
  const sockets = { opened: 0, closed: 0 };
  const socketIds = new WeakMap<Socket, number>();
  const closeWaiters = new Set<() => void>();

  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      requests.push({
        method: req.method ?? "",
        url,
        headers: req.headers,
        body: Buffer.concat(chunks),
        at,
        socket: socketIds.get(req.socket) ?? -1,
      });
      const route = routes.get(url.split("?")[0]!);
      if (route === undefined) {
        res.writeHead(404, { "content-type": "text/plain" }).end("no such route");
        return;
      }
      const step = route.steps[Math.min(route.served, route.steps.length - 1)]!;
      route.served++;
      play(step, req, res).catch((error: unknown) => res.destroy(error as Error));
    });
  });
  server.on("connection", (socket: Socket) => {
    socketIds.set(socket, sockets.opened);
    sockets.opened++;
    socket.on("close", () => {
      sockets.closed++;
      if (sockets.closed === sockets.opened) for (const wake of closeWaiters) wake();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    sockets,
    url: (path) => origin + path,
    route(path, ...steps) {
      routes.set(path, { steps: steps.length === 0 ? [{}] : steps, served: 0 });
    },
    requestsTo: (path) => requests.filter((r) => r.url.split("?")[0] === path),
    waitForSocketsClosed(timeoutMs = 2000) {
      if (sockets.closed === sockets.opened) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          closeWaiters.delete(done);
          reject(new Error(`sockets still open: opened ${sockets.opened}, closed ${sockets.closed}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          closeWaiters.delete(done);
          resolve();
        };
        closeWaiters.add(done);
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** A loopback port with nothing listening (connecting to it is refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, "close");
  return port;
}
