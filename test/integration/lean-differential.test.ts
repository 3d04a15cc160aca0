/**
 * The lean paths against the SDK's own: the same requests, sent to a server with the lean
 * `tools/call` paths (the stdio lane, the HTTP multiplex lane, the 2026 HTTP fast path) and to one
 * that leaves every message to the SDK's dispatch, must get byte-for-byte the same answers — in
 * both protocol eras (2025-11-25 after `initialize`; 2026-07-28 with the `_meta` envelope) and over
 * both transports. The SDK's path is the judge: whatever it answers, the lean path must too.
 *
 * Covered: a valid call (a numeric and a string id; in 2025 also one whose `_meta` holds a
 * progress token), a list answer (its text written from the upstream body's bytes on the lean
 * paths, mcp/answer-bytes.ts), an argument error and an upstream error (both `isError` results), an
 * unknown tool, `params.name` not a string, `arguments` not an object, an unknown method, a
 * malformed envelope, `tools/list` (with a bad cursor too), notifications (answered by nothing),
 * and cancellation (no answer at all); in the 2026 era also a wrong, missing or unsupported
 * `_meta` protocol version, a missing client-capabilities key, and over HTTP headers that
 * disagree with the body or are missing.
 *
 * The boundary of the HTTP fast routing (src/runtime/mcp/plain-requests.ts): for each condition of
 * its cheap checks, a request that fails that condition alone ({@link boundaryCases}), in both
 * eras. And the listing, cut into several pages: every page through its cursor, `server/discover`
 * and `ping`, over both transports and in both eras.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import type { PreparedServer } from "../../src/runtime/mcp/create-server.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { serveStdioStreams } from "../../src/runtime/mcp/stdio-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition, ToolDefinition } from "../../src/runtime/core/tool-definition.js";

const MODERN = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientInfo": { name: "diff", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };

/** A tool that waits upstream, to cancel it mid-call. */
const SLOW: ToolDefinition = {
  name: "slow",
  description: "waits",
  inputSchema: { type: "object", properties: { ms: { type: "integer" } } },
  annotations: { readOnlyHint: true },
  http: { method: "GET", path: "/slow", arguments: [{ argument: "ms", required: false, target: { in: "query", name: "ms", style: "form", explode: true, allowReserved: false } }] },
  security: [],
  policy: { timeoutMs: 10_000, retries: 0, maxResponseTokens: 2_000 },
  pagingArguments: [],
};

type Era = "2025-11-25" | "2026-07-28";
interface Case {
  name: string;
  /** The JSON-RPC message (or raw text when a string). */
  body: unknown;
  /** HTTP headers beyond the defaults of the era. */
  headers?: Record<string, string | undefined>;
  /** Whether an answer is expected (notifications and cancelled calls get none). */
  answered?: boolean;
}

let nextId = 100;
function call(era: Era, name: string, args: unknown, meta: unknown = META): Record<string, unknown> {
  const params: Record<string, unknown> = { name, arguments: args };
  if (era === MODERN && meta !== undefined) params._meta = meta;
  return { jsonrpc: "2.0", id: nextId++, method: "tools/call", params };
}
function request(era: Era, method: string, params: Record<string, unknown> = {}): Record<string, unknown> {
  return { jsonrpc: "2.0", id: nextId++, method, params: era === MODERN ? { ...params, _meta: META } : params };
}

