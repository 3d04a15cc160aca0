/**
 * Parity: `generate` and `serve` cannot drift. For three fixtures (the petstore example, Swagger 2.0,
 * OpenAPI 3.1 bodies of every kind) the project `generate` writes is compiled and its own code runs
 * side by side with what `serve` builds:
 *
 * - generated: `dist/server.js` (the emitted ServerDefinition) served by the project's COPY of the
 *   runtime (`dist/runtime/prepare-runtime.js`, `dist/runtime/mcp/create-server.js`);
 * - serve: {@link runPipeline} served by `src/runtime` — the same calls `runServe` → `runServer` makes.
 *
 * Each gets an SDK Client over InMemoryTransport and the same environment (base URL, credentials),
 * in both protocol eras: the v1 client (2025-11-25, `initialize`) and the v2 client pinned to
 * 2026-07-28 (served through the SDK's `serveStdio` over the side's own tools/call lane).
 * The server identity, `tools/list` and the outcome of every call must be deep-equal; every call is
 * made once per side against the SAME upstream, reset before each call, and the requests it received
 * must be identical: method, path and query, every header, the body byte for byte. The petstore
 * fixture uses the example's real upstream (stateful: reset restores its seeded store); the others a
 * loopback recorder answering a scripted reply (200 JSON, 204, 400 problem+json, 404, 503).
 *
 * Headers are compared in full — none is dropped. Both sides run in this process with the same
 * `fetch` against the same listener, so Host, Connection, User-Agent and Content-Length are equal by
 * construction; the one thing that legitimately differs is the multipart boundary, which is random
 * per request: it is replaced by a placeholder in Content-Type and body before comparing (its length
 * is fixed, so Content-Length still has to match).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Client as ModernClient, InMemoryTransport as ModernInMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runGenerate } from "../../src/cli/generate-command.js";
import { runPipeline } from "../../src/pipeline.js";
import * as ourCreateServer from "../../src/runtime/mcp/create-server.js";
import * as ourPrepareRuntime from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";
import { compileGeneratedProjects } from "../helpers/compile-generated.js";
import { startRecordingUpstream, type RecordingUpstream, type ScriptedReply } from "../helpers/recording-upstream.js";
import { repoPath, type ProcessRun } from "../helpers/start-processes.js";

/** What a call must come to on both sides (checked on the serve side; the generated side must equal it). */
type Outcome = "ok" | "invalid" | "upstream-error";

interface Call {
  /** Test name. */
  name: string;
  tool: string;
  args: Record<string, unknown>;
  want: Outcome;
  /** The recorder's reply (recorder fixtures only). */
  reply?: ScriptedReply;
  /** Requests the upstream must receive per side (default: 1 for ok/upstream-error, 0 for invalid). */
  requests?: number;
  /** A known runtime bug (both sides alike, so parity holds): the outcome check is reported as a todo. */
  knownBug?: string;
}

interface Fixture {
  name: string;
  spec: string;
  curation?: string;
  upstream: "petstore" | "recorder";
  /** Appended to the recorder's origin to form OPENAPI_MCP_BASE_URL. */
  basePath?: string;
  /** Credentials, as a deployment would set them. */
  env: Record<string, string>;
  tools: string[];
  calls: Call[];
}

const json = (value: unknown, status = 200): ScriptedReply => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
const problem = (status: number, detail: string): ScriptedReply => ({
  status,
  headers: { "content-type": "application/problem+json" },
  body: JSON.stringify({ type: "about:blank", title: status === 400 ? "Bad Request" : "Service Unavailable", status, detail }),
});
const NO_CONTENT: ScriptedReply = { status: 204 };
const NOT_FOUND: ScriptedReply = { status: 404, headers: { "content-type": "text/plain" }, body: "no such thing" };
/** `Retry-After: 0` keeps the retries of a GET instant. */
const UNAVAILABLE_RETRY_NOW: ScriptedReply = { ...problem(503, "try again"), headers: { "content-type": "application/problem+json", "retry-after": "0" } };
const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==";

