/**
 * The upstream side of the interop matrix: the real petstore example upstream, behind a thin
 * recording proxy (the "witness") that sees what `serve` does to its upstream requests, plus the
 * spec and curation the matrix serves.
 *
 * Why a proxy: cancellation is only proven when the server stops the upstream work it started for
 * the cancelled call. The client can only see that its own call ended; the witness sees whether the
 * server's upstream request for `GET /slow?ms=N` was closed before the upstream answered. Each cell
 * uses its own N, so cells never read each other's records. Clients in other processes (Python)
 * read the same record at `GET /__witness/slow?ms=N`, so every client follows one procedure.
 *
 * Why a generated spec: the petstore example has no slow operation, and the upstream's `/slow`
 * route (see examples/petstore/upstream/server.ts) is outside its spec. The matrix serves the
 * example spec plus that one route, with the example curation plus one tool for it — the expected
 * tool names come from that curation, not from our naming code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { PETSTORE_CURATION, PETSTORE_SPEC } from "../helpers/start-processes.js";

/** What the witness saw of one `GET /slow?ms=N`. */
export interface SlowRecord {
  /** The server's request reached the upstream. */
  arrived: boolean;
  /** The server closed that request before the upstream answered (it gave the work up). */
  aborted: boolean;
  /** The upstream answered it in full (the work was not given up). */
  answered: boolean;
}

/** The petstore upstream behind the witness, and the files to serve. */
export interface InteropUpstream {
  /** Base URL for `serve` (the witness, including `/api/v3`). */
  baseUrl: string;
  /** The witness's own origin, for `/__witness/slow?ms=N`. */
  witnessOrigin: string;
  /** The petstore upstream itself, for direct requests that judge the tools' answers. */
  petstore: PetstoreUpstream;
  /** The generated spec and curation file. */
  specPath: string;
  curationPath: string;
  /** The tool names the curation file declares, in its order. */
  expectedTools: string[];
  slow(ms: number): SlowRecord;
  stop(): Promise<void>;
}

/** The slow tool's name in the generated curation file. */
export const SLOW_TOOL = "wait_slowly";

const SLOW_OPERATION = {
  get: {
    operationId: "waitSlowly",
    summary: "Wait, then answer",
    description: "Waits `ms` milliseconds, then answers `{\"waitedMs\": ms}`.",
    parameters: [{ name: "ms", in: "query", required: true, schema: { type: "integer", minimum: 0, maximum: 600000 } }],
    responses: { "200": { description: "waited", content: { "application/json": { schema: { type: "object" } } } } },
  },
};

function writeServedFiles(dir: string): { specPath: string; curationPath: string; expectedTools: string[] } {
  const spec = parse(readFileSync(PETSTORE_SPEC, "utf8")) as { paths: Record<string, unknown> };
  spec.paths["/slow"] = SLOW_OPERATION;
  const curation = parse(readFileSync(PETSTORE_CURATION, "utf8")) as { $schema?: string; tools: Array<{ name: string; operation: string; description?: string }> };
  delete curation.$schema; // relative to examples/petstore; the copy lives elsewhere
  curation.tools.push({ operation: "waitSlowly", name: SLOW_TOOL, description: "Wait `ms` milliseconds, then answer." });
  const specPath = join(dir, "openapi.yaml");
  const curationPath = join(dir, "curation.yaml");
  writeFileSync(specPath, stringify(spec));
  writeFileSync(curationPath, stringify(curation));
  return { specPath, curationPath, expectedTools: curation.tools.map((t) => t.name) };
}

function replyJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
}

/** Starts the petstore upstream and the witness in front of it, on 127.0.0.1 port 0. */
export async function startInteropUpstream(): Promise<InteropUpstream> {
  const dir = mkdtempSync(join(tmpdir(), "interop-"));
  const files = writeServedFiles(dir);
  const petstore = await startPetstoreUpstream({ record: false });
  const target = new URL(petstore.url);
  const slow = new Map<number, SlowRecord>();
  const record = (ms: number): SlowRecord => {
    let entry = slow.get(ms);
    if (entry === undefined) slow.set(ms, (entry = { arrived: false, aborted: false, answered: false }));
    return entry;
  };

  const witness = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://witness.invalid");
    if (url.pathname === "/__witness/slow") return replyJson(res, 200, record(Number(url.searchParams.get("ms"))));
    const slowMs = url.pathname === `${target.pathname}/slow` ? Number(url.searchParams.get("ms")) : undefined;
    if (slowMs !== undefined) record(slowMs).arrived = true;
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => {
          if (slowMs !== undefined) record(slowMs).answered = true;
        });
      },
    );
    forward.on("error", () => res.destroy());
    // The server gave the request up before the answer was sent: that is the cancellation we look for.
    res.on("close", () => {
      if (res.writableFinished) return;
      if (slowMs !== undefined) record(slowMs).aborted = true;
      forward.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => witness.listen(0, "127.0.0.1", resolve));
  const port = (witness.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    witnessOrigin: `http://127.0.0.1:${port}`,
    petstore,
    ...files,
    slow: (ms) => ({ ...record(ms) }),
    async stop(): Promise<void> {
      witness.closeAllConnections();
      await new Promise<void>((resolve) => witness.close(() => resolve()));
      await petstore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
