/**
 * Opt-in output schemas: declared from the curation file, checked on every result. A conforming
 * answer carries structuredContent; an answer that drifted from the spec is an error naming the drift.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import { createMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";

describe("output schemas", () => {
  let upstream: PetstoreUpstream;
  let server: ServerDefinition;

  before(async () => {
    upstream = await startPetstoreUpstream();
    const dir = await mkdtemp("/tmp/curation-");
    await writeFile(`${dir}/c.yaml`, "tools:\n  - operation: getPetById\n    name: get_pet\n    outputSchema: true\n  - operation: findPetsByStatus\n    outputSchema: true\n");
    ({ server } = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: `${dir}/c.yaml` }));
  });
  after(() => upstream.close());

  async function connect(definition: ServerDefinition): Promise<Client> {
    const { prepared } = prepareRuntime(definition, { OPENAPI_MCP_AUTH_API_KEY: "k-1234", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "t-1234" }, { baseUrl: upstream.url, writeLog: () => {} });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await createMcpServer(prepared).connect(b);
    const client = new Client({ name: "t", version: "1" });
    await client.connect(a);
    return client;
  }

  it("the curation file's opt-in declares loosened object schemas, arrays wrapped in items", () => {
    const [getPet, findPets] = [server.tools.find((t) => t.name === "get_pet")!, server.tools.find((t) => t.name === "find_pets_by_status")!];
    assert.equal(getPet.outputSchema?.type, "object");
    assert.equal(JSON.stringify(getPet.outputSchema).includes('"additionalProperties":false'), false);
    assert.deepEqual(Object.keys((findPets.outputSchema?.properties ?? {}) as object), ["items"]);
  });

  it("a conforming answer carries structuredContent, for objects and wrapped arrays", async () => {
    const client = await connect(server);
    const pet = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
    assert.equal(pet.isError, undefined);
    assert.equal((pet.structuredContent as { id: number }).id, 1);
    const list = await client.callTool({ name: "find_pets_by_status", arguments: { status: "sold" } });
    assert.ok(Array.isArray((list.structuredContent as { items: unknown[] }).items));
    await client.close();
  });

  it("an answer that drifted from the declared schema is an error naming the drift", async () => {
    const drifted: ServerDefinition = {
      ...server,
      tools: server.tools.map((t) => (t.name === "get_pet" ? { ...t, outputSchema: { type: "object", properties: { id: { type: "string" } } } } : t)),
    };
    const client = await connect(drifted);
    const result = await client.callTool({ name: "get_pet", arguments: { petId: 1 } });
    assert.equal(result.isError, true);
    assert.match((result.content as Array<{ text: string }>)[0]!.text, /does not match get_pet's declared output schema[\s\S]*- id: expected string/);
    await client.close();
  });
});