function cases(era: Era): Case[] {
  const list: Case[] = [
    { name: "a valid call", body: call(era, "get_pet", { petId: 1 }) },
    { name: "a valid call with a string id", body: { ...call(era, "get_pet", { petId: 1 }), id: `call-${nextId++}` } },
    { name: "a list answer (the lean paths write its text from the upstream bytes)", body: call(era, "find_pets", { status: "available" }), headers: { "mcp-name": "find_pets" } },
    { name: "an argument error (isError result)", body: call(era, "get_pet", { petId: "one" }) },
    { name: "an upstream error (isError result)", body: call(era, "get_pet", { petId: 987654 }) },
    { name: "an unknown tool", body: call(era, "no_such_tool", {}), headers: { "mcp-name": "no_such_tool" } },
    { name: "params.name not a string", body: call(era, 42 as unknown as string, {}), headers: { "mcp-name": undefined } },
    { name: "arguments not an object", body: call(era, "get_pet", [1]) },
    { name: "arguments absent", body: call(era, "get_inventory", undefined) , headers: { "mcp-name": "get_inventory" } },
    { name: "an unknown method", body: request(era, "no/such_method"), headers: { "mcp-method": "no/such_method", "mcp-name": undefined } },
    { name: "tools/list", body: request(era, "tools/list"), headers: { "mcp-method": "tools/list", "mcp-name": undefined } },
    { name: "tools/list with a cursor we did not issue", body: request(era, "tools/list", { cursor: "bm9wZQ" }), headers: { "mcp-method": "tools/list", "mcp-name": undefined } },
    { name: "a malformed envelope (jsonrpc 1.0)", body: { ...call(era, "get_pet", { petId: 1 }), jsonrpc: "1.0" } },
    { name: "a notification", body: { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99999 } }, answered: false, headers: { "mcp-method": "notifications/cancelled", "mcp-name": undefined } },
  ];
  if (era !== MODERN) {
    const progress = call(era, "get_pet", { petId: 1 });
    (progress.params as Record<string, unknown>)._meta = { progressToken: "p-1" };
    list.push({ name: "a call with a progressToken in _meta", body: progress });
  }
  if (era === MODERN) {
    list.push(
      { name: "_meta names another revision", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/protocolVersion": "2025-11-25" }) },
      { name: "_meta names an unsupported revision", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" }) },
      { name: "_meta without client capabilities", body: call(era, "get_pet", { petId: 1 }, { "io.modelcontextprotocol/protocolVersion": MODERN }) },
      { name: "_meta without client info", body: call(era, "get_pet", { petId: 1 }, { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} }) },
      { name: "_meta with client capabilities not an object", body: call(era, "get_pet", { petId: 1 }, { ...META, "io.modelcontextprotocol/clientCapabilities": "all" }) },
    );
  }
  return list;
}

