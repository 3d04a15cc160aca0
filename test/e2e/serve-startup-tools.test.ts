/**
 * The start-up work (pipeline on a worker thread, lazy loading; issue 11 "Start-up") must not change
 * what a client sees: `serve` on GitHub's whole spec, as a real process over stdio, from the
 * TypeScript sources and from the built bundle, answers every `tools/list` page with the same bytes
 * as the pipeline run in this thread and served by the runtime over an in-memory transport.
 *
 * Such a process answers the first page from the first tools while the rest are converted
 * (later-tools.ts); requests sent before the rest is in — the second page, a call to the last tool —
 * are answered once it is, the same as ever.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { runPipeline } from "../../src/pipeline.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";
import { cliCommand } from "../helpers/start-processes.js";

const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
const UPSTREAM = "http://127.0.0.1:9";
const INITIALIZE = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "startup-guard", version: "1" } } } as const;

/** Pages through tools/list; `exchange` sends one request and resolves with its response's JSON text. */
async function allPages(exchange: (message: object) => Promise<string>): Promise<string[]> {
  await exchange(INITIALIZE);
  const pages: string[] = [];
  let cursor: string | undefined;
  do {
    const text = await exchange({ jsonrpc: "2.0", id: pages.length + 1, method: "tools/list", ...(cursor === undefined ? {} : { params: { cursor } }) });
    pages.push(text);
    cursor = (JSON.parse(text) as { result: { nextCursor?: string } }).result.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

/** The pages as this thread's pipeline and the runtime produce them. */
async function inProcessPages(): Promise<string[]> {
  const result = await runPipeline({ spec: SPEC, baseUrl: UPSTREAM });
  const { prepared } = prepareRuntime(result.server, {}, { baseUrl: UPSTREAM, writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = await connectMcpServer(prepared, serverSide);
  let waiting: ((text: string) => void) | undefined;
  clientSide.onmessage = (message: JSONRPCMessage) => waiting?.(JSON.stringify(message));
  await clientSide.start();
  try {
    return await allPages((message) => {
      const answered = new Promise<string>((resolve) => (waiting = resolve));
      void clientSide.send(message as JSONRPCMessage);
      return answered;
    });
  } finally {
    await server.close();
  }
}

/** A `serve` process over stdio: its stdout lines as they come, and a wait for a condition on them (or its exit). */
function spawnServe(entry: "src" | "dist", upstreamUrl: string): { write(messages: unknown[]): void; lines: string[]; stderr(): string; until(done: () => boolean): Promise<void>; stop(): void } {
  const child = spawn(process.execPath, [...cliCommand(entry), "serve", SPEC, "--base-url", upstreamUrl], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  let pending = "";
  let waiting: (() => void) | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      lines.push(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      waiting?.();
    }
  });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${stderr}`))));
  return {
    write: (messages) => child.stdin.write(messages.map((m) => `${JSON.stringify(m)}\n`).join("")),
    lines,
    stderr: () => stderr,
    until: (done) => Promise.race([new Promise<void>((resolve) => (waiting = () => done() && resolve())), exited]),
    stop: () => {
      child.removeAllListeners("exit");
      child.kill();
    },
  };
}

/** The pages as a `serve` process writes them on stdout, line for line. */
async function processPages(entry: "src" | "dist"): Promise<string[]> {
  const serve = spawnServe(entry, UPSTREAM);
  try {
    return await allPages(async (message) => {
      const before = serve.lines.length;
      serve.write([message]);
      await serve.until(() => serve.lines.length > before);
      return serve.lines[before]!;
    });
  } finally {
    serve.stop();
  }
}

/** Equal page for page; a difference is reported by page and offset, not as two 256 KiB strings. */
function assertSamePages(actual: string[], expected: string[], entry: string): void {
  assert.equal(actual.length, expected.length, `${entry}: ${actual.length} pages, expected ${expected.length}`);
  actual.forEach((page, i) => {
    if (page === expected[i]) return;
    let at = 0;
    while (page[at] === expected[i]![at]) at++;
    assert.fail(`${entry}: page ${i + 1} differs at offset ${at}: …${page.slice(Math.max(0, at - 80), at + 80)}… expected …${expected[i]!.slice(Math.max(0, at - 80), at + 80)}…`);
  });
}

describe("serve start-up keeps the tools list", () => {
  it("GitHub's whole spec: every tools/list page from a serve process (sources and bundle) equals the in-process one, byte for byte", { timeout: 180_000 }, async () => {
    const expected = await inProcessPages();
    // 1,223 tools do not fit one page: several pages are compared, cursors included.
    assert.ok(expected.length > 1, `expected several pages, got ${expected.length}`);
    const tools = expected.reduce((n, page) => n + (JSON.parse(page) as { result: { tools: unknown[] } }).result.tools.length, 0);
    assert.equal(tools, 1223);
    assertSamePages(await processPages("src"), expected, "src");
    assert.ok(existsSync("dist/bin/pipeline-worker.js"), "run `npm run build` first: the bundle's worker entry is missing");
    assertSamePages(await processPages("dist"), expected, "dist");
  });
});

describe("serve start-up: requests that need the rest of the tools", () => {
  let upstream: RecordingUpstream;
  before(async () => {
    upstream = await startRecordingUpstream();
  });
  after(() => upstream.close());

  it("the second page and a call to the last tool, sent at once after initialize, are answered as ever", { timeout: 180_000 }, async () => {
    assert.ok(existsSync("dist/bin/pipeline-worker.js"), "run `npm run build` first: the bundle's worker entry is missing");
    const expected = await inProcessPages();
    const second = (JSON.parse(expected[0]!) as { result: { nextCursor: string } }).result.nextCursor;
    const serve = spawnServe("dist", upstream.origin);
    /** The answers so far, by JSON-RPC id. */
    const byId = (): Map<number, string> => new Map(serve.lines.flatMap((line) => {
      const id = (JSON.parse(line) as { id?: number }).id;
      return id === undefined ? [] : [[id, line] as [number, string]];
    }));
    try {
      // meta_get_zen: near the end of GitHub's listing (a GET without required arguments), far past the first page.
      const messages = [
        INITIALIZE,
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "tools/list", params: { cursor: second } },
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "meta_get_zen", arguments: {} } },
        { jsonrpc: "2.0", id: 1, method: "tools/list" },
      ];
      serve.write(messages);
      await serve.until(() => [0, 1, 2, 3].every((id) => byId().has(id)));
      const answers = byId();
      assertSamePages([answers.get(1)!, answers.get(2)!], expected.slice(0, 2), "dist, requested at once");
      const call = JSON.parse(answers.get(3)!) as { result?: { isError?: boolean } };
      assert.ok(call.result !== undefined && call.result.isError !== true, answers.get(3));
      assert.deepEqual(upstream.requests.map((r) => `${r.method} ${r.url}`), ["GET /zen"]);
      // The rest's warning (the tool count) still reaches stderr.
      for (let waited = 0; !/warning: 1223 tools selected/.test(serve.stderr()) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.match(serve.stderr(), /warning: 1223 tools selected/);
    } finally {
      serve.stop();
    }
  });
});
