/**
 * The curation file's headers and security through the real runtime, to a loopback recording
 * upstream: what the upstream receives, what a model may not pass, what is redacted, and the
 * start-up error for an unset `${env:NAME}`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { applyCuration } from "../../src/curate/apply-curation.js";
import { buildIr } from "../../src/ir/build-ir.js";
import { parseCuration } from "../../src/load/load-curation.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { StaticHeaderError } from "../../src/runtime/request/static-headers.js";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";

const SECRET_VERSION = "v-s3cr3t-2024";
const TOKEN = "tok-0123456789";

const CURATION = [
  "securitySchemes:",
  "  token: { type: http, scheme: bearer }",
  "security: [{ token: [] }]",
  "headers:",
  '  X-Api-Version: "${env:API_VERSION}"',
  "tools:",
  "  - operation: listThings",
  "    headers: { x-trace: fixed-trace }",
  "  - operation: getPublic",
  "  - operation: postSecret",
];

describe("curation headers and security at run time", () => {
  let upstream: RecordingUpstream;
  let client: Client;
  let definition: ServerDefinition;
  const logs: string[] = [];

  before(async () => {
    upstream = await startRecordingUpstream();
    const { curation, lines } = parseCuration(CURATION.join("\n"), "c.yaml");
    definition = applyCuration(buildIr(await loadSpec("fixtures/specs/security-and-headers.yaml")), curation, {}, lines).server;
    const env = { API_VERSION: SECRET_VERSION, OPENAPI_MCP_AUTH_TOKEN: TOKEN, OPENAPI_MCP_LOG_LEVEL: "debug" };
    const { prepared } = prepareRuntime(definition, env, { baseUrl: upstream.origin, userAgent: "test-agent/2.0.0", writeLog: (line) => logs.push(line) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connectMcpServer(prepared, serverSide);
    client = new Client({ name: "t", version: "1" });
    await client.connect(clientSide);
  });

  after(async () => {
    await client?.close();
    await upstream?.close();
  });

  it("the upstream receives the static headers, the User-Agent, the Accept and the curation-added credential", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "[]" });
    const result = await client.callTool({ name: "list_things", arguments: { limit: 5 } });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const headers = upstream.requests[0]!.headers;
    assert.equal(upstream.requests[0]!.url, "/things?limit=5");
    assert.equal(headers["x-api-version"], SECRET_VERSION);
    assert.equal(headers["x-trace"], "fixed-trace");
    assert.equal(headers["user-agent"], "test-agent/2.0.0");
    assert.equal(headers.accept, "application/json");
    assert.equal(headers.authorization, `Bearer ${TOKEN}`);
  });

  it("`security: []` in the spec stays public; Accept lists every 2xx media type", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await client.callTool({ name: "get_public", arguments: {} });
    const headers = upstream.requests[0]!.headers;
    assert.equal(headers.authorization, undefined);
    assert.equal(headers.accept, "text/plain, application/json");
    assert.equal(headers["x-api-version"], SECRET_VERSION, "server headers go on every tool");
  });

  it("a 204-only operation sends no Accept of ours; the spec's own scheme still applies", async () => {
    upstream.reset({ status: 204 });
    const result = await client.callTool({ name: "post_secret", arguments: {} });
    assert.match(JSON.stringify(result.content), /OPENAPI_MCP_AUTH_API_KEY/, "the spec's api_key requirement is kept, and is not configured");
    assert.equal(upstream.requests.length, 0);
  });

  it("the header arguments a curation header took over are gone, and passing one is refused before any I/O", async () => {
    const { tools } = await client.listTools();
    const listed = tools.find((t) => t.name === "list_things")!;
    assert.deepEqual(Object.keys(listed.inputSchema.properties ?? {}), ["limit"]);
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "[]" });
    const hidden = definition.tools.find((t) => t.name === "list_things")!.http.arguments.filter((b) => b.hidden).map((b) => b.argument);
    assert.equal(hidden.length, 2, "X-Api-Version and x-trace");
    for (const argument of hidden) {
      const result = await client.callTool({ name: "list_things", arguments: { [argument]: "from-the-model" } });
      assert.equal(result.isError, true);
      assert.match(JSON.stringify(result.content), /not an argument of this tool \(the server sets it\)/);
    }
    assert.equal(upstream.requests.length, 0);
  });

  it("a value read from the environment is redacted from results and logs", async () => {
    upstream.reset({ status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: `bad version ${SECRET_VERSION}` }) });
    const result = await client.callTool({ name: "list_things", arguments: {} });
    assert.equal(result.isError, true);
    const text = JSON.stringify(result.content);
    assert.ok(!text.includes(SECRET_VERSION), text);
    assert.match(text, /\[REDACTED\]/);
    assert.ok(!logs.join("\n").includes(SECRET_VERSION));
  });

  it("an unset ${env:NAME} stops the start, naming the variable", () => {
    assert.throws(
      () => prepareRuntime(definition, { OPENAPI_MCP_AUTH_TOKEN: TOKEN }, { writeLog: () => {} }),
      (error: unknown) => error instanceof StaticHeaderError && error.variable === "API_VERSION" && /X-Api-Version reads \$\{env:API_VERSION\}/.test(error.message),
    );
  });
});
