/**
 * Both protocol eras from one server, through stock clients: the v1 SDK client (2025 era), the v2
 * client in its default (legacy) mode and pinned to 2026-07-28. Each lists GitHub's whole spec
 * (1,223 tools, a 1.6 MiB list) and Xero accounting's (235 tools, few but large: a 3.8 MiB list)
 * over Streamable HTTP and stdio by following cursors, with every message under 1 MiB and no client
 * buffer raised; and the 2026 path's own checks (headers against the body, unsupported revisions,
 * cache hints) answer as the SDK defines them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client as V2Client, StreamableHTTPClientTransport as V2Http } from "@modelcontextprotocol/client";
import { StdioClientTransport as V2Stdio } from "@modelcontextprotocol/client/stdio";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as V1Stdio } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as V1Http } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { runPipeline } from "../../src/pipeline.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";

const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
/** ../shared/corpus/vendors/xero/xero_accounting.yaml, copied byte for byte. */
const XERO_SPEC = "fixtures/corpus/xero-accounting.yaml";
const MiB = 1024 * 1024;
const MODERN = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };

interface ListingClient {
  listTools(params?: { cursor?: string }): Promise<{ tools: Array<{ name: string }>; nextCursor?: string }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

type Kind = "v1" | "v2 default" | "v2 pinned 2026-07-28";
const KINDS: Kind[] = ["v1", "v2 default", "v2 pinned 2026-07-28"];

function newClient(kind: Kind): V1Client | V2Client {
  if (kind === "v1") return new V1Client({ name: "eras", version: "1" });
  return new V2Client({ name: "eras", version: "1" }, kind === "v2 default" ? {} : { versionNegotiation: { mode: { pin: MODERN } } });
}

/** Lists every tool by following cursors; returns the names and how many list calls it took. */
async function listAll(client: ListingClient): Promise<{ names: string[]; calls: number }> {
  const names: string[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    calls++;
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { names, calls };
}

describe("both protocol eras over Streamable HTTP, GitHub's whole spec", () => {
  let server: RunningHttpServer;
  let expected: string[];
  /** Sizes of every HTTP response body the clients received. */
  const sizes: number[] = [];
  const measuringFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    sizes.push(body.byteLength);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  before(async () => {
    const { server: definition } = await runPipeline({ spec: SPEC });
    expected = definition.tools.map((t) => t.name);
    const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_LOG_LEVEL: "error" }, { baseUrl: "http://127.0.0.1:9", writeLog: () => {} });
    server = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
  });
  after(() => server.close());

  for (const kind of KINDS) {
    it(`${kind}: lists all ${1223} tools through cursors, every response under 1 MiB; an unknown tool is -32602`, async () => {
      sizes.length = 0;
      const client = newClient(kind);
      const transport = kind === "v1" ? new V1Http(new URL(server.url), { fetch: measuringFetch }) : new V2Http(new URL(server.url), { fetch: measuringFetch });
      await (client as V1Client).connect(transport as V1Http);
      try {
        const { names } = await listAll(client as unknown as ListingClient);
        assert.equal(names.length, 1223);
        assert.deepEqual(names, expected);
        assert.ok(Math.max(...sizes) < MiB, `largest response ${Math.max(...sizes)} bytes`);
        assert.ok(sizes.reduce((a, b) => a + b, 0) > MiB && sizes.length >= 5, "the list, over 1 MiB in all, took several pages");
        await assert.rejects((client as unknown as ListingClient).callTool({ name: "no_such_tool", arguments: {} }), /Unknown tool: no_such_tool/);
      } finally {
        await (client as unknown as ListingClient).close();
      }
    });
  }

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }
  const modernHeaders = (method: string, name?: string): Record<string, string> => ({ "mcp-protocol-version": MODERN, "mcp-method": method, ...(name === undefined ? {} : { "mcp-name": name }) });

  it("2026-07-28: server/discover offers the revision; tools/list pages carry resultType and a positive public ttlMs", async () => {
    const discover = await post({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: META } }, modernHeaders("server/discover"));
    assert.equal(discover.status, 200);
    const found = discover.json.result as { supportedVersions: string[]; capabilities: Record<string, unknown> };
    assert.ok(found.supportedVersions.includes(MODERN));
    assert.deepEqual(found.capabilities, { tools: {} });
    const list = await post({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: META } }, modernHeaders("tools/list"));
    const page = list.json.result as { tools: unknown[]; nextCursor?: string; resultType: string; ttlMs: number; cacheScope: string };
    assert.equal(page.resultType, "complete");
    assert.ok(page.ttlMs > 0, "the list only changes with the curation");
    assert.equal(page.cacheScope, "public");
    assert.equal(typeof page.nextCursor, "string");
  });

  it("2026-07-28: Mcp-Name disagreeing with the body is 400 -32020; an unsupported revision in _meta is -32022 naming ours", async () => {
    const mismatch = await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "meta_root", arguments: {}, _meta: META } }, modernHeaders("tools/call", "other"));
    assert.equal(mismatch.status, 400);
    assert.equal((mismatch.json.error as { code: number }).code, -32020);
    const future = { ...META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" };
    const unsupported = await post({ jsonrpc: "2.0", id: 4, method: "tools/list", params: { _meta: future } }, { ...modernHeaders("tools/list"), "mcp-protocol-version": "2099-01-01" });
    const error = unsupported.json.error as { code: number; data: { supported: string[] } };
    assert.equal(error.code, -32022);
    assert.ok(error.data.supported.includes(MODERN));
  });

  it("2026-07-28: a method we do not serve is 404 -32601, as the SDK's registry answers it", async () => {
    for (const method of ["no/such_method", "prompts/list", "initialize"]) {
      const missing = await post({ jsonrpc: "2.0", id: 7, method, params: { _meta: META } }, modernHeaders(method));
      assert.equal(missing.status, 404, method);
      assert.deepEqual(missing.json, { jsonrpc: "2.0", id: 7, error: { code: -32601, message: "Method not found" } }, method);
    }
  });

  it("an invalid cursor is -32602 in both eras", async () => {
    const legacy = await post({ jsonrpc: "2.0", id: 5, method: "tools/list", params: { cursor: "bm90LW91cnM" } }, { "mcp-protocol-version": "2025-11-25" });
    assert.equal((legacy.json.error as { code: number }).code, -32602);
    const modern = await post({ jsonrpc: "2.0", id: 6, method: "tools/list", params: { cursor: "bm90LW91cnM", _meta: META } }, modernHeaders("tools/list"));
    assert.equal((modern.json.error as { code: number }).code, -32602);
  });
});

