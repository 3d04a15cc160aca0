/**
 * Discovery mode under each client profile, end to end in process (petstore spec and upstream, a
 * real SDK Client over InMemoryTransport): the three meta-tools as listed, and every definition
 * `describe_operation` returns, pass that vendor's checker (test/profiles/checkers/, written from
 * the vendors' pages); `call_operation` with arguments shaped the way the profile invites (OpenAI
 * strict: `null` for what is absent, the free-form `arguments` as JSON text) sends exactly the
 * request the same operation's listed tool sends with plain arguments.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import { CLIENT_NAMES } from "../../src/profile/client-profiles.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";
import { checkListedTool } from "../profiles/checkers/check-listed.js";
import type { ListedTool } from "../profiles/checkers/walk.js";

const SPEC = "examples/petstore/openapi.yaml";
const SECRET = "discovery-profile-key-91ab";

type Result = { content: Array<{ type: string; text?: string }>; isError?: boolean };
const text = (result: Result): string => result.content.map((c) => c.text ?? "").join("\n");

async function connect(definition: ServerDefinition, baseUrl: string): Promise<Client> {
  const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_BASE_URL: baseUrl, OPENAPI_MCP_AUTH_API_KEY: SECRET, OPENAPI_MCP_AUTH_PETSTORE_AUTH: SECRET }, { writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await connectMcpServer(prepared, serverSide);
  const client = new Client({ name: "discovery-profile-test", version: "1" });
  await client.connect(clientSide);
  return client;
}

describe("discovery mode follows the client profile", () => {
  let upstream: PetstoreUpstream;
  const clients: Client[] = [];
  const open = async (definition: ServerDefinition): Promise<Client> => {
    const client = await connect(definition, upstream.url);
    clients.push(client);
    return client;
  };

  before(async () => {
    upstream = await startPetstoreUpstream();
  });
  after(async () => {
    for (const client of clients) await client.close();
    await upstream?.close();
  });

  for (const profile of CLIENT_NAMES) {
    it(`${profile}: the meta-tools and every describe_operation answer pass the vendor's checker`, async () => {
      const { server } = await runPipeline({ spec: SPEC, discovery: true, client: profile });
      const client = await open(server);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["search_operations", "describe_operation", "call_operation"]);
      for (const tool of tools) assert.deepEqual(checkListedTool(profile, tool as ListedTool, server.name), [], `${profile} ${tool.name}`);
      for (const operation of server.tools) {
        const result = (await client.callTool({ name: "describe_operation", arguments: { name: operation.name } })) as Result;
        assert.equal(result.isError, undefined, text(result));
        const described = JSON.parse(text(result)) as ListedTool;
        assert.deepEqual(checkListedTool(profile, described, server.name), [], `${profile} describe_operation ${operation.name}`);
      }
    });
  }

  it("openai: the meta-tools list strict schemas, and a constraint the schema cannot carry is in the description", async () => {
    const { server } = await runPipeline({ spec: SPEC, discovery: true, client: "openai" });
    const { tools } = await (await open(server)).listTools();
    const search = tools.find((t) => t.name === "search_operations")!;
    assert.deepEqual(search.inputSchema.required, ["query", "limit"], "strict: every property required");
    assert.equal(search.inputSchema.additionalProperties, false);
    assert.match(search.description ?? "", /query: at most 500 characters/);
    const call = tools.find((t) => t.name === "call_operation")!;
    assert.equal((call.inputSchema.properties as Record<string, { type: unknown }>).arguments!.type?.toString(), "string,null", "free-form arguments as JSON text");
  });

  it("openai: search_operations takes null for an absent limit; a wrong limit is still refused", async () => {
    const { server } = await runPipeline({ spec: SPEC, discovery: true, client: "openai" });
    const client = await open(server);
    const result = (await client.callTool({ name: "search_operations", arguments: { query: "find pets by status", limit: null } })) as Result;
    assert.equal(result.isError, undefined, text(result));
    assert.match(text(result).split("\n")[0]!, /^find_pets_by_status: GET/);
    const bad = (await client.callTool({ name: "search_operations", arguments: { query: "pets", limit: 0 } })) as Result;
    assert.equal(bad.isError, true);
    assert.match(text(bad), /limit/);
  });

  for (const profile of ["openai", "gemini"] as const) {
    it(`${profile}: call_operation with profile-shaped arguments sends what the listed tool sends with plain ones`, async () => {
      const plain = await open((await runPipeline({ spec: SPEC, discovery: false })).server);
      const shaped = await open((await runPipeline({ spec: SPEC, discovery: true, client: profile })).server);
      const cases: Array<{ name: string; plain: Record<string, unknown>; shaped: Record<string, unknown> }> = [
        // OpenAI strict lists every property: absent ones come as null and must not be sent.
        { name: "update_pet_with_form", plain: { petId: 1, name: "Rex" }, shaped: profile === "openai" ? { petId: 1, name: "Rex", status: null } : { petId: 1, name: "Rex" } },
        { name: "find_pets_by_status", plain: {}, shaped: profile === "openai" ? { status: null } : {} },
        { name: "get_order_by_id", plain: { orderId: 2 }, shaped: { orderId: 2 } },
      ];
      for (const c of cases) {
        upstream.reset();
        const expected = (await plain.callTool({ name: c.name, arguments: c.plain })) as Result;
        const sent = upstream.requests.map(({ method, url, body }) => ({ method, url, body }));
        upstream.reset();
        // Both profiles list call_operation's free-form `arguments` as JSON text.
        const actual = (await shaped.callTool({ name: "call_operation", arguments: { name: c.name, arguments: JSON.stringify(c.shaped) } })) as Result;
        assert.equal(actual.isError, expected.isError, `${c.name}: ${text(actual)}`);
        assert.ok(sent.length > 0, c.name);
        assert.deepEqual(upstream.requests.map(({ method, url, body }) => ({ method, url, body })), sent, `${profile} ${c.name}: the same upstream request`);
      }
      // No arguments at all: OpenAI sends null for the optional `arguments`.
      upstream.reset();
      const none = (await shaped.callTool({ name: "call_operation", arguments: { name: "get_inventory", arguments: profile === "openai" ? null : "{}" } })) as Result;
      assert.equal(none.isError, undefined, text(none));
      assert.equal(upstream.requests.length, 1);
    });
  }
});