/** Cases only HTTP has: the 2026 headers against the body. */
function headerCases(): Case[] {
  return [
    { name: "Mcp-Name disagrees with params.name", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-name": "get_inventory" } },
    { name: "Mcp-Method disagrees with the method", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-method": "tools/list" } },
    { name: "Mcp-Name missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-name": undefined } },
    { name: "Mcp-Method missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-method": undefined } },
    { name: "MCP-Protocol-Version missing", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-protocol-version": undefined } },
    { name: "MCP-Protocol-Version disagrees with _meta", body: call(MODERN, "get_pet", { petId: 1 }), headers: { "mcp-protocol-version": "2025-11-25" } },
  ];
}

/**
 * One request per condition of the plain-request checks, each failing that condition alone (or,
 * for the last few, passing every condition with something unusual the checks allow). The SDK's
 * answer is the judge; the lean server must give the same bytes.
 */
function boundaryCases(era: Era): Case[] {
  const listHeaders = { "mcp-method": "tools/list", "mcp-name": undefined };
  const list = (params: Record<string, unknown> = {}): Record<string, unknown> => request(era, "tools/list", params);
  const listWithMeta = (meta: unknown): Record<string, unknown> => ({ jsonrpc: "2.0", id: nextId++, method: "tools/list", params: { _meta: meta } });
  const callWithMeta = (meta: unknown): Record<string, unknown> => call(era, "get_pet", { petId: 1 }, meta);
  // Each shape and envelope condition on a call and on a list: the fast routing answers both.
  const kinds = [
    { what: "a call", make: (): Record<string, unknown> => call(era, "get_pet", { petId: 1 }), withMeta: callWithMeta, headers: {} },
    { what: "a list", make: (): Record<string, unknown> => list(), withMeta: listWithMeta, headers: listHeaders },
  ];
  const cases: Case[] = [];
  for (const { what, make, withMeta, headers } of kinds) {
    cases.push(
      { name: `boundary: a batch of one valid request (${what})`, body: [make()], headers },
      { name: `boundary: an extra top-level key (${what})`, body: { ...make(), extra: true }, headers },
      { name: `boundary: id a fraction (${what})`, body: { ...make(), id: 1.5 }, headers },
      { name: `boundary: id beyond the safe integers (${what})`, body: { ...make(), id: 2 ** 60 }, headers },
      { name: `boundary: id null (${what})`, body: { ...make(), id: null }, headers },
      { name: `boundary: Content-Type another JSON type (${what})`, body: make(), headers: { ...headers, "content-type": "application/json-patch+json" } },
      { name: `boundary: Content-Type JSON with a charset (${what})`, body: make(), headers: { ...headers, "content-type": "application/json; charset=utf-8" } },
    );
    if (era === MODERN) {
      cases.push(
        { name: `boundary: _meta absent (${what})`, body: withMeta(undefined), headers },
        { name: `boundary: _meta not an object (${what})`, body: withMeta("x"), headers },
        { name: `boundary: _meta with a progressToken (${what})`, body: withMeta({ ...META, progressToken: 5 }), headers },
        { name: `boundary: _meta with a log level (${what})`, body: withMeta({ ...META, "io.modelcontextprotocol/logLevel": "debug" }), headers },
        { name: `boundary: _meta with an extension key (${what})`, body: withMeta({ ...META, "com.example/x": 1 }), headers },
        { name: `boundary: _meta traceparent not a string (${what})`, body: withMeta({ ...META, traceparent: 1 }), headers },
        { name: `boundary: _meta with traceparent (allowed) (${what})`, body: withMeta({ ...META, traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }), headers },
        { name: `boundary: client info with a number for a name (${what})`, body: withMeta({ ...META, "io.modelcontextprotocol/clientInfo": { name: 1, version: "1" } }), headers },
        { name: `boundary: client capabilities with a bad roots member (${what})`, body: withMeta({ ...META, "io.modelcontextprotocol/clientCapabilities": { roots: { listChanged: "yes" } } }), headers },
        { name: `boundary: client capabilities with members (allowed) (${what})`, body: withMeta({ ...META, "io.modelcontextprotocol/clientCapabilities": { roots: { listChanged: true }, sampling: {}, elicitation: {} } }), headers },
        { name: `boundary: MCP-Protocol-Version with a trailing space (${what})`, body: make(), headers: { ...headers, "mcp-protocol-version": `${MODERN} ` } },
      );
    }
  }
  const stateful = call(era, "get_pet", { petId: 1 });
  (stateful.params as Record<string, unknown>).requestState = "x";
  cases.push(
    { name: "boundary: tools/call with a params key the lean path does not read (requestState)", body: stateful },
    { name: "boundary: tools/list with an unknown params key", body: list({ extra: 1 }), headers: listHeaders },
    { name: "boundary: tools/list with a cursor that is not a string", body: list({ cursor: 7 }), headers: listHeaders },
    { name: "boundary: ping", body: request(era, "ping"), headers: { "mcp-method": "ping", "mcp-name": undefined } },
    { name: "boundary: ping with a params key it does not read", body: request(era, "ping", { extra: 1 }), headers: { "mcp-method": "ping", "mcp-name": undefined } },
    { name: "boundary: server/discover", body: request(era, "server/discover"), headers: { "mcp-method": "server/discover", "mcp-name": undefined } },
    { name: "boundary: server/discover with a params key it does not read", body: request(era, "server/discover", { extra: 1 }), headers: { "mcp-method": "server/discover", "mcp-name": undefined } },
  );
  if (era === MODERN) {
    cases.push(
      { name: "boundary: params absent", body: { jsonrpc: "2.0", id: nextId++, method: "tools/list" }, headers: listHeaders },
      { name: "boundary: Mcp-Name in the Base64 sentinel form, equal to the body", body: call(era, "=?base64?Z2V0X3BldA==?=", { petId: 1 }) },
      { name: "boundary: tools/list with Mcp-Name", body: list(), headers: { "mcp-method": "tools/list", "mcp-name": "x" } },
    );
  } else {
    cases.push(
      { name: "boundary: tools/list with a progressToken (allowed)", body: listWithMeta({ progressToken: "p" }) },
      { name: "boundary: tools/list with another _meta key", body: listWithMeta({ other: 1 }) },
      { name: "boundary: tools/list without params", body: { jsonrpc: "2.0", id: nextId++, method: "tools/list" } },
      { name: "boundary: MCP-Protocol-Version naming 2026-07-28 on an envelope-less list", body: { jsonrpc: "2.0", id: nextId++, method: "tools/list", params: {} }, headers: { "mcp-protocol-version": MODERN } },
    );
  }
  return cases;
}

let upstream: PetstoreUpstream;
let prepared: PreparedServer;
/** The same tools, listed in pages of at most 1 KiB of tool JSON: several pages and cursors. */
let paged: PreparedServer;

before(async () => {
  upstream = await startPetstoreUpstream({ record: false });
  const result = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
  const definition: ServerDefinition = { ...result.server, tools: [...result.server.tools, SLOW] };
  const env = { OPENAPI_MCP_LOG_LEVEL: "error", OPENAPI_MCP_AUTH_API_KEY: "test-key", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "test-token" };
  prepared = prepareRuntime(definition, env, { baseUrl: upstream.url, writeLog: () => {} }).prepared;
  paged = prepareRuntime(definition, { ...env, OPENAPI_MCP_TOOLS_LIST_PAGE_BYTES: "1024" }, { baseUrl: upstream.url, writeLog: () => {} }).prepared;
  assert.ok(paged.listed.pages.length >= 3, `several pages (${paged.listed.pages.length})`);
});
after(() => upstream.close());

describe("lean paths vs the SDK's own, Streamable HTTP", () => {
  let lean: RunningHttpServer;
  let reference: RunningHttpServer;
  let leanPaged: RunningHttpServer;
  let referencePaged: RunningHttpServer;
  before(async () => {
    lean = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
    reference = await startHttpServer(prepared, { host: "127.0.0.1", port: 0, lean: false });
    leanPaged = await startHttpServer(paged, { host: "127.0.0.1", port: 0 });
    referencePaged = await startHttpServer(paged, { host: "127.0.0.1", port: 0, lean: false });
  });
  after(async () => {
    await lean.close();
    await reference.close();
    await leanPaged.close();
    await referencePaged.close();
  });

  async function post(server: RunningHttpServer, era: Era, c: Case): Promise<string> {
    const body = c.body as { method?: string; params?: { name?: unknown } };
    const headers: Record<string, string | undefined> = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": era };
    if (era === MODERN) {
      headers["mcp-method"] = body.method;
      if (typeof body.params?.name === "string") headers["mcp-name"] = body.params.name;
    }
    Object.assign(headers, c.headers ?? {});
    if (era !== MODERN) for (const name of ["mcp-method", "mcp-name"]) delete headers[name];
    const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    const response = await fetch(server.url, { method: "POST", headers: sent, body: JSON.stringify(c.body) });
    return `${response.status} ${response.headers.get("content-type")}\n${await response.text()}`;
  }

  for (const era of ["2025-11-25", MODERN] as const) {
    for (const c of [...cases(era), ...(era === MODERN ? headerCases() : []), ...boundaryCases(era)]) {
      it(`${era}: ${c.name}`, async () => {
        const expected = await post(reference, era, c);
        const actual = await post(lean, era, c);
        assert.equal(actual, expected);
      });
    }
    it(`${era}: every page of a listing in pages, through its cursors, and a cursor of another listing`, async () => {
      const listHeaders = { "mcp-method": "tools/list", "mcp-name": undefined };
      let cursor: string | undefined;
      const seen: string[] = [];
      do {
        const c: Case = { name: "page", body: request(era, "tools/list", cursor === undefined ? {} : { cursor }), headers: listHeaders };
        const expected = await post(referencePaged, era, c);
        assert.equal(await post(leanPaged, era, c), expected, `the page after ${cursor ?? "(start)"}`);
        const page = JSON.parse(expected.slice(expected.indexOf("\n") + 1)) as { result: { tools: Array<{ name: string }>; nextCursor?: string } };
        seen.push(...page.result.tools.map((t) => t.name));
        cursor = page.result.nextCursor;
      } while (cursor !== undefined);
      assert.deepEqual(seen, paged.listed.pages.flatMap((p) => p.tools.map((t) => t.name)), "every tool, once, in order");
      // A cursor the small-page listing issued means nothing to the other one.
      const foreign: Case = { name: "foreign cursor", body: request(era, "tools/list", { cursor: paged.listed.pages[0]!.nextCursor }), headers: listHeaders };
      const expected = await post(reference, era, foreign);
      assert.match(expected, /^200 .*\n.*"code":-32602/);
      assert.equal(await post(lean, era, foreign), expected);
    });

    it(`${era}: a call whose client goes away is cancelled on both paths: the upstream request is aborted`, async () => {
      for (const server of [reference, lean]) {
        const controller = new AbortController();
        const pending = fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": era, ...(era === MODERN ? { "mcp-method": "tools/call", "mcp-name": "slow" } : {}) },
          body: JSON.stringify(call(era, "slow", { ms: 5000 })),
          signal: controller.signal,
        });
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(prepared.gate.inFlight, 1, "the call is running");
        controller.abort();
        await assert.rejects(pending);
        const deadline = Date.now() + 2000;
        while (prepared.gate.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.equal(prepared.gate.inFlight, 0, "the disconnect cancelled the call");
      }
    });
  }
});

