/**
 * Round trip through a client profile: a call made the way the profile's listed schema invites
 * (OpenAI strict: every key present, null for the absent ones, JSON text for a free-form object;
 * Gemini: renamed keys) sends the same upstream request as the plain call to the plain server —
 * both through the real SDK client over InMemoryTransport, against a recording loopback upstream.
 * And the full schema still judges: what the profile could not express is refused at run time.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { runPipeline } from "../../src/pipeline.js";
import type { ClientName } from "../../src/runtime/core/tool-definition.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { startRecordingUpstream, type ReceivedRequest, type RecordingUpstream } from "../helpers/recording-upstream.js";
import { checkListedTool } from "../profiles/checkers/check-listed.js";

const SPEC = "fixtures/specs/client-profiles.yaml";

/** The plain call, as a model reading the full schema makes it. */
const PLAIN = { "shelf-id": 3, "dry.run": true, limit: 20, title: "Dune", isbn: "978-0", author: { name: "Frank", "born-in": "Tacoma" }, metadata: { shelf: "top" }, tags: ["https://example.com/t"] };

/** The same call as each profile's listed schema invites it. */
const SHAPED: Record<ClientName, Record<string, unknown>> = {
  openai: { ...PLAIN, subtitle: null, metadata: '{"shelf":"top"}' },
  gemini: { shelf_id: 3, dry_run: true, limit: 20, title: "Dune", isbn: "978-0", author: { name: "Frank", born_in: "Tacoma" }, metadata: '{"shelf":"top"}', tags: ["https://example.com/t"] },
  anthropic: PLAIN,
  cursor: PLAIN,
};

async function connect(client: ClientName | undefined, upstream: RecordingUpstream): Promise<{ mcp: Client; serverName: string }> {
  const result = await runPipeline({ spec: SPEC, baseUrl: upstream.origin, ...(client === undefined ? {} : { client }) });
  const { prepared } = prepareRuntime(result.server, { OPENAPI_MCP_LOG_LEVEL: "warn" }, { baseUrl: upstream.origin });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await connectMcpServer(prepared, serverSide);
  const mcp = new Client({ name: "profile-test", version: "1" });
  await mcp.connect(clientSide);
  return { mcp, serverName: result.server.name };
}

async function sent(mcp: Client, upstream: RecordingUpstream, name: string, args: Record<string, unknown>): Promise<{ request: ReceivedRequest; isError: boolean }> {
  upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' });
  const result = await mcp.callTool({ name, arguments: args });
  assert.equal(upstream.requests.length, 1, `one request for ${JSON.stringify(result.content)}`);
  return { request: upstream.requests[0]!, isError: result.isError === true };
}

function comparable(request: ReceivedRequest): unknown {
  return { method: request.method, url: request.url, contentType: request.headers["content-type"], body: JSON.parse(request.body.toString("utf8")) as unknown };
}

describe("client profiles: a call shaped by the listed schema sends the plain call's request", () => {
  let upstream: RecordingUpstream;
  let plain: Client;
  const clients: Client[] = [];

  before(async () => {
    upstream = await startRecordingUpstream();
    plain = (await connect(undefined, upstream)).mcp;
    clients.push(plain);
  });
  after(async () => {
    for (const c of clients) await c.close();
    await upstream.close();
  });

  for (const client of ["openai", "gemini", "anthropic", "cursor"] as const) {
    it(`${client}: tools/list passes the vendor's checker, and the shaped call equals the plain one upstream`, async () => {
      const { mcp, serverName } = await connect(client, upstream);
      clients.push(mcp);
      const [listed] = (await mcp.listTools()).tools;
      assert.ok(listed);
      assert.deepEqual(checkListedTool(client, { ...listed, inputSchema: listed.inputSchema as Record<string, unknown> }, serverName), []);
      const want = await sent(plain, upstream, "create_book", PLAIN);
      const got = await sent(mcp, upstream, listed.name, SHAPED[client]);
      assert.equal(got.isError, false);
      assert.deepEqual(comparable(got.request), comparable(want.request));
      assert.match(want.request.url, /^\/shelves\/3\/books\?dry\.run=true&limit=20$/);
    });
  }

  it("openai: null for every optional argument sends what omitting them sends", async () => {
    const { mcp } = await connect("openai", upstream);
    clients.push(mcp);
    const nulls = { "shelf-id": 3, title: "Dune", "dry.run": null, limit: null, subtitle: null, isbn: null, author: null, metadata: null, tags: null };
    const want = await sent(plain, upstream, "create_book", { "shelf-id": 3, title: "Dune" });
    const got = await sent(mcp, upstream, "create_book", nulls);
    assert.deepEqual(comparable(got.request), comparable(want.request));
  });

  it("openai: the full schema still judges what the listed one could not say (minLength moved to Constraints)", async () => {
    const { mcp } = await connect("openai", upstream);
    clients.push(mcp);
    const [listed] = (await mcp.listTools()).tools;
    assert.match(listed!.description ?? "", /title: at least 1 characters/);
    upstream.reset({ status: 200, body: "{}" });
    const result = await mcp.callTool({ name: "create_book", arguments: { ...SHAPED.openai, title: "" } });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /title/);
    assert.equal(upstream.requests.length, 0, "nothing sent");
  });
});
