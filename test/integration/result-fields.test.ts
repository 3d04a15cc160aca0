/**
 * Curation `fields: true` through the real runtime and an SDK client, against a loopback upstream:
 * the selection is applied before the response budget (so a hundred titles fit where a few whole
 * issues did not), the `fields` argument never reaches the API, and a truncated answer names the
 * argument and the fields there are.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { applyCuration } from "../../src/curate/apply-curation.js";
import { buildIr } from "../../src/ir/build-ir.js";
import { parseCuration } from "../../src/load/load-curation.js";
import { loadSpec } from "../../src/load/load-spec.js";
import { runPipeline } from "../../src/pipeline.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";

const SPEC = {
  openapi: "3.0.3",
  info: { title: "Issues", version: "1" },
  paths: {
    "/search/issues": {
      get: {
        operationId: "searchIssues",
        parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }, { name: "fields", in: "query", schema: { type: "string" }, description: "The API's own fields parameter." }],
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
    "/issue": { get: { operationId: "getIssue", responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { number: { type: "integer" } } } } } } } } },
    "/issues": { get: { operationId: "listIssues", responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: { type: "object" } } } } } } } },
  },
};
const CURATION = ["tools:", "  - operation: searchIssues", "    fields: true", "    maxResponseTokens: 1000", "  - operation: listIssues", "    fields: true", "    maxResponseTokens: 1000"].join("\n");

const ISSUES = Array.from({ length: 100 }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, user: { login: `user${i}` }, body: "A long body that explains the problem at length. ".repeat(8) }));

describe("curation fields: true at run time", () => {
  let upstream: RecordingUpstream;
  let client: Client;

  before(async () => {
    upstream = await startRecordingUpstream();
    const dir = await mkdtemp(join(tmpdir(), "fields-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const { curation, lines } = parseCuration(CURATION, "c.yaml");
    const { server } = applyCuration(buildIr(await loadSpec(join(dir, "spec.json"))), curation, {}, lines);
    const { prepared } = prepareRuntime(server, {}, { baseUrl: upstream.origin, userAgent: "t/1", writeLog: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connectMcpServer(prepared, serverSide);
    client = new Client({ name: "t", version: "1" });
    await client.connect(clientSide);
  });
  after(async () => {
    await client?.close();
    await upstream?.close();
  });

  const text = (result: Awaited<ReturnType<Client["callTool"]>>): string => (result.content as Array<{ type: string; text: string }>)[0]!.text;

  it("lists the argument, named result_fields where the operation has a fields parameter of its own", async () => {
    const { tools } = await client.listTools();
    const search = tools.find((t) => t.name === "search_issues")!;
    const list = tools.find((t) => t.name === "list_issues")!;
    assert.deepEqual(Object.keys(search.inputSchema.properties ?? {}), ["q", "fields", "result_fields"]);
    assert.deepEqual(Object.keys(list.inputSchema.properties ?? {}), ["fields"]);
    assert.deepEqual((list.inputSchema.properties as Record<string, { type: string }>).fields!.type, "array");
    assert.deepEqual(list.inputSchema.required ?? [], []);
  });

  it("keeps only the chosen fields of every item, before the budget: all 100 fit", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ total_count: 100, items: ISSUES }) });
    const result = await client.callTool({ name: "search_issues", arguments: { q: "is:open", fields: "title", result_fields: ["items.number", "items.title", "total_count"] } });
    assert.notEqual(result.isError, true, text(result));
    assert.deepEqual(JSON.parse(text(result)), { total_count: 100, items: ISSUES.map(({ number, title }) => ({ number, title })) });
    const url = new URL(upstream.requests[0]!.url, "http://x");
    assert.deepEqual([...url.searchParams.keys()].sort(), ["fields", "q"], "result_fields is never sent; the API's own fields is");
    assert.equal(url.searchParams.get("fields"), "title");
  });

  it("without fields the answer is cut, and the marker names the argument and the fields there are", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(ISSUES) });
    const result = await client.callTool({ name: "list_issues", arguments: {} });
    const body = JSON.parse(text(result)) as { items: unknown[]; _truncated: { note: string; fields: string[] } };
    assert.ok(body.items.length < 100);
    assert.match(body._truncated.note, /Pass fields \(dotted paths, e\.g\. \["number", "title"\]\) to get only the fields you need/);
    assert.deepEqual(body._truncated.fields, ["number", "title", "user", "body", "user.login"]);
  });

  it("paths that match nothing are named beside the data, with the fields that exist", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(ISSUES.slice(0, 2)) });
    const result = await client.callTool({ name: "list_issues", arguments: { fields: ["number", "state"] } });
    assert.deepEqual(JSON.parse(text(result)), {
      items: [{ number: 1 }, { number: 2 }],
      _fields: { missing: ["state"], available: ["number", "title", "user", "body", "user.login"], note: "These paths matched nothing in the answer; available lists the fields it has." },
    });
  });

  it("a fields value that is not a list of strings is refused before anything is sent", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "[]" });
    const result = await client.callTool({ name: "list_issues", arguments: { fields: "number" } });
    assert.equal(result.isError, true);
    assert.match(text(result), /fields/);
    assert.equal(upstream.requests.length, 0);
  });
});

describe("curation fields: true with outputSchema", () => {
  it("is a curation problem naming the tool", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fields-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    await writeFile(join(dir, "c.yaml"), ["tools:", "  - operation: getIssue", "    fields: true", "    outputSchema: true"].join("\n"));
    await assert.rejects(runPipeline({ spec: join(dir, "spec.json"), curationFile: join(dir, "c.yaml") }), (e: unknown) => {
      const problems = (e as { problems?: Array<{ message: string; path: string }> }).problems ?? [];
      return problems.some((p) => /tool "get_issue" sets both fields and outputSchema/.test(p.message) && p.path === "tools[0].fields");
    });
  });
});
