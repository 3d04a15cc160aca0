/**
 * The plain-request recognisers against the SDK's own classifier: whatever they call plain, the
 * SDK's classifier (`classifyInboundRequest`) routes to the same era; and each condition, failed
 * alone, makes them decline. (The header checks the SDK runs after classifying are not exported;
 * test/integration/lean-differential.test.ts holds those end to end.)
 */
import assert from "node:assert/strict";
import type { IncomingHttpHeaders } from "node:http";
import { describe, it } from "node:test";
import { classifyInboundRequest } from "@modelcontextprotocol/server";
import { envelopeAccepted, isLeanLegacyListing, plainLegacyMessage, plainLegacyRequest, plainModernMessage, plainModernRequest } from "../../../../src/runtime/mcp/plain-requests.js";

const MODERN = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };
const CALL = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_pet", arguments: { petId: 1 }, _meta: META } };
const CALL_HEADERS: IncomingHttpHeaders = { "content-type": "application/json", "mcp-protocol-version": MODERN, "mcp-method": "tools/call", "mcp-name": "get_pet" };
const LIST = { jsonrpc: "2.0", id: "a", method: "tools/list", params: { cursor: "c", _meta: META } };
const LIST_HEADERS: IncomingHttpHeaders = { "content-type": "application/json", "mcp-protocol-version": MODERN, "mcp-method": "tools/list" };

/** The SDK classifier's verdict: "modern", "legacy" or "reject". */
function sdkEra(headers: IncomingHttpHeaders, body: unknown): string {
  const request = {
    httpMethod: "POST",
    ...(typeof headers["mcp-protocol-version"] === "string" ? { protocolVersionHeader: headers["mcp-protocol-version"] } : {}),
    ...(typeof headers["mcp-method"] === "string" ? { mcpMethodHeader: headers["mcp-method"] } : {}),
    ...(typeof headers["mcp-name"] === "string" ? { mcpNameHeader: headers["mcp-name"] } : {}),
  };
  return classifyInboundRequest({ ...request, body }).kind;
}

const with_ = <T extends object>(value: T, patch: object): T => ({ ...value, ...patch });

describe("plainModernRequest", () => {
  const plain: Array<[string, { headers: IncomingHttpHeaders; body: unknown }]> = [
    ["a plain call", { headers: CALL_HEADERS, body: CALL }],
    ["a plain list with a cursor", { headers: LIST_HEADERS, body: LIST }],
    ["a call with trace context in _meta", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, _meta: { ...META, traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } } }) }],
    ["server/discover", { headers: with_(LIST_HEADERS, { "mcp-method": "server/discover" }), body: { jsonrpc: "2.0", id: 2, method: "server/discover", params: { _meta: META } } }],
  ];
  for (const [name, { headers, body }] of plain) {
    it(`${name}: plain, and the SDK serves it in the 2026 era`, () => {
      assert.notEqual(plainModernRequest(headers, body), undefined);
      assert.notEqual(plainModernMessage(body), undefined);
      assert.equal(sdkEra(headers, body), "modern");
    });
  }

  const declined: Array<[string, { headers: IncomingHttpHeaders; body: unknown }]> = [
    ["a batch", { headers: CALL_HEADERS, body: [CALL] }],
    ["an extra top-level key", { headers: CALL_HEADERS, body: with_(CALL, { x: 1 }) }],
    ["jsonrpc 1.0", { headers: CALL_HEADERS, body: with_(CALL, { jsonrpc: "1.0" }) }],
    ["id a fraction", { headers: CALL_HEADERS, body: with_(CALL, { id: 1.5 }) }],
    ["id null", { headers: CALL_HEADERS, body: with_(CALL, { id: null }) }],
    ["a method without a lean answer", { headers: with_(CALL_HEADERS, { "mcp-method": "ping" }), body: { jsonrpc: "2.0", id: 1, method: "ping", params: { _meta: META } } }],
    ["a params key the lean path does not read", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, requestState: "s" } }) }],
    ["a cursor that is not a string", { headers: LIST_HEADERS, body: with_(LIST, { params: { ...LIST.params, cursor: 1 } }) }],
    ["params.name not a string", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, name: 1 } }) }],
    ["no _meta", { headers: CALL_HEADERS, body: with_(CALL, { params: { name: "get_pet" } }) }],
    ["another revision in _meta", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, _meta: { ...META, "io.modelcontextprotocol/protocolVersion": "2025-11-25" } } }) }],
    ["a progressToken in _meta", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, _meta: { ...META, progressToken: 1 } } }) }],
    ["an envelope the SDK refuses (client info without a version)", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, _meta: { ...META, "io.modelcontextprotocol/clientInfo": { name: "t" } } } }) }],
    ["no client capabilities", { headers: CALL_HEADERS, body: with_(CALL, { params: { ...CALL.params, _meta: { "io.modelcontextprotocol/protocolVersion": MODERN } } }) }],
    ["MCP-Protocol-Version missing", { headers: with_(CALL_HEADERS, { "mcp-protocol-version": undefined }), body: CALL }],
    ["Mcp-Method disagreeing", { headers: with_(CALL_HEADERS, { "mcp-method": "tools/list" }), body: CALL }],
    ["Mcp-Name missing", { headers: with_(CALL_HEADERS, { "mcp-name": undefined }), body: CALL }],
    ["a name in the Base64 sentinel form", { headers: with_(CALL_HEADERS, { "mcp-name": "=?base64?Z2V0X3BldA==?=" }), body: with_(CALL, { params: { ...CALL.params, name: "=?base64?Z2V0X3BldA==?=" } }) }],
    ["Content-Type not JSON", { headers: with_(CALL_HEADERS, { "content-type": "application/json-patch+json" }), body: CALL }],
  ];
  for (const [name, { headers, body }] of declined) {
    it(`${name}: declined`, () => {
      assert.equal(plainModernRequest(headers, body), undefined);
    });
  }
});

