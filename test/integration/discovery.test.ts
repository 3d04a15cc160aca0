/**
 * Discovery mode end to end in process: the petstore example's spec and curation served with
 * `discovery: true` (the six curated tools listed beside the three meta-tools, every operation in
 * reach), a real SDK Client over InMemoryTransport, the example's real upstream on loopback.
 * Requests and results of `call_operation` against the listed tool's are held equal in the parity
 * test (test/parity); this covers what the meta-tools answer and how they fail.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";

const SPEC = "examples/petstore/openapi.yaml";
const CURATION = "examples/petstore/curation.yaml";
const SECRET = "discovery-api-key-5e3c";

type Result = { content: Array<{ type: string; text?: string }>; isError?: boolean; structuredContent?: unknown };
const text = (result: Result): string => result.content.map((c) => c.text ?? "").join("\n");

async function connect(definition: ServerDefinition, baseUrl: string): Promise<Client> {
  const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_BASE_URL: baseUrl, OPENAPI_MCP_AUTH_API_KEY: SECRET, OPENAPI_MCP_AUTH_PETSTORE_AUTH: SECRET }, { writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await connectMcpServer(prepared, serverSide);
  const client = new Client({ name: "discovery-test", version: "1" });
  await client.connect(clientSide);
  return client;
}

describe("discovery mode over InMemoryTransport (petstore, hybrid)", () => {
  let upstream: PetstoreUpstream;
  let client: Client;
  let listedClient: Client;
  const call = async (name: string, args: Record<string, unknown>): Promise<Result> => (await client.callTool({ name, arguments: args })) as Result;

  before(async () => {
    upstream = await startPetstoreUpstream();
    const discovery = await runPipeline({ spec: SPEC, curationFile: CURATION, discovery: true });
    client = await connect(discovery.server, upstream.url);
    // The same inputs without discovery, everything listed: what describe_operation must match.
    const everything = await runPipeline({ spec: SPEC, discovery: false });
    listedClient = await connect(everything.server, upstream.url);
  });
  after(async () => {
    await client?.close();
    await listedClient?.close();
    await upstream?.close();
  });

  it("lists the three meta-tools, then the curated tools", async () => {
    const { tools } = await client.listTools();
    // The curated tools in spec order, as a server without discovery lists them.
    assert.deepEqual(
      tools.map((t) => t.name),
      ["search_operations", "describe_operation", "call_operation", "add_pet", "find_pets", "get_pet", "update_pet_status", "delete_pet", "get_inventory"],
    );
    const search = tools[0]!;
    assert.match(search.description ?? "", /19 in all/, "the count of operations in reach");
    assert.deepEqual(search.inputSchema.required, ["query"]);
    assert.equal(tools[2]!.annotations?.destructiveHint, true, "call_operation can do anything an operation does");
  });

  it("search_operations: one line per hit, best first, with method, path, summary and hint", async () => {
    const result = await call("search_operations", { query: "remove a pet from the store", limit: 3 });
    assert.equal(result.isError, undefined);
    const lines = text(result).split("\n");
    assert.ok(lines.length >= 1 && lines.length <= 3, text(result));
    assert.match(lines[0]!, /^delete_pet: DELETE \/pet\/\{petId\} — .+ \[destructive\]$/);
  });

  it("search_operations reaches operations that are not listed", async () => {
    const result = await call("search_operations", { query: "log a user out", limit: 1 });
    assert.match(text(result), /^logout_user: GET \/user\/logout/);
  });

  it("search_operations with no match says what to try", async () => {
    const result = await call("search_operations", { query: "zzyzx qwerty" });
    assert.equal(result.isError, undefined);
    assert.match(text(result), /No operation matches "zzyzx qwerty"\. Try other words/);
  });

  it("search_operations with bad arguments is an error result naming the field", async () => {
    const result = await call("search_operations", { query: "pets", limit: 0 });
    assert.equal(result.isError, true);
    assert.match(text(result), /limit/);
    const missing = await call("search_operations", {});
    assert.equal(missing.isError, true);
    assert.match(text(missing), /query/);
  });

  it("describe_operation returns the tool exactly as tools/list would list it", async () => {
    const { tools } = await listedClient.listTools();
    for (const name of ["logout_user", "get_order_by_id", "get_pet"]) {
      const result = await call("describe_operation", { name });
      assert.equal(result.isError, undefined, text(result));
      const expected = name === "get_pet" ? (await client.listTools()).tools.find((t) => t.name === "get_pet") : tools.find((t) => t.name === name);
      assert.ok(expected, name);
      assert.deepEqual(JSON.parse(text(result)), expected, `${name}: describe_operation differs from the listed definition`);
    }
  });

  it("an unknown name is an error result with the nearest names", async () => {
    for (const [tool, args] of [["describe_operation", {}], ["call_operation", { arguments: {} }]] as const) {
      const result = await call(tool, { name: "get_ordr_by_id", ...args });
      assert.equal(result.isError, true);
      assert.match(text(result), /Unknown operation "get_ordr_by_id"\. Did you mean "get_order_by_id"/);
    }
  });

  it("call_operation runs an unlisted operation against the upstream", async () => {
    upstream.reset();
    const result = await call("call_operation", { name: "get_order_by_id", arguments: { orderId: 1 } });
    assert.equal(result.isError, undefined, text(result));
    assert.match(text(result), /"id":\s*1\b/);
    assert.equal(upstream.requests.length, 1);
    assert.equal(upstream.requests[0]!.method, "GET");
  });

  it("call_operation refuses bad arguments before any request, naming the field", async () => {
    upstream.reset();
    const wrongType = await call("call_operation", { name: "get_order_by_id", arguments: { orderId: "seven" } });
    assert.equal(wrongType.isError, true);
    assert.match(text(wrongType), /Invalid arguments for get_order_by_id; nothing was sent:\n- orderId/);
    const notObject = await call("call_operation", { name: "get_order_by_id", arguments: [1] });
    assert.equal(notObject.isError, true);
    assert.match(text(notObject), /arguments must be an object/);
    const flat = await call("call_operation", { name: "get_order_by_id", orderId: 1 });
    assert.equal(flat.isError, true);
    assert.match(text(flat), /orderId: unknown .* inside "arguments"/);
    const noName = await call("call_operation", { arguments: {} });
    assert.equal(noName.isError, true);
    assert.match(text(noName), /name must be an operation's name/);
    assert.equal(upstream.requests.length, 0, "nothing reached the upstream");
  });

  it("call_operation redacts configured secrets from what it returns", async () => {
    upstream.reset();
    const result = await call("call_operation", { name: "get_inventory", arguments: {} });
    assert.equal(result.isError, undefined, text(result));
    assert.equal(upstream.requests[0]!.headers["api_key"], SECRET, "the credential was sent");
    assert.doesNotMatch(JSON.stringify(result), new RegExp(SECRET));
  });

  it("an operation that is not listed cannot be called directly", async () => {
    await assert.rejects(client.callTool({ name: "logout_user", arguments: {} }), (error: unknown) => error instanceof McpError && error.code === -32602);
  });
});