const FIXTURES: Fixture[] = [
  {
    name: "petstore",
    spec: "examples/petstore/openapi.yaml",
    curation: "examples/petstore/curation.yaml",
    upstream: "petstore",
    env: { OPENAPI_MCP_AUTH_API_KEY: "parity-api-key", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "parity-oauth-token" },
    tools: ["add_pet", "find_pets", "get_pet", "update_pet_status", "delete_pet", "get_inventory"],
    calls: [
      { name: "find_pets with its default", tool: "find_pets", args: {}, want: "ok" },
      { name: "find_pets sold", tool: "find_pets", args: { status: "sold" }, want: "ok" },
      { name: "get_pet 1", tool: "get_pet", args: { petId: 1 }, want: "ok" },
      {
        name: "add_pet with nested objects and arrays",
        tool: "add_pet",
        args: { name: "Rex", photoUrls: ["https://example.com/rex.png", "https://example.com/rex2.png"], category: { id: 1, name: "Dogs" }, tags: [{ id: 7, name: "good" }], status: "pending" },
        want: "ok",
      },
      { name: "update_pet_status (query parameters on a POST)", tool: "update_pet_status", args: { petId: 2, name: "Renamed", status: "sold" }, want: "ok" },
      { name: "get_inventory (api_key credential)", tool: "get_inventory", args: {}, want: "ok" },
      { name: "delete_pet (hidden api_key)", tool: "delete_pet", args: { petId: 3 }, want: "ok" },
      { name: "get_pet without petId", tool: "get_pet", args: {}, want: "invalid" },
      { name: "get_pet with a mistyped petId", tool: "get_pet", args: { petId: "seven" }, want: "invalid" },
      { name: "find_pets with a bad enum value", tool: "find_pets", args: { status: "lost" }, want: "invalid" },
      { name: "add_pet without photoUrls", tool: "add_pet", args: { name: "NoPhotos" }, want: "invalid" },
      {
        name: "delete_pet with the hidden api_key",
        tool: "delete_pet",
        args: { petId: 1, api_key: "from-the-model" },
        want: "invalid",
      },
      { name: "get_pet 9999 (404)", tool: "get_pet", args: { petId: 9999 }, want: "upstream-error" },
      { name: "delete_pet 424242 (404)", tool: "delete_pet", args: { petId: 424242 }, want: "upstream-error" },
      { name: "update_pet_status to an unknown status (400)", tool: "update_pet_status", args: { petId: 1, status: "lost" }, want: "upstream-error" },
    ],
  },
  {
    name: "swagger2",
    spec: "fixtures/specs/swagger2.yaml",
    upstream: "recorder",
    basePath: "/v1",
    env: { OPENAPI_MCP_AUTH_TOKEN: "parity-token", OPENAPI_MCP_AUTH_BASIC_AUTH_USERNAME: "ann", OPENAPI_MCP_AUTH_BASIC_AUTH_PASSWORD: "s3cret:pw" },
    tools: ["list_items", "create_item", "upload_photo"],
    calls: [
      {
        name: "list_items with csv, multi and pipes arrays",
        tool: "list_items",
        args: { tags: ["a b", "c,d"], ids: [1, 2], sizes: ["s", "m"], limit: 5 },
        want: "ok",
        reply: json([{ id: 1, name: "widget" }]),
      },
      { name: "list_items with the default limit", tool: "list_items", args: {}, want: "ok", reply: json([]) },
      { name: "create_item (JSON body, null note)", tool: "create_item", args: { name: "widget", note: null, price: 9.5 }, want: "ok", reply: json({ id: 3, name: "widget" }, 201) },
      { name: "upload_photo (multipart, data: URL, basic auth)", tool: "upload_photo", args: { itemId: 7, caption: "front ü", file: PNG }, want: "ok", reply: json({ ok: true }) },
      { name: "upload_photo (multipart, base64)", tool: "upload_photo", args: { itemId: 8, file: "AAEC/w==" }, want: "ok", reply: NO_CONTENT },
      { name: "create_item without name", tool: "create_item", args: {}, want: "invalid" },
      { name: "create_item with price 0 (exclusiveMinimum)", tool: "create_item", args: { name: "w", price: 0 }, want: "invalid" },
      { name: "list_items with limit 500", tool: "list_items", args: { limit: 500 }, want: "invalid" },
      { name: "list_items with string ids", tool: "list_items", args: { ids: ["a"] }, want: "invalid" },
      { name: "upload_photo with a mistyped itemId", tool: "upload_photo", args: { itemId: "x", file: "AA==" }, want: "invalid" },
      { name: "create_item → 400 problem+json", tool: "create_item", args: { name: "dup" }, want: "upstream-error", reply: problem(400, "name: already taken") },
      { name: "create_item → 503 (POST: not retried)", tool: "create_item", args: { name: "w" }, want: "upstream-error", reply: problem(503, "down") },
      { name: "list_items → 404", tool: "list_items", args: {}, want: "upstream-error", reply: NOT_FOUND },
      { name: "list_items → 503 (GET: retried twice)", tool: "list_items", args: { limit: 1 }, want: "upstream-error", reply: UNAVAILABLE_RETRY_NOW, requests: 3 },
    ],
  },
  {
    name: "bodies-31",
    spec: "fixtures/specs/bodies-31.yaml",
    upstream: "recorder",
    basePath: "/api",
    env: { OPENAPI_MCP_AUTH_BEARER: "parity-bearer" },
    tools: ["create_customer", "create_session", "upload_avatar", "add_note", "put_export", "batch_create_customers", "list_payments", "create_payment"],
    calls: [
      {
        name: "create_customer (JSON object body)",
        tool: "create_customer",
        args: { name: "Ann", tier: null, address: { street: "1 Main St", city: null, location: [52.5, 13.4] }, tags: ["a", "b"], labels: { x: "y" }, score: 3 },
        want: "ok",
        reply: json({ id: "c1" }, 201),
      },
      { name: "create_session (form body, exploded array)", tool: "create_session", args: { username: "ann", password: "p&ss=wörd", remember: true, scopes: ["read", "write"] }, want: "ok", reply: NO_CONTENT },
      { name: "create_session (form body, default filled)", tool: "create_session", args: { username: "bob", password: "x" }, want: "ok", reply: NO_CONTENT },
      {
        name: "upload_avatar (multipart: file, text and JSON parts)",
        tool: "upload_avatar",
        args: { customerId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", file: PNG, caption: "me", crop: { x: 1, y: 2, size: 64 } },
        want: "ok",
        reply: json({ ok: true }),
      },
      { name: "add_note (text/plain body, encoded path)", tool: "add_note", args: { customerId: "c 1/ü?", body: "Line one\nLine two ü" }, want: "ok", reply: NO_CONTENT },
      { name: "put_export (octet-stream body)", tool: "put_export", args: { exportId: 5, body: "AAECAwQF/w==" }, want: "ok", reply: NO_CONTENT },
      { name: "put_export (data: URL body)", tool: "put_export", args: { exportId: 6, body: "data:application/octet-stream;base64,SGVsbG8=" }, want: "ok", reply: NO_CONTENT },
      {
        name: "batch_create_customers (JSON array body)",
        tool: "batch_create_customers",
        args: { body: [{ name: "a", email: null }, { name: "b", email: "b@example.com" }] },
        want: "ok",
        reply: json([{ id: "1" }, { id: "2" }]),
      },
      { name: "create_payment (oneOf: card)", tool: "create_payment", args: { method: "card", cardNumber: "4111111111111111", amount: 12.5 }, want: "ok", reply: json({ id: "p1" }) },
      { name: "create_payment (oneOf: transfer)", tool: "create_payment", args: { method: "transfer", iban: "DE89370400440532013000" }, want: "ok", reply: json({ id: "p2" }) },
      {
        name: "list_payments (form non-exploded, deepObject, header)",
        tool: "list_payments",
        args: { status: ["pending", "settled"], range: { from: "2024-01-01", to: "2024-02-01" }, "X-Request-Id": "req-1" },
        want: "ok",
        reply: json([]),
      },
      { name: "create_customer with an empty name", tool: "create_customer", args: { name: "" }, want: "invalid" },
      { name: "create_customer given its constant kind, which the server sets", tool: "create_customer", args: { name: "A", kind: "company" }, want: "invalid" },
      { name: "create_session without password", tool: "create_session", args: { username: "a" }, want: "invalid" },
      { name: "upload_avatar without file", tool: "upload_avatar", args: { customerId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }, want: "invalid" },
      { name: "add_note too long", tool: "add_note", args: { customerId: "c", body: "x".repeat(2001) }, want: "invalid" },
      { name: "put_export with a mistyped exportId", tool: "put_export", args: { exportId: "x", body: "AA==" }, want: "invalid" },
      { name: "batch_create_customers with a string body", tool: "batch_create_customers", args: { body: "nope" }, want: "invalid" },
      { name: "create_payment with a bad card number", tool: "create_payment", args: { method: "card", cardNumber: "12" }, want: "invalid" },
      { name: "list_payments with a bad status", tool: "list_payments", args: { status: ["lost"] }, want: "invalid" },
      { name: "create_customer → 400 problem+json", tool: "create_customer", args: { name: "A" }, want: "upstream-error", reply: problem(400, "name: taken") },
      { name: "create_payment → 503 (POST: not retried)", tool: "create_payment", args: { method: "transfer", iban: "X" }, want: "upstream-error", reply: problem(503, "down") },
      { name: "list_payments → 503 (GET: retried twice)", tool: "list_payments", args: {}, want: "upstream-error", reply: UNAVAILABLE_RETRY_NOW, requests: 3 },
      { name: "put_export → 404", tool: "put_export", args: { exportId: 9, body: "AA==" }, want: "upstream-error", reply: NOT_FOUND },
    ],
  },
];

const ROOT = repoPath(".tmp/parity");

/** The runtime modules both sides are built from: ours, or a generated project's copy. */
interface Runtime {
  prepareRuntime: typeof ourPrepareRuntime.prepareRuntime;
  createMcpServer: typeof ourCreateServer.createMcpServer;
  laneFor: typeof ourCreateServer.laneFor;
}

/** One request as compared: the multipart boundary replaced, the body as bytes (latin1 keeps each byte). */
interface ComparedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function compared(request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Buffer | string }): ComparedRequest {
  let body = typeof request.body === "string" ? Buffer.from(request.body, "utf8").toString("latin1") : request.body.toString("latin1");
  const headers = { ...request.headers };
  const boundary = /;\s*boundary=("?)([^";]+)\1/i.exec(String(headers["content-type"] ?? ""))?.[2];
  if (boundary !== undefined) {
    headers["content-type"] = String(headers["content-type"]).replace(boundary, "<boundary>");
    body = body.split(boundary).join("<boundary>");
  }
  return { method: request.method, url: request.url, headers: Object.fromEntries(Object.entries(headers).sort(([a], [b]) => a.localeCompare(b))), body };
}