describe("plainLegacyRequest and isLeanLegacyListing", () => {
  const list = { jsonrpc: "2.0", id: 3, method: "tools/list", params: { cursor: "c" } };
  const cases: Array<[string, { headers: IncomingHttpHeaders; body: unknown; plain: boolean; lean: boolean }]> = [
    ["a plain list", { headers: {}, body: list, plain: true, lean: true }],
    ["a list with a progress token", { headers: { "mcp-protocol-version": "2025-11-25" }, body: with_(list, { params: { _meta: { progressToken: "p" } } }), plain: true, lean: true }],
    ["a list without params", { headers: {}, body: { jsonrpc: "2.0", id: 3, method: "tools/list" }, plain: true, lean: true }],
    ["a ping", { headers: {}, body: { jsonrpc: "2.0", id: 4, method: "ping" }, plain: true, lean: true }],
    ["a call (plain, answered by the lane)", { headers: {}, body: { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "x" } }, plain: true, lean: false }],
    ["a list with another params key", { headers: {}, body: with_(list, { params: { cursor: "c", x: 1 } }), plain: true, lean: false }],
    ["a list with a numeric cursor", { headers: {}, body: with_(list, { params: { cursor: 1 } }), plain: true, lean: false }],
    ["a ping with a params key", { headers: {}, body: { jsonrpc: "2.0", id: 4, method: "ping", params: { x: 1 } }, plain: true, lean: false }],
    ["a list claiming the envelope", { headers: {}, body: with_(list, { params: { _meta: META } }), plain: false, lean: false }],
    ["a list under a 2026 header", { headers: { "mcp-protocol-version": MODERN }, body: list, plain: false, lean: false }],
  ];
  for (const [name, { headers, body, plain, lean }] of cases) {
    it(name, () => {
      const request = plainLegacyRequest(headers, body);
      assert.equal(request !== undefined, plain);
      if (request === undefined) return;
      assert.equal(sdkEra(headers, body), "legacy", "the SDK routes it to the 2025 era");
      assert.deepEqual(plainLegacyMessage(body), request);
      assert.equal(isLeanLegacyListing(request), lean);
    });
  }
});

describe("envelopeAccepted", () => {
  const capabilities = "io.modelcontextprotocol/clientCapabilities";
  const info = "io.modelcontextprotocol/clientInfo";
  // In order: each judged twice (the second answer comes from the memo), near misses after hits.
  const envelopes: Array<[string, Record<string, unknown>]> = [
    ["the plain envelope", META],
    ["roots.listChanged true", { ...META, [capabilities]: { roots: { listChanged: true } } }],
    ["roots.listChanged a string", { ...META, [capabilities]: { roots: { listChanged: "yes" } } }],
    ["client info without a version", { ...META, [info]: { name: "t" } }],
    ["client info absent", { "io.modelcontextprotocol/protocolVersion": MODERN, [capabilities]: {} }],
    ["client info null", { ...META, [info]: null }],
    ["capabilities absent", { "io.modelcontextprotocol/protocolVersion": MODERN, [info]: { name: "t", version: "1" } }],
    ["the same keys in another order", { [capabilities]: {}, [info]: { version: "1", name: "t" }, "io.modelcontextprotocol/protocolVersion": MODERN }],
  ];
  for (const [name, meta] of envelopes) {
    it(`${name}: the classifier's verdict, also from the memo`, () => {
      const sdk = classifyInboundRequest({ httpMethod: "POST", body: { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: meta } } }).kind === "modern";
      assert.equal(envelopeAccepted(structuredClone(meta)), sdk);
      assert.equal(envelopeAccepted(structuredClone(meta)), sdk);
    });
  }
});
