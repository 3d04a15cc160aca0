/**
 * A client profile over a discovery-mode server (src/profile/profile-discovery.ts): operations the
 * profile renames are renamed in the search index and the listed names too, so what
 * `search_operations` returns is what `describe_operation` and `call_operation` accept; the
 * meta-tools' schemas are shaped and the undo rules recorded.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runPipeline } from "../../../src/pipeline.js";
import { applyClientProfile } from "../../../src/profile/apply-profile.js";
import { OperationSearch } from "../../../src/runtime/discovery/search-index.js";
import { prepareDiscovery } from "../../../src/runtime/discovery/discovery-calls.js";
import { toMcpTool } from "../../../src/runtime/mcp/mcp-tool.js";

const SPEC = "examples/petstore/openapi.yaml";
const CURATION = "examples/petstore/curation.yaml";

describe("client profiles over discovery mode", () => {
  it("cursor: names cut to fit a long server name are cut in the index and the listed names too", async () => {
    const { server } = await runPipeline({ spec: SPEC, curationFile: CURATION, discovery: true });
    // Cursor counts the server name (cut to 30) in a tool name's 60 characters: 30 are left, and
    // one operation (listed too) gets a name longer than that.
    const from = "find_pets";
    const to = "find_pets_by_status_or_by_any_other_criterion";
    const swap = (name: string): string => (name === from ? to : name);
    const long = {
      ...server,
      name: "petstore-with-a-long-server-name-for-cursor",
      tools: server.tools.map((t) => ({ ...t, name: swap(t.name) })),
      discovery: {
        ...server.discovery!,
        listed: server.discovery!.listed.map(swap),
        index: { ...server.discovery!.index!, documents: server.discovery!.index!.documents.map((d) => ({ ...d, name: swap(d.name) })) },
      },
    };
    assert.ok(long.discovery.listed.includes(to), "the long name is listed");
    const { server: shaped, report } = applyClientProfile(long, "cursor");
    assert.ok(report.renamed > 0, "some operation was renamed");
    const names = new Set(shaped.tools.map((t) => t.name));
    const documents = shaped.discovery!.index!.documents;
    assert.equal(documents.length, shaped.tools.length);
    for (const document of documents) assert.ok(names.has(document.name), `index names ${document.name}, which no tool has`);
    for (const name of shaped.discovery!.listed) assert.ok(names.has(name), `listed ${name}, which no tool has`);
    // A renamed operation is still found by what it does, under its new name.
    const renamed = shaped.tools.find((t, i) => t.name !== long.tools[i]!.name)!;
    const original = long.tools[shaped.tools.indexOf(renamed)]!;
    const hits = new OperationSearch(shaped.discovery!.index!).search(original.name.replace(/_/g, " "), 5).map((h) => h.name);
    assert.ok(hits.includes(renamed.name), `${renamed.name} in ${hits.join(", ")}`);
    assert.equal(prepareDiscovery(shaped, toMcpTool).operations.has(renamed.name), true);
  });

  it("openai: the meta-tools' listed schemas and undo rules are recorded; the full ones still judge", async () => {
    const { server } = await runPipeline({ spec: SPEC, discovery: true, client: "openai" });
    const profiles = server.discovery!.metaTools!;
    assert.deepEqual(Object.keys(profiles).sort(), ["call_operation", "describe_operation", "search_operations"]);
    assert.deepEqual(profiles.search_operations!.undo, ["nullMeansAbsent"]);
    assert.deepEqual(profiles.call_operation!.undo, ["jsonStrings", "nullMeansAbsent"]);
    const discovery = prepareDiscovery(server, toMcpTool);
    const full = discovery.full.find((t) => t.name === "search_operations")!;
    assert.equal((full.inputSchema.properties as Record<string, { maxLength?: number }>).query!.maxLength, 500, "the full schema keeps its limits");
  });

  it("anthropic takes the meta-tools as they are: nothing recorded", async () => {
    const { server } = await runPipeline({ spec: SPEC, discovery: true, client: "anthropic" });
    assert.equal(server.discovery!.metaTools, undefined);
  });

  it("without discovery mode nothing about discovery is added", async () => {
    const { server } = await runPipeline({ spec: SPEC, client: "openai" });
    assert.equal(server.discovery, undefined);
  });
});
