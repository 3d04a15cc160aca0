/**
 * The interop matrix: real MCP clients against `openapi-mcp serve` (the built dist CLI) over stdio
 * and Streamable HTTP, with the petstore example upstream — never a mocked protocol. Issue 10: one
 * server speaks MCP 2026-07-28 and the 2025 revisions, and stock clients in every mode work with it.
 *
 * Clients: the v1 SDK client (`@modelcontextprotocol/sdk`, 2025 era); the v2 client
 * (`@modelcontextprotocol/client` 2.4.0) in its default mode (legacy), `auto` and pinned to
 * 2026-07-28; the Python `mcp` 2.3.0 client (from .venv-interop, see scripts/ensure-interop-venv.mjs)
 * in `auto`, `legacy` and `2026-07-28` modes. Each cell: connect (and which version was negotiated),
 * list every page, a call, an argument error, an upstream error, a cancellation. Every client runs
 * the same procedure (./cell-procedure.ts, ./python_client.py); this file judges all of them alike,
 * against the upstream's own answers and the witness proxy's record of what reached the upstream.
 *
 * Spec: https://modelcontextprotocol.io/specification/2026-07-28 (discovery, `_meta`, stateless
 * HTTP) and https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle (handshake);
 * cancellation: .../basic/utilities/cancellation; pagination: .../server/utilities/pagination.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LATEST_PROTOCOL_VERSION as V1_LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { repoPath, runProcess, startServeHttp, type HttpServeProcess } from "../helpers/start-processes.js";
import { CELL_CALLS, runCell, type CallObservation, type CellObservations } from "./cell-procedure.js";
import { SLOW_TOOL, startInteropUpstream, type InteropUpstream } from "./interop-upstream.js";
import { v1Client, v2Client, type ServerTarget } from "./ts-clients.js";

/** The 2026 revision every modern-mode cell must reach. */
const MODERN = "2026-07-28";
/**
 * The credentials the petstore tools need (its api_key and petstore_auth schemes), given to `serve`
 * as an operator would; the upstream checks only that api_key is present.
 */
const CREDENTIALS = { OPENAPI_MCP_AUTH_API_KEY: "interop-api-key", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "interop-token" };
/**
 * The smallest `tools/list` page `serve` allows (the toolsListPageBytes limit), so the seven tools
 * take several pages and every client must follow `nextCursor` to see them all.
 */
const SMALL_PAGES = { OPENAPI_MCP_TOOLS_LIST_PAGE_BYTES: "1024" };
const SERVE_ENV = { ...CREDENTIALS, ...SMALL_PAGES };

type Transport = "stdio" | "http";

/** One client configuration of the matrix, run once per transport. */
interface ClientCase {
  name: string;
  /** The protocol version the client must end up speaking with our server. */
  expectVersion: string;
  run(target: ServerTarget, upstream: InteropUpstream, slowMs: number): Promise<CellObservations>;
}

async function runPython(mode: string, target: ServerTarget, upstream: InteropUpstream, slowMs: number): Promise<CellObservations> {
  // Idempotent and fast when the venv is ready (scripts/run-tests.mjs made it); when this file runs on
  // its own it builds it here. Its failure (no python3, no index) is the cell's failure, with the fix.
  const venv = await runProcess(process.execPath, [repoPath("scripts/ensure-interop-venv.mjs")], { timeoutMs: 300_000 });
  if (venv.code !== 0) return { connected: { ok: false, error: venv.stderr.trim() || `ensure-interop-venv exited ${venv.code}` } };
  const python = venv.stdout.trim();
  const config = {
    ...target,
    ...(target.transport === "stdio" ? { env: { OPENAPI_MCP_BASE_URL: upstream.baseUrl, ...SERVE_ENV } } : {}),
    mode,
    calls: CELL_CALLS,
    witness: upstream.witnessOrigin,
    slowTool: SLOW_TOOL,
    slowMs,
  };
  const run = await runProcess(python, [repoPath("test/interop/python_client.py"), JSON.stringify(config)], { timeoutMs: 120_000 });
  const last = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last) as CellObservations;
  } catch {
    return { connected: { ok: false, error: `python client exited ${run.code}${run.timedOut ? " (timed out)" : ""}; stderr:\n${run.stderr.slice(-3000)}` } };
  }
}

const CLIENTS: ClientCase[] = [
  { name: "v1 SDK client (@modelcontextprotocol/sdk)", expectVersion: V1_LATEST_PROTOCOL_VERSION, run: (t, u, ms) => runCell(v1Client(t), u.slow, ms) },
  { name: "v2 client, default mode", expectVersion: "2025-11-25", run: (t, u, ms) => runCell(v2Client(t, undefined), u.slow, ms) },
  { name: "v2 client, mode auto", expectVersion: MODERN, run: (t, u, ms) => runCell(v2Client(t, "auto"), u.slow, ms) },
  { name: `v2 client, pinned ${MODERN}`, expectVersion: MODERN, run: (t, u, ms) => runCell(v2Client(t, { pin: MODERN }), u.slow, ms) },
  { name: "Python mcp 2.3.0, mode auto", expectVersion: MODERN, run: (t, u, ms) => runPython("auto", t, u, ms) },
  { name: "Python mcp 2.3.0, mode legacy", expectVersion: "2025-11-25", run: (t, u, ms) => runPython("legacy", t, u, ms) },
  { name: `Python mcp 2.3.0, mode ${MODERN}`, expectVersion: MODERN, run: (t, u, ms) => runPython(MODERN, t, u, ms) },
];