describe("lean paths vs the SDK's own, stdio", () => {
  /** One stdio connection: write lines, read the answers. */
  type Connection = ReturnType<typeof connect>;
  function connect(lean: boolean, server: PreparedServer = prepared) {
    const input = new PassThrough();
    const output = new PassThrough();
    const served = serveStdioStreams(server, input, output, { lean });
    const lines: string[] = [];
    let buffer = "";
    output.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        lines.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    });
    return {
      lines,
      /** Sends one message and returns what came back for it (waits for one line: up to 5 s, or `quietMs` when none is expected). */
      async exchange(message: unknown, answered = true, quietMs = 150): Promise<string[]> {
        const from = lines.length;
        input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
        const deadline = Date.now() + (answered ? 5000 : quietMs);
        while (Date.now() < deadline && lines.length === from) await new Promise((r) => setTimeout(r, 5));
        return lines.slice(from);
      },
      write(message: unknown): void {
        input.write(`${JSON.stringify(message)}\n`);
      },
      close: () => served.close(),
    };
  }

  for (const era of ["2025-11-25", MODERN] as const) {
    describe(`${era}`, () => {
      let lean: Connection;
      let reference: Connection;
      let leanPaged: Connection;
      let referencePaged: Connection;
      before(async () => {
        lean = connect(true);
        reference = connect(false);
        leanPaged = connect(true, paged);
        referencePaged = connect(false, paged);
        // The opening decides the era, as for a real client: the 2025 handshake, or a 2026 discover probe then a request.
        for (const connection of [lean, reference, leanPaged, referencePaged]) {
          if (era === MODERN) {
            await connection.exchange({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: META } });
          } else {
            await connection.exchange({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: era, capabilities: {}, clientInfo: { name: "diff", version: "1" } } });
            await connection.exchange({ jsonrpc: "2.0", method: "notifications/initialized" }, false);
          }
        }
      });
      after(async () => {
        await lean.close();
        await reference.close();
        await leanPaged.close();
        await referencePaged.close();
      });

      it("every page of a listing in pages, through its cursors, and a cursor of another listing", async () => {
        let cursor: string | undefined;
        const seen: string[] = [];
        do {
          const message = request(era, "tools/list", cursor === undefined ? {} : { cursor });
          const expected = await referencePaged.exchange(message);
          assert.deepEqual(await leanPaged.exchange(message), expected, `the page after ${cursor ?? "(start)"}`);
          const page = JSON.parse(expected[0]!) as { result: { tools: Array<{ name: string }>; nextCursor?: string } };
          seen.push(...page.result.tools.map((t) => t.name));
          cursor = page.result.nextCursor;
        } while (cursor !== undefined);
        assert.deepEqual(seen, paged.listed.pages.flatMap((p) => p.tools.map((t) => t.name)), "every tool, once, in order");
        const foreign = request(era, "tools/list", { cursor: paged.listed.pages[0]!.nextCursor });
        const expected = await reference.exchange(foreign);
        assert.match(expected[0]!, /"code":-32602/);
        assert.deepEqual(await lean.exchange(foreign), expected);
      });

      // The fast routing's boundary is HTTP's; over stdio the same body checks pick the listing
      // requests and the calls the lane answers. Some of these the SDK drops over stdio without a
      // word (it answers them over HTTP): what arrives is compared.
      for (const c of boundaryCases(era).filter((c) => !Array.isArray(c.body))) {
        it(c.name, async () => {
          const expected = await reference.exchange(c.body, false, 300);
          const actual = await lean.exchange(c.body, false, 300);
          assert.deepEqual(actual, expected);
        });
      }

      for (const c of cases(era)) {
        it(c.name, async () => {
          const expected = await reference.exchange(c.body, c.answered ?? true);
          const actual = await lean.exchange(c.body, c.answered ?? true);
          assert.deepEqual(actual, expected);
          if (c.answered !== false) assert.equal(expected.length, 1, "one answer");
        });
      }

      it("notifications/cancelled aborts the call on both paths, and neither answers it", async () => {
        for (const connection of [reference, lean]) {
          const slow = call(era, "slow", { ms: 5000 });
          const from = connection.lines.length;
          connection.write(slow);
          await new Promise((r) => setTimeout(r, 150));
          assert.equal(prepared.gate.inFlight, 1, "the call is running");
          connection.write({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: slow.id, reason: "test", ...(era === MODERN ? { _meta: META } : {}) } });
          const deadline = Date.now() + 2000;
          while (prepared.gate.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.equal(prepared.gate.inFlight, 0, "the call was cancelled");
          await new Promise((r) => setTimeout(r, 100));
          assert.deepEqual(connection.lines.slice(from), [], "a cancelled call is never answered");
        }
      });
    });
  }

  // The opening decides the era for the SDK too: a plain 2026 call that opens the connection must
  // reach it, or a later message would decide the SDK's era instead (an envelope-less initialize
  // would then be served as 2025).
  it("a 2026 call that opens the connection decides the era on both paths", async () => {
    const answers: string[][] = [];
    for (const lean of [false, true]) {
      const connection = connect(lean);
      try {
        const opening = await connection.exchange(call(MODERN, "get_pet", { petId: 1 }));
        const handshake = await connection.exchange({ jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "diff", version: "1" } } }, false, 300);
        const list = await connection.exchange(request(MODERN, "tools/list"));
        answers.push([...opening.map((line) => line.replace(/"id":\d+/, '"id":0')), ...handshake, ...list.map((line) => line.replace(/"id":\d+/, '"id":0'))]);
      } finally {
        await connection.close();
      }
    }
    assert.deepEqual(answers[1], answers[0]);
    assert.match(answers[0]![0]!, /"resultType":"complete"/, "the opening call is answered in the 2026 shape");
  });
});