/**
 * A stock client of `kind` over stdio to `serve` started with `args` (buffer limits untouched), and
 * the size of every message it receives, measured as it arrives — after the stock read buffer took
 * it (the v2 client joins pages itself, so the list alone would not show them).
 */
async function connectStdioMeasuring(kind: (typeof KINDS)[number], args: string[]): Promise<{ client: ReturnType<typeof newClient>; sizes: number[] }> {
  const client = newClient(kind);
  const params = { command: process.execPath, args, stderr: "ignore" as const, env: { ...process.env, OPENAPI_MCP_LOG_LEVEL: "error" } as Record<string, string> };
  const transport = kind === "v1" ? new V1Stdio(params) : new V2Stdio(params);
  await (client as V1Client).connect(transport as V1Stdio);
  const sizes: number[] = [];
  const deliver = transport.onmessage!;
  transport.onmessage = ((message: unknown, extra?: unknown) => {
    sizes.push(Buffer.byteLength(JSON.stringify(message)));
    (deliver as (m: unknown, e?: unknown) => void)(message, extra);
  }) as typeof transport.onmessage;
  return { client, sizes };
}

describe("both protocol eras over stdio, GitHub's whole spec, stock buffer limits", () => {
  const args = ["--import", "tsx", "src/cli/main.ts", "serve", SPEC, "--base-url", "http://127.0.0.1:9"];
  for (const kind of ["v1", "v2 pinned 2026-07-28"] as const) {
    it(`${kind}: lists all 1223 tools through cursors, every message under 1 MiB`, { timeout: 60_000 }, async () => {
      const { client, sizes } = await connectStdioMeasuring(kind, args);
      try {
        const { names } = await listAll(client as unknown as ListingClient);
        assert.equal(names.length, 1223);
        // Over 1 MiB in all, so one message would break the bound; pages of at most 256 KiB of tools each.
        const total = sizes.reduce((a, b) => a + b, 0);
        assert.ok(total > MiB && sizes.length >= 5, `the ${(total / MiB).toFixed(2)} MiB list took several messages (${sizes.length})`);
        assert.ok(Math.max(...sizes) < 300 * 1024, `largest message ${Math.max(...sizes)} bytes`);
      } finally {
        await (client as unknown as ListingClient).close();
      }
    });
  }
});

/** Every message size in `sizes` is under 1 MiB, and the whole list, over 1 MiB, took several of them. */
function assertPaged(sizes: number[], what: string): void {
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.ok(Math.max(...sizes) < MiB, `${what}: largest message ${Math.max(...sizes)} bytes`);
  assert.ok(total > MiB && sizes.length >= 5, `${what}: the ${(total / MiB).toFixed(2)} MiB list took several messages (${sizes.length})`);
}

describe("Xero accounting's whole spec: every stock client, both transports, every message under 1 MiB", () => {
  let expected: string[];
  before(async () => {
    const { server: definition } = await runPipeline({ spec: XERO_SPEC });
    expected = definition.tools.map((t) => t.name);
    // The spec's size, so the test keeps meaning what it says: a list far over 1 MiB in one message.
    assert.equal(expected.length, 235);
  });

  describe("over Streamable HTTP", () => {
    let server: RunningHttpServer;
    const sizes: number[] = [];
    const measuringFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      sizes.push(body.byteLength);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    before(async () => {
      const { server: definition } = await runPipeline({ spec: XERO_SPEC });
      const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_LOG_LEVEL: "error" }, { baseUrl: "http://127.0.0.1:9", writeLog: () => {} });
      server = await startHttpServer(prepared, { host: "127.0.0.1", port: 0 });
    });
    after(() => server.close());

    for (const kind of KINDS) {
      it(`${kind}: lists all 235 tools through cursors`, async () => {
        sizes.length = 0;
        const client = newClient(kind);
        const transport = kind === "v1" ? new V1Http(new URL(server.url), { fetch: measuringFetch }) : new V2Http(new URL(server.url), { fetch: measuringFetch });
        await (client as V1Client).connect(transport as V1Http);
        try {
          const { names } = await listAll(client as unknown as ListingClient);
          assert.deepEqual(names, expected);
          assertPaged(sizes, kind);
        } finally {
          await (client as unknown as ListingClient).close();
        }
      });
    }
  });

  describe("over stdio", () => {
    const args = ["--import", "tsx", "src/cli/main.ts", "serve", XERO_SPEC, "--base-url", "http://127.0.0.1:9"];
    for (const kind of KINDS) {
      it(`${kind}: lists all 235 tools through cursors`, { timeout: 60_000 }, async () => {
        const { client, sizes } = await connectStdioMeasuring(kind, args);
        try {
          const { names } = await listAll(client as unknown as ListingClient);
          assert.deepEqual(names, expected);
          assertPaged(sizes, kind);
        } finally {
          await (client as unknown as ListingClient).close();
        }
      });
    }
  });
});