const show = (value: unknown): string => JSON.stringify(value, null, 1);

/** The observation `key`, failing the test with the connect error (or the whole record) when it is missing. */
function observed<K extends keyof CellObservations>(cell: CellObservations | undefined, key: K): NonNullable<CellObservations[K]> {
  assert.ok(cell !== undefined, "the cell did not run");
  assert.ok(cell.connected.ok, `the client could not connect: ${cell.connected.error ?? show(cell)}`);
  const value = cell[key];
  assert.ok(value !== undefined, `no ${String(key)} observation${cell.failure === undefined ? "" : `; the procedure stopped: ${cell.failure}`}\n${show(cell)}`);
  return value as NonNullable<CellObservations[K]>;
}

function assertToolError(call: CallObservation, pattern: RegExp, what: string): void {
  assert.ok(call.ok, `${what} must be a tool result the model can read, not a protocol error: ${call.error}`);
  assert.equal(call.isError, true, `${what} must be marked isError: ${show(call)}`);
  assert.match(call.text ?? "", pattern, `${what} must say what went wrong`);
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe("interop matrix: real clients against openapi-mcp serve", { timeout: 900_000 }, () => {
  let upstream: InteropUpstream;
  before(async () => {
    upstream = await startInteropUpstream();
  });
  after(async () => {
    await upstream?.stop();
  });

  for (const transport of ["stdio", "http"] as const satisfies readonly Transport[]) {
    CLIENTS.forEach((client, index) => {
      // Each cell's own `/slow?ms=` value, so the witness's record is this cell's alone.
      const slowMs = 200_000 + index * 1_000 + (transport === "http" ? 1 : 0);
      describe(`${transport} × ${client.name}`, () => {
        let server: HttpServeProcess | undefined;
        let cell: CellObservations | undefined;
        before(async () => {
          const specArgs = [upstream.specPath, "--curation", upstream.curationPath];
          let target: ServerTarget;
          if (transport === "stdio") {
            const env = { ...(process.env as Record<string, string>), OPENAPI_MCP_BASE_URL: upstream.baseUrl, ...SERVE_ENV };
            target = { transport, command: process.execPath, args: [repoPath("dist/bin/main.js"), "serve", ...specArgs], env };
          } else {
            server = await startServeHttp({ entry: "dist", baseUrl: upstream.baseUrl, specArgs, env: SERVE_ENV });
            target = { transport, url: server.url };
          }
          cell = await client.run(target, upstream, slowMs);
        });
        after(async () => {
          await server?.stop();
        });

        it(`connects and speaks ${client.expectVersion}`, () => {
          const connected = observed(cell, "connected");
          assert.equal(connected.protocolVersion, client.expectVersion);
        });

        it("lists every tool, following nextCursor to the last page", () => {
          const list = observed(cell, "list");
          assert.equal(list.error, undefined, `listing failed after ${list.pages} page(s): ${list.error}`);
          assert.ok(list.pages >= 2, `the tools came in ${list.pages} page(s); with ${SMALL_PAGES.OPENAPI_MCP_TOOLS_LIST_PAGE_BYTES}-byte pages there must be several`);
          assert.equal(new Set(list.names).size, list.names.length, `a tool was listed twice across pages: ${list.names.join(", ")}`);
          assert.deepEqual([...list.names].sort(), [...upstream.expectedTools].sort());
        });

        it("calls a tool and gets the upstream's answer", async () => {
          const call = observed(cell, "call");
          assert.ok(call.ok && call.isError !== true, `find_pets failed: ${show(call)}`);
          const direct = await fetch(`${upstream.petstore.url}/pet/findByStatus?status=sold`);
          assert.deepEqual(JSON.parse(call.text ?? ""), await direct.json());
        });

        it("an argument error is a tool error naming the argument", () => {
          assertToolError(observed(cell, "argumentError"), /petId/, "a non-integer petId");
        });

        it("an upstream error is a tool error naming the status", async () => {
          const direct = await fetch(`${upstream.petstore.url}/pet/${CELL_CALLS.upstreamError.arguments.petId}`);
          assert.equal(direct.status, 404, "the upstream itself must answer 404 for the unknown pet");
          assertToolError(observed(cell, "upstreamError"), /404/, "the upstream's 404");
        });

        it("cancellation ends the call, gives up the upstream request, and the client goes on working", async () => {
          const cancellation = observed(cell, "cancellation");
          assert.ok(cancellation.arrived, `the slow call never reached the upstream: ${show(cancellation)}`);
          assert.equal(cancellation.callEnded, "cancelled", `the cancelled call must end as cancelled for the client: ${show(cancellation)}`);
          const given = await waitFor(() => upstream.slow(slowMs).aborted, 10_000);
          assert.ok(given, `the server kept its upstream request for the cancelled call: ${show(upstream.slow(slowMs))}`);
          assert.equal(upstream.slow(slowMs).answered, false);
          const afterwards = cancellation.afterwards;
          assert.ok(afterwards.ok && afterwards.isError !== true, `a call after the cancellation failed: ${show(afterwards)}`);
          assert.match(afterwards.text ?? "", /available/);
        });
      });
    });
  }
});