/** One side's observation of a call. */
interface Observed {
  result: Record<string, unknown>;
  requests: ComparedRequest[];
}

async function connect(runtime: Runtime, definition: ServerDefinition, env: Record<string, string>): Promise<Client> {
  const { prepared } = runtime.prepareRuntime(definition, env, { writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runtime.createMcpServer(prepared).connect(serverSide);
  const client = new Client({ name: "parity", version: "1" });
  await client.connect(clientSide);
  return client;
}

/** The same side spoken to in the 2026-07-28 era: serveStdio's era decision over the side's lane, a pinned v2 client. */
async function connectModern(runtime: Runtime, definition: ServerDefinition, env: Record<string, string>): Promise<{ client: ModernClient; close(): Promise<void> }> {
  const { prepared } = runtime.prepareRuntime(definition, env, { writeLog: () => {} });
  const [clientSide, serverSide] = ModernInMemoryTransport.createLinkedPair();
  const served = serveStdio(() => runtime.createMcpServer(prepared), { transport: runtime.laneFor(prepared, serverSide) });
  const client = new ModernClient({ name: "parity", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(clientSide);
  return { client, close: async () => (await client.close(), await served.close()) };
}

let build: ProcessRun;

before(async () => {
  await rm(ROOT, { recursive: true, force: true });
  const messages: string[] = [];
  const io = { stdout: (line: string) => messages.push(line), stderr: (line: string) => messages.push(line) };
  for (const fixture of FIXTURES) {
    // The `generate` command itself (argv parsing aside): pipeline, emit, write.
    const code = await runGenerate(
      { command: "generate", spec: fixture.spec, ...(fixture.curation ? { curation: fixture.curation } : {}), out: join(ROOT, fixture.name), check: false, force: false },
      io,
    );
    assert.equal(code, 0, messages.join("\n"));
  }
  build = await compileGeneratedProjects(ROOT, FIXTURES.map((f) => f.name), 60_000);
}, { timeout: 90_000 });

after(async () => {
  await rm(ROOT, { recursive: true, force: true });
});

describe("parity: the generated project and serve", () => {
  it("the generated projects compile", () => {
    assert.equal(build.timedOut, false, "tsc timed out");
    assert.equal(build.code, 0, `tsc failed:\n${build.stdout}${build.stderr}`);
  });

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      let served: Client;
      let generated: Client;
      let served2026: Awaited<ReturnType<typeof connectModern>>;
      let generated2026: Awaited<ReturnType<typeof connectModern>>;
      let petstore: PetstoreUpstream | undefined;
      let recorder: RecordingUpstream | undefined;

      before(async () => {
        assert.equal(build.code, 0, "the generated projects did not compile");
        const dir = join(ROOT, fixture.name);
        const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(dir, "dist", path)).href)) as T;
        const copy: Runtime = {
          prepareRuntime: (await load<typeof ourPrepareRuntime>("runtime/prepare-runtime.js")).prepareRuntime,
          createMcpServer: (await load<typeof ourCreateServer>("runtime/mcp/create-server.js")).createMcpServer,
          laneFor: (await load<typeof ourCreateServer>("runtime/mcp/create-server.js")).laneFor,
        };
        assert.notEqual(copy.prepareRuntime, ourPrepareRuntime.prepareRuntime, "the generated side runs the project's copy of the runtime");
        const { server } = await load<{ server: ServerDefinition }>("server.js");
        const pipeline = await runPipeline({ spec: fixture.spec, ...(fixture.curation ? { curationFile: fixture.curation } : {}) });

        let baseUrl: string;
        if (fixture.upstream === "petstore") {
          petstore = await startPetstoreUpstream();
          baseUrl = petstore.url;
        } else {
          recorder = await startRecordingUpstream();
          baseUrl = recorder.origin + (fixture.basePath ?? "");
        }
        const env = { OPENAPI_MCP_BASE_URL: baseUrl, ...fixture.env };
        const ours: Runtime = { prepareRuntime: ourPrepareRuntime.prepareRuntime, createMcpServer: ourCreateServer.createMcpServer, laneFor: ourCreateServer.laneFor };
        served = await connect(ours, pipeline.server, env);
        generated = await connect(copy, server, env);
        served2026 = await connectModern(ours, pipeline.server, env);
        generated2026 = await connectModern(copy, server, env);
      }, { timeout: 30_000 });

      after(async () => {
        await served?.close();
        await generated?.close();
        await served2026?.close();
        await generated2026?.close();
        await petstore?.close();
        await recorder?.close();
      });

      it("initialize: the same server identity, capabilities and instructions", () => {
        assert.deepEqual(generated.getServerVersion(), served.getServerVersion());
        assert.deepEqual(generated.getServerCapabilities(), served.getServerCapabilities());
        assert.equal(generated.getInstructions(), served.getInstructions());
      });

      it("tools/list: deep-equal", async () => {
        const [theirs, ours] = await Promise.all([generated.listTools(), served.listTools()]);
        assert.deepEqual(ours.tools.map((t) => t.name), fixture.tools);
        assert.deepStrictEqual(theirs, ours);
      });

      it("2026-07-28: the same identity and capabilities; tools/list deep-equal, and equal to the 2025 list", async () => {
        assert.deepEqual(generated2026.client.getServerVersion(), served2026.client.getServerVersion());
        assert.deepEqual(generated2026.client.getServerCapabilities(), served2026.client.getServerCapabilities());
        const [theirs, ours, legacy] = await Promise.all([generated2026.client.listTools(), served2026.client.listTools(), served.listTools()]);
        assert.deepStrictEqual(theirs, ours);
        assert.deepEqual(ours.tools, legacy.tools);
      });

      it("2026-07-28: an unknown tool is the same JSON-RPC error", async () => {
        const failure = async (client: ModernClient): Promise<unknown> => client.callTool({ name: "no_such_tool", arguments: {} }).then(() => assert.fail("resolved"), (e: unknown) => e);
        const [theirs, ours] = await Promise.all([failure(generated2026.client), failure(served2026.client)]);
        assert.deepEqual({ ...(theirs as object), message: (theirs as Error).message }, { ...(ours as object), message: (ours as Error).message });
        assert.equal((ours as { code: number }).code, -32602);
      });

      it("an unknown tool: the same JSON-RPC error", async () => {
        const failure = async (client: Client): Promise<unknown> => client.callTool({ name: "no_such_tool", arguments: {} }).then(() => assert.fail("resolved"), (e: unknown) => e);
        const [theirs, ours] = await Promise.all([failure(generated), failure(served)]);
        assert.deepEqual({ ...(theirs as object), message: (theirs as Error).message }, { ...(ours as object), message: (ours as Error).message });
        assert.equal((ours as { code: number }).code, -32602);
      });

      const observe = async (client: Client | ModernClient, call: Call): Promise<Observed> => {
        if (petstore) petstore.reset();
        else recorder!.reset(call.reply ?? { status: 599, body: "this call was not meant to reach the upstream" });
        const result = (await (client as Client).callTool({ name: call.tool, arguments: call.args }, undefined, { timeout: 20_000 })) as Record<string, unknown>;
        const requests = petstore ? petstore.requests.map(compared) : recorder!.requests.map(compared);
        return { result, requests };
      };

      for (const call of fixture.calls) {
        it(`${call.want}: ${call.name}`, call.knownBug ? { todo: call.knownBug } : {}, async () => {
          const ours = await observe(served, call);
          const theirs = await observe(generated, call);
          assert.deepStrictEqual(theirs.requests, ours.requests, "the upstream received different requests (generated: actual, serve: expected)");
          assert.deepStrictEqual(theirs.result, ours.result, "the tool results differ (generated: actual, serve: expected)");
          const text = JSON.stringify(ours.result);
          assert.equal(ours.result.isError, call.want === "ok" ? undefined : true, `both sides: ${text}`);
          assert.equal(ours.requests.length, call.requests ?? (call.want === "invalid" ? 0 : 1), `both sides sent ${JSON.stringify(ours.requests, null, 1)}; result ${text}`);
          // The 2026-07-28 era: the same between the sides, and the same call as in the 2025 era.
          const ours2026 = await observe(served2026.client, call);
          const theirs2026 = await observe(generated2026.client, call);
          assert.deepStrictEqual(theirs2026.requests, ours2026.requests, "2026-07-28: the upstream received different requests");
          assert.deepStrictEqual(theirs2026.result, ours2026.result, "2026-07-28: the tool results differ");
          assert.deepStrictEqual(ours2026.requests, ours.requests, "the upstream saw the same requests in both eras");
          assert.deepStrictEqual(ours2026.result.content, ours.result.content, "the same content in both eras");
          assert.equal(ours2026.result.isError, ours.result.isError);
        });
      }
    });
  }
});
