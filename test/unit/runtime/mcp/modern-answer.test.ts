import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { modernResult } from "../../../../src/runtime/mcp/modern-answer.js";
import { plainModernMessage } from "../../../../src/runtime/mcp/plain-requests.js";

const isPlainModernCall = (message: JSONRPCMessage): boolean => plainModernMessage(message)?.method === "tools/call";

const META = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
const callWith = (params: unknown): JSONRPCMessage => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params }) as JSONRPCMessage;

describe("2026-07-28 answers of the lean paths", () => {
  it("takes only calls whose envelope is plainly valid; the SDK judges everything else", () => {
    assert.equal(isPlainModernCall(callWith({ name: "t", _meta: META })), true);
    assert.equal(isPlainModernCall(callWith({ name: "t", _meta: { ...META, "io.modelcontextprotocol/clientInfo": { name: "c", version: "1" } } })), true);
    for (const params of [
      undefined,
      { name: "t" },
      { name: "t", _meta: null },
      { name: "t", _meta: { ...META, "io.modelcontextprotocol/protocolVersion": "2025-11-25" } },
      { name: "t", _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } },
      { name: "t", _meta: { ...META, "io.modelcontextprotocol/clientCapabilities": [] } },
      { name: "t", _meta: { ...META, "io.modelcontextprotocol/clientInfo": "me" } },
    ]) {
      assert.equal(isPlainModernCall(callWith(params)), false, JSON.stringify(params));
    }
  });

  it("stamps resultType and the server's identity, in the SDK's key order; a result's own _meta keys are kept", () => {
    const text = JSON.stringify(modernResult(7, { content: [], isError: true }, { name: "s", version: "2" }));
    assert.equal(text, '{"result":{"content":[],"isError":true,"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"2"}}},"jsonrpc":"2.0","id":7}');
    const own = modernResult("a", { content: [], _meta: { trace: 1 } }, { name: "s", version: "2" }) as unknown as { result: { _meta: Record<string, unknown> } };
    assert.deepEqual(own.result._meta, { "io.modelcontextprotocol/serverInfo": { name: "s", version: "2" }, trace: 1 });
  });

  it("keeps the result's own key order, on the usual shape and on any other (an own resultType keeps its place)", () => {
    const server = { name: "s", version: "2" };
    const stamp = '"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"2"}}';
    const table: Array<[string, { given: Record<string, unknown>; want: string }]> = [
      ["content, structuredContent", { given: { content: [{ type: "text", text: "x" }], structuredContent: { a: 1 } }, want: `{"content":[{"type":"text","text":"x"}],"structuredContent":{"a":1},${stamp}}` }],
      ["isError first", { given: { isError: false, content: [] }, want: `{"isError":false,"content":[],${stamp}}` }],
      ["an own resultType", { given: { content: [], resultType: "partial" }, want: `{"content":[],"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"2"}}}` }],
      ["an own resultType first", { given: { resultType: "partial", content: [] }, want: `{"resultType":"complete","content":[],"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"2"}}}` }],
      ["another key", { given: { content: [], extra: [1] }, want: `{"content":[],"extra":[1],${stamp}}` }],
    ];
    for (const [name, { given, want }] of table) {
      assert.equal(JSON.stringify(modernResult(1, given, server)), `{"result":${want},"jsonrpc":"2.0","id":1}`, name);
    }
  });
});
