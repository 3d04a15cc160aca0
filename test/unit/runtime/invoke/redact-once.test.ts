/**
 * With secrets configured, a large answer is scanned for them once, where it is shaped (before any
 * cut), not a second time by the last pass over every result: each pass costs ~115 µs per secret on
 * a 200 KB body. What the model receives is still redacted, and a block rewritten after shaping is
 * scanned again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { invokeTool } from "../../../../src/runtime/invoke/invoke-tool.js";
import { prepareRuntime } from "../../../../src/runtime/prepare-runtime.js";
import { isRedactedBlock, markRedacted, textResult, type ToolResult } from "../../../../src/runtime/core/tool-results.js";
import type { ServerDefinition } from "../../../../src/runtime/core/tool-definition.js";
import { keyedGetTool as tool, resultText as text } from "../../../helpers/keyed-get-tool.js";
import { startFaultServer, type FaultServer } from "../../../helpers/fault-server.js";

const API_KEY = "sk_live_4f8a2c9e1b7d";

const DEFINITION: ServerDefinition = {
  name: "redact-once",
  version: "1.0.0",
  securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Api-Key" } },
  tools: ["json", "plain", "failing"].map((name) => tool(name, `/${name}`, { policy: { retries: 0, maxResponseTokens: 100_000 } })),
};

/** A compact JSON document of about `bytes` bytes, with `inside` in one of its strings. */
function bigJson(bytes: number, inside = ""): string {
  const items: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const item = JSON.stringify({ id: i, name: `item ${i}`, note: i === 7 ? `see ${inside}` : "plain" });
    items.push(item);
    size += item.length + 1;
  }
  return `[${items.join(",")}]`;
}

describe("redaction scans a shaped answer once", () => {
  let upstream: FaultServer;
  /** Lengths of the texts the redactor was asked to scan, in order. */
  const scanned: number[] = [];
  let call: (name: string) => Promise<ToolResult>;

  before(async () => {
    upstream = await startFaultServer();
    const { prepared } = prepareRuntime(DEFINITION, { OPENAPI_MCP_BASE_URL: upstream.url("/v1"), OPENAPI_MCP_AUTH_KEY: API_KEY }, { writeLog: () => {} });
    const redact = prepared.invoke.redact;
    const ctx = {
      ...prepared.invoke,
      redact: (t: string): string => {
        scanned.push(t.length);
        return redact(t);
      },
    };
    const byName = new Map(DEFINITION.tools.map((t) => [t.name, t]));
    call = (name) => invokeTool(byName.get(name)!, {}, ctx);
  });

  after(async () => {
    await upstream?.close();
  });

  it("a 200 KB JSON answer without the secret: one scan of the body, the answer as sent", async () => {
    const body = bigJson(200 * 1024);
    upstream.route("/v1/json", { body, headers: { "content-type": "application/json" } });
    scanned.length = 0;
    const result = await call("json");
    assert.equal(result.isError, undefined, text(result).slice(0, 200));
    assert.equal(text(result), body);
    assert.deepEqual(scanned.filter((n) => n >= body.length), [body.length], `scans: ${scanned.join(", ")}`);
  });

  it("a JSON answer that holds the secret (escaped the PHP way): masked, one scan", async () => {
    const body = bigJson(50 * 1024, API_KEY.replace(/_/g, "\\u005f"));
    upstream.route("/v1/json", { body, headers: { "content-type": "application/json" } });
    scanned.length = 0;
    const result = await call("json");
    assert.ok(!text(result).includes("4f8a2c9e1b7d"), "the secret is masked");
    assert.ok(text(result).includes("see [REDACTED]"));
    assert.equal(scanned.filter((n) => n >= 40 * 1024).length, 1, `scans: ${scanned.join(", ")}`);
  });

  it("a text answer cut to the budget: one scan of the whole body, before the cut", async () => {
    const body = `${"x".repeat(600_000)} ${API_KEY}`;
    upstream.route("/v1/plain", { body, headers: { "content-type": "text/plain" } });
    scanned.length = 0;
    const result = await call("plain");
    assert.ok(!text(result).includes(API_KEY));
    assert.deepEqual(scanned.filter((n) => n >= 100_000), [body.length], `scans: ${scanned.join(", ")}`);
  });

  it("an upstream error's excerpt is still scanned by the last pass", async () => {
    upstream.route("/v1/failing", { status: 400, body: JSON.stringify({ error: `bad key ${API_KEY}` }), headers: { "content-type": "application/json" } });
    const result = await call("failing");
    assert.equal(result.isError, true);
    assert.ok(text(result).includes("[REDACTED]") && !text(result).includes(API_KEY), text(result));
  });
});

describe("the redacted mark", () => {
  it("vouches only for the text it saw: a block rewritten after marking is not vouched for", () => {
    const result = markRedacted(textResult("clean"));
    const block = result.content[0]!;
    assert.equal(isRedactedBlock(block), true);
    if (block.type === "text") block.text = "rewritten";
    assert.equal(isRedactedBlock(block), false);
    assert.equal(isRedactedBlock(textResult("never marked").content[0]!), false);
  });

  it("is invisible to JSON and to Object.keys", () => {
    const result = markRedacted(textResult("clean"));
    assert.equal(JSON.stringify(result), '{"content":[{"type":"text","text":"clean"}]}');
    assert.deepEqual(Object.keys(result.content[0]!), ["type", "text"]);
  });
});
