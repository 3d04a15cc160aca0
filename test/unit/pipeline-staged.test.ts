/**
 * `serve`'s staged start (issue 11 "Start-up"): the pipeline hands over the first tools early, and
 * the runtime answers the first `tools/list` page from them while the rest is built. What a client
 * sees must not change: the early tools are the first tools of the whole run, the first page (its
 * cursor included) is the whole listing's first page, later pages and calls wait for the rest, and
 * a spec whose operations might fail to convert hands nothing over early.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ProtocolError } from "@modelcontextprotocol/server";
import { loadSpec } from "../../src/load/load-spec.js";
import { refsInJsonText } from "../../src/load/json-text-refs.js";
import { runPipeline, runStagedPipeline, type EarlyTools, type FirstPage, type PipelineInput } from "../../src/pipeline.js";
import { resolveLimits } from "../../src/runtime/core/serve-settings.js";
import type { ToolDefinition } from "../../src/runtime/core/tool-definition.js";
import { callTool } from "../../src/runtime/mcp/create-server.js";
import { listTools, pageReady } from "../../src/runtime/mcp/listing-answers.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";
import { createToolPages, toolListingBytes } from "../../src/runtime/mcp/tool-pages.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";

const SPEC = "fixtures/corpus/asana.com_1.0.json";
const BASE = "http://127.0.0.1:9";
const PAGE_BYTES = 16 * 1024;
const FIRST_PAGE: FirstPage = { bytes: PAGE_BYTES, measure: (tool) => toolListingBytes(toMcpTool(tool)) };

async function staged(input: PipelineInput, firstPage = FIRST_PAGE): Promise<{ early: EarlyTools[]; result: Awaited<ReturnType<typeof runStagedPipeline>> }> {
  const early: EarlyTools[] = [];
  const result = await runStagedPipeline(input, firstPage, (tools) => {
    early.push(structuredClone(tools));
  });
  return { early, result };
}

describe("runStagedPipeline", () => {
  it("hands over the first page's tools and one more, then ends with runPipeline's result", async () => {
    const whole = await runPipeline({ spec: SPEC, baseUrl: BASE });
    const { early, result } = await staged({ spec: SPEC, baseUrl: BASE });
    assert.equal(early.length, 1, "handed over once");
    const first = early[0]!;
    const total = whole.server.tools.length;
    assert.ok(first.server.tools.length > 1 && first.server.tools.length < total, `${first.server.tools.length} of ${total} tools early`);
    assert.deepEqual(first.names, whole.server.tools.map((tool) => tool.name));
    assert.deepEqual(first.server.tools, whole.server.tools.slice(0, first.server.tools.length));
    assert.deepEqual({ ...first.server, tools: [] }, { ...whole.server, tools: [] });
    assert.deepEqual(result.server, whole.server);
    assert.deepEqual(result.warnings, whole.warnings);
    assert.deepEqual(result.ir.warnings, whole.ir.warnings);
    // The first page cut from the early tools is the whole listing's, cursor included; it is the only page cut.
    const full = createToolPages(whole.server.tools.map(toMcpTool), PAGE_BYTES);
    const partial = createToolPages(first.server.tools.map(toMcpTool), PAGE_BYTES, first.names);
    assert.equal(partial.complete, false);
    assert.deepEqual(partial.pages, [full.pages[0]]);
    assert.equal(first.server.tools.length, full.pages[0]!.tools.length + 1);
  });

  it("hands over the head first: the server without tools and every name, before any tool is built", async () => {
    const whole = await runPipeline({ spec: SPEC, baseUrl: BASE });
    const events: Array<{ kind: "head" | "early"; tools: EarlyTools }> = [];
    const result = await runStagedPipeline(
      { spec: SPEC, baseUrl: BASE },
      FIRST_PAGE,
      (tools) => void events.push({ kind: "early", tools: structuredClone(tools) }),
      (head) => void events.push({ kind: "head", tools: structuredClone(head) }),
    );
    assert.deepEqual(events.map((event) => event.kind), ["head", "early"]);
    const head = events[0]!.tools;
    assert.deepEqual(head.server, { ...whole.server, tools: [] });
    assert.deepEqual(head.names, whole.server.tools.map((tool) => tool.name));
    assert.deepEqual(result.server, whole.server);
    assert.deepEqual(result.warnings, whole.warnings);
  });

  it("when the whole list fits the first page: the head, then nothing before the result", async () => {
    const heads: EarlyTools[] = [];
    const early: EarlyTools[] = [];
    const result = await runStagedPipeline({ spec: SPEC, baseUrl: BASE }, { ...FIRST_PAGE, bytes: 64 * 1024 * 1024 }, (tools) => void early.push(tools), (head) => void heads.push(head));
    assert.equal(heads.length, 1);
    assert.equal(early.length, 0);
    assert.deepEqual(heads[0]!.names, result.server.tools.map((tool) => tool.name));
  });

  it("hands nothing over when the whole list fits the first page", async () => {
    const { early } = await staged({ spec: SPEC, baseUrl: BASE }, { ...FIRST_PAGE, bytes: 64 * 1024 * 1024 });
    assert.equal(early.length, 0);
  });

  it("hands nothing over with a client profile, discovery, read-only mode or a curation file (each looks at every tool first)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "staged-curation-"));
    try {
      await writeFile(join(dir, "c.yaml"), "include: { methods: [GET] }\n");
      for (const input of [{ client: "openai" as const }, { discovery: true }, { readOnly: true }, { curationFile: join(dir, "c.yaml") }]) {
        const { early, result } = await staged({ spec: SPEC, baseUrl: BASE, ...input });
        assert.equal(early.length, 0, JSON.stringify(input));
        assert.ok(result.server.tools.length > 0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe("a $ref that dangles: nothing early, the failure reported with its pointer as before", () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "staged-"));
      // Many operations, so the first page would be full early; the last one's body points at nothing.
      const paths: Record<string, unknown> = {};
      for (let i = 0; i < 40; i++) paths[`/things${i}`] = { get: { operationId: `listThings${i}`, description: "x".repeat(400), responses: { "200": { description: "ok" } } } };
      paths["/broken"] = { post: { operationId: "broken", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Missing" } } } }, responses: { "201": { description: "created" } } } };
      const doc = { openapi: "3.0.3", info: { title: "Dangling", version: "1" }, servers: [{ url: "https://api.example.com" }], paths, components: { schemas: {} } };
      await writeFile(join(dir, "dangling.json"), JSON.stringify(doc, null, 2));
      await writeFile(join(dir, "dangling.yaml"), JSON.stringify(doc).replace(/^\{/, "{ "));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    for (const file of ["dangling.json", "dangling.yaml"]) {
      it(file, async () => {
        const spec = join(dir, file);
        const whole = await runPipeline({ spec });
        const { early, result } = await staged({ spec }, { ...FIRST_PAGE, bytes: 1024 });
        assert.equal(early.length, 0);
        assert.deepEqual(result.server, whole.server);
        assert.deepEqual(result.ir.warnings, whole.ir.warnings);
        assert.ok(result.ir.warnings.some((w) => w.pointer === "#/paths/~1broken/post/requestBody/content/application~1json/schema" || w.message.includes("skipped")), JSON.stringify(result.ir.warnings));
        assert.equal(result.server.tools.length, 40);
      });
    }
  });
});

describe("refsInJsonText", () => {
  it("reads every $ref of a JSON text, as the loader's walk of the document finds them", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(SPEC, "utf8");
    const refs = refsInJsonText(text)!;
    const walked = new Set<string>();
    const stack: unknown[] = [JSON.parse(text)];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === null || typeof node !== "object") continue;
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") walked.add(value);
        else stack.push(value);
      }
    }
    assert.ok(walked.size > 10);
    assert.deepEqual(new Set(refs), walked);
  });
  it("gives up on text it cannot read safely", () => {
    assert.equal(refsInJsonText("openapi: 3.0.0\n"), undefined, "YAML");
    assert.equal(refsInJsonText('{"a": {"$ref": "#/x\\"y"}}'), undefined, "an escape in the value");
    assert.equal(refsInJsonText('{"a": {"\\u0024ref": "#/x"}}'), undefined, "an escaped key");
    assert.equal(refsInJsonText('{"a": {"$ref": 3}}'), undefined, "not a string");
    assert.deepEqual(refsInJsonText('{"d": "say \\"$ref\\": \\"#/no\\"", "a": {"$ref" : "#/x"}}'), ["#/x"], "a $ref in prose is not one");
  });
  it("the loader keeps them only when asked and when nothing was bundled", async () => {
    assert.equal((await loadSpec(SPEC)).refs, undefined);
    assert.ok((await loadSpec(SPEC, { collectRefs: true })).refs!.length > 10);
  });
});

describe("a server started on the first tools", () => {
  const limits = { ...resolveLimits({}, {}), toolsListPageBytes: PAGE_BYTES };

  async function startedEarly(): Promise<{ whole: ToolDefinition[]; prepared: ReturnType<typeof prepareRuntime>["prepared"]; early: EarlyTools; deliver: (outcome: ToolDefinition[] | Error) => void; asked: () => number }> {
    const { early, result } = await staged({ spec: SPEC, baseUrl: BASE });
    const first = early[0]!;
    let deliver: (outcome: ToolDefinition[] | Error) => void = () => {};
    const rest = new Promise<ToolDefinition[]>((resolve, reject) => (deliver = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome))));
    let asked = 0;
    const { prepared } = prepareRuntime(first.server, {}, { baseUrl: BASE, writeLog: () => {}, limits, later: { names: first.names, rest, start: () => asked++ } });
    return { whole: result.server.tools, prepared, early: first, deliver: (outcome) => deliver(outcome), asked: () => asked };
  }

  it("answers the first page at once, later pages and calls once the rest is in, all as the whole listing", async () => {
    const { whole, prepared, early, deliver, asked } = await startedEarly();
    const { prepared: reference } = prepareRuntime({ ...early.server, tools: whole }, {}, { baseUrl: BASE, writeLog: () => {}, limits });
    const firstPage = listTools(prepared, undefined);
    assert.deepEqual(firstPage, listTools(reference, undefined));
    // The rest is asked for once the first page is out (in the next turn, after it is written), and once only.
    assert.equal(asked(), 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked(), 1);
    listTools(prepared, undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked(), 1);
    const second = firstPage.nextCursor!;
    assert.equal(pageReady(prepared, second), false, "the second page waits for the rest");
    assert.equal(pageReady(prepared, undefined), true);
    const late = whole[whole.length - 1]!.name;
    assert.equal(prepared.byName.has(late), false);
    // A call to a tool that is not here yet waits for the rest, then is judged against every tool.
    const unknown = callTool(prepared, { name: "no_such_tool", arguments: {} });
    let settled = false;
    void unknown.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, "the unknown name waits for the rest");
    deliver(whole.slice(early.server.tools.length));
    await prepared.completion;
    await assert.rejects(unknown, (error: unknown) => error instanceof ProtocolError && /Unknown tool: no_such_tool/.test(error.message));
    assert.equal(prepared.completion, undefined);
    assert.equal(prepared.byName.get(late), whole[whole.length - 1]);
    assert.equal(prepared.definition.tools.length, whole.length);
    assert.ok(prepared.invoke.staticHeaders?.has(whole[whole.length - 1]!), "late tools get their static headers");
    assert.deepEqual(prepared.listed.pages, reference.listed.pages);
    assert.equal(pageReady(prepared, second), true);
  });

  it("rest that does not match the names announced, or does not come, fails the completion", async () => {
    const { whole, prepared, early, deliver } = await startedEarly();
    deliver(whole.slice(early.server.tools.length + 1));
    await assert.rejects(prepared.completion!, /not the \d+ announced at start/);
    const again = await startedEarly();
    again.deliver(new Error("worker died"));
    await assert.rejects(again.prepared.completion!, /worker died/);
  });
});

describe("a server started on the first tools, before its first page is out", () => {
  it("a call to a tool not yet here asks for the rest at once", async () => {
    const { early, result } = await staged({ spec: SPEC, baseUrl: BASE });
    const first = early[0]!;
    let asked = 0;
    let deliver: (tools: ToolDefinition[]) => void = () => {};
    const rest = new Promise<ToolDefinition[]>((resolve) => (deliver = resolve));
    const { prepared } = prepareRuntime(first.server, {}, { baseUrl: BASE, writeLog: () => {}, limits: { ...resolveLimits({}, {}), toolsListPageBytes: PAGE_BYTES }, later: { names: first.names, rest, start: () => asked++ } });
    const call = callTool(prepared, { name: "no_such_tool", arguments: {} });
    assert.equal(asked, 1);
    deliver(result.server.tools.slice(first.server.tools.length));
    await assert.rejects(call, /Unknown tool/);
  });
});

describe("a server started on its head, before any tool is built", () => {
  const limits = { ...resolveLimits({}, {}), toolsListPageBytes: PAGE_BYTES };

  async function startedOnHead(): Promise<{
    whole: ToolDefinition[];
    early: EarlyTools;
    prepared: ReturnType<typeof prepareRuntime>["prepared"];
    deliverFirst: (outcome: ToolDefinition[] | Error) => void;
    deliverRest: (tools: ToolDefinition[]) => void;
    asked: () => number;
  }> {
    const { early, result } = await staged({ spec: SPEC, baseUrl: BASE });
    const names = early[0]!.names;
    let deliverFirst: (outcome: ToolDefinition[] | Error) => void = () => {};
    let deliverRest: (tools: ToolDefinition[]) => void = () => {};
    const first = new Promise<ToolDefinition[]>((resolve, reject) => (deliverFirst = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome))));
    const rest = new Promise<ToolDefinition[]>((resolve) => (deliverRest = resolve));
    let asked = 0;
    const head = { ...result.server, tools: [] };
    const { prepared } = prepareRuntime(head, {}, { baseUrl: BASE, writeLog: () => {}, limits, later: { names, first, rest, start: () => asked++ } });
    return { whole: result.server.tools, early: early[0]!, prepared, deliverFirst: (o) => deliverFirst(o), deliverRest: (t) => deliverRest(t), asked: () => asked };
  }

  it("waits for the first tools for the first page and their calls, and for the rest only beyond them; every page as the whole listing's", async () => {
    const { whole, early, prepared, deliverFirst, deliverRest, asked } = await startedOnHead();
    const { prepared: reference } = prepareRuntime({ ...early.server, tools: whole }, {}, { baseUrl: BASE, writeLog: () => {}, limits });
    assert.equal(pageReady(prepared, undefined), false, "no page before the first tools");
    assert.equal(prepared.byName.size, 0);
    const count = early.server.tools.length;
    deliverFirst(whole.slice(0, count));
    await prepared.firstTools;
    assert.equal(prepared.firstTools, undefined);
    assert.equal(pageReady(prepared, undefined), true);
    assert.equal(asked(), 0, "the first tools do not ask for the rest");
    assert.equal(prepared.byName.get(whole[0]!.name), whole[0]);
    assert.ok(prepared.invoke.staticHeaders?.has(whole[0]!), "the first tools get their static headers");
    const firstPage = listTools(prepared, undefined);
    assert.deepEqual(firstPage, listTools(reference, undefined));
    assert.equal(pageReady(prepared, firstPage.nextCursor), false, "the second page waits for the rest");
    deliverRest(whole.slice(count));
    await prepared.completion;
    assert.deepEqual(prepared.listed.pages, reference.listed.pages);
    assert.equal(prepared.definition.tools.length, whole.length);
  });

  it("a call made before the first tools come waits for them, then for the rest when its tool is not among them", async () => {
    const { whole, early, prepared, deliverFirst, deliverRest, asked } = await startedOnHead();
    const unknown = callTool(prepared, { name: "no_such_tool", arguments: {} });
    let settled = false;
    void unknown.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked(), 0, "nothing asks for the rest before the first tools are in");
    deliverFirst(whole.slice(0, early.server.tools.length));
    await prepared.firstTools;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked(), 1, "the name is not among the first tools: the rest is asked for");
    assert.equal(settled, false);
    deliverRest(whole.slice(early.server.tools.length));
    await assert.rejects(unknown, (error: unknown) => error instanceof ProtocolError && /Unknown tool: no_such_tool/.test(error.message));
  });

  it("first tools that are not the names announced, or do not come, fail the completion", async () => {
    const { whole, prepared, deliverFirst } = await startedOnHead();
    deliverFirst(whole.slice(1, 5));
    await assert.rejects(prepared.completion!, /not the first of the \d+ announced at start/);
    const again = await startedOnHead();
    again.deliverFirst(new Error("worker died"));
    await assert.rejects(again.prepared.completion!, /worker died/);
  });
});
