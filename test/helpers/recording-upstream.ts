/**
 * A loopback `node:http` upstream that records every request byte for byte and answers each one with
 * the reply the test set last — one reply for every path, so a test scripts a call, not a route.
 */
import { once } from "node:events";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the upstream answers. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A request as received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-case names, as Node parses them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A running recording upstream. */
export interface RecordingUpstream {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Requests since the last {@link RecordingUpstream.reset}. */
  readonly requests: ReceivedRequest[];
  /** Forgets the recorded requests and answers every request from now on with `reply`. */
  reset(reply: ScriptedReply): void;
  close(): Promise<void>;
}

/** The reply before the first {@link RecordingUpstream.reset}: 200 with an empty JSON object. */
const DEFAULT_REPLY: ScriptedReply = { status: 200, headers: { "content-type": "application/json" }, body: "{}" };

/** Starts a recording upstream on 127.0.0.1, port 0. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const requests: ReceivedRequest[] = [];
  let reply = DEFAULT_REPLY;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers }, body: Buffer.concat(chunks) });
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? "");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    reset(next) {
      requests.length = 0;
      reply = next;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
