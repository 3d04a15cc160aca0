import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProtocolError, ProtocolErrorCode as ErrorCode, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";
import type { CallCancellation } from "../../../../src/runtime/core/call-cancellation.js";
import { ToolCallLane, type LaneEra, type ToolCallHandler } from "../../../../src/runtime/mcp/tool-call-lane.js";

/** A transport whose incoming side the test drives and whose outgoing side it records. */
class ScriptedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: { authInfo?: unknown }) => void;
  sent: JSONRPCMessage[] = [];
  started = 0;
  closed = 0;
  sessionId = "session-1";
  async start(): Promise<void> {
    this.started++;
  }
  async send(message: JSONRPCMessage): Promise<void> {
    this.sent.push(message);
  }
  async close(): Promise<void> {
    this.closed++;
    this.onclose?.();
  }
  receive(message: unknown, extra?: { authInfo?: unknown }): void {
    this.onmessage?.(message as JSONRPCMessage, extra);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

function setup(handler: ToolCallHandler, era: LaneEra = "legacy") {
  const inner = new ScriptedTransport();
  const lane = new ToolCallLane(inner, handler, { era, server: { name: "s", version: "1" } });
  const forwarded: Array<{ message: JSONRPCMessage; extra: unknown }> = [];
  lane.onmessage = (message, extra) => forwarded.push({ message, extra });
  return { inner, lane, forwarded };
}

const call = (id: string | number, name = "t", args: unknown = {}) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

describe("ToolCallLane", () => {
  it("answers tools/call with the handler's result under the request's id", async () => {
    const seen: unknown[] = [];
    const { inner, forwarded } = setup(async (params) => {
      seen.push(params);
      return { content: [{ type: "text", text: "ok" }] };
    });
    inner.receive(call(7, "get_pet", { petId: 1 }));
    inner.receive(call("abc"));
    await settle();
    assert.deepEqual(seen, [{ name: "get_pet", arguments: { petId: 1 } }, { name: "t", arguments: {} }]);
    assert.deepEqual(inner.sent, [
      { jsonrpc: "2.0", id: 7, result: { content: [{ type: "text", text: "ok" }] } },
      { jsonrpc: "2.0", id: "abc", result: { content: [{ type: "text", text: "ok" }] } },
    ]);
    assert.deepEqual(forwarded, [], "the SDK never sees a tools/call");
  });

  it("passes every other message, with its extra info, to the SDK", async () => {
    const { inner, forwarded } = setup(async () => assert.fail("not a tools/call"));
    const messages = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: {} },
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99 } },
      { jsonrpc: "2.0", id: 3, result: {} },
      { jsonrpc: "2.0", method: "tools/call", params: {} },
    ];
    for (const m of messages) inner.receive(m, { authInfo: { token: "t" } });
    await settle();
    assert.deepEqual(forwarded.map((f) => f.message), messages);
    assert.ok(forwarded.every((f) => (f.extra as { authInfo?: unknown }).authInfo !== undefined));
    assert.deepEqual(inner.sent, []);
  });

  it("a thrown JSON-RPC error keeps its code and message; anything else is an internal error", async () => {
    const { inner } = setup(async (params) => {
      const name = (params as { name: string }).name;
      if (name === "unknown") throw new ProtocolError(ErrorCode.InvalidParams, "Unknown tool: unknown");
      throw new TypeError("boom");
    });
    inner.receive(call(1, "unknown"));
    inner.receive(call(2, "other"));
    await settle();
    assert.deepEqual(inner.sent, [
      { jsonrpc: "2.0", id: 1, error: { code: ErrorCode.InvalidParams, message: "Unknown tool: unknown" } },
      { jsonrpc: "2.0", id: 2, error: { code: ErrorCode.InternalError, message: "boom" } },
    ]);
  });

  it("a handler that throws synchronously still gets an answer", async () => {
    const { inner } = setup(((): Promise<unknown> => {
      throw new Error("sync failure");
    }) as ToolCallHandler);
    inner.receive(call(5));
    await settle();
    assert.deepEqual(inner.sent, [{ jsonrpc: "2.0", id: 5, error: { code: ErrorCode.InternalError, message: "sync failure" } }]);
  });

  it("notifications/cancelled aborts the call, and its answer is never sent", async () => {
    let cancellation: CallCancellation | undefined;
    let heard = 0;
    let finish!: () => void;
    const { inner, forwarded } = setup((_params, c) => {
      cancellation = c;
      c.addEventListener("abort", () => heard++);
      return new Promise((resolve) => (finish = () => resolve({ content: [] })));
    });
    inner.receive(call(4));
    assert.equal(cancellation?.aborted, false);
    inner.receive({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 4, reason: "user pressed stop" } });
    assert.equal(cancellation.aborted, true);
    assert.equal(cancellation.reason, "user pressed stop");
    assert.equal(heard, 1);
    finish();
    await settle();
    assert.deepEqual(inner.sent, []);
    assert.deepEqual(forwarded, [], "a cancellation the lane handled is not passed on");
  });

  it("a request id already in flight is refused; the first call still completes", async () => {
    let finish!: () => void;
    const { inner } = setup(() => new Promise((resolve) => (finish = () => resolve({ content: [] }))));
    inner.receive(call(1));
    inner.receive(call(1));
    await settle();
    assert.deepEqual(inner.sent, [{ jsonrpc: "2.0", id: 1, error: { code: ErrorCode.InvalidRequest, message: "Request id 1 is already in use" } }]);
    finish();
    await settle();
    assert.deepEqual(inner.sent[1], { jsonrpc: "2.0", id: 1, result: { content: [] } });
  });

  it("closing the connection cancels every call in flight and tells the SDK", async () => {
    const cancellations: CallCancellation[] = [];
    const { inner, lane } = setup((_params, c) => {
      cancellations.push(c);
      return new Promise(() => {});
    });
    let closed = 0;
    lane.onclose = () => closed++;
    inner.receive(call(1));
    inner.receive(call(2));
    await lane.close();
    assert.equal(inner.closed, 1);
    assert.equal(closed, 1);
    assert.deepEqual(cancellations.map((c) => c.aborted), [true, true]);
  });

  it("delegates start, send, errors and the session id to the wrapped transport", async () => {
    const { inner, lane } = setup(async () => ({}));
    const errors: string[] = [];
    lane.onerror = (e) => errors.push(e.message);
    await lane.start();
    await lane.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    inner.onerror?.(new Error("broken pipe"));
    assert.equal(inner.started, 1);
    assert.deepEqual(inner.sent, [{ jsonrpc: "2.0", method: "notifications/tools/list_changed" }]);
    assert.deepEqual(errors, ["broken pipe"]);
    assert.equal(lane.sessionId, "session-1");
  });

  it("answers with the SDK's key order (result, jsonrpc, id), so both paths write the same bytes", async () => {
    const { inner } = setup(async () => ({ content: [] }));
    inner.receive(call(3));
    await settle();
    assert.equal(JSON.stringify(inner.sent[0]), '{"result":{"content":[]},"jsonrpc":"2.0","id":3}');
  });

  const meta = { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} } };
  const initialize = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } } };

  it("leaves a 2026-07-28 call (one carrying the _meta envelope) to the SDK even on a 2025-era connection", async () => {
    let handled = 0;
    const { inner, forwarded } = setup(async () => (handled++, {}));
    const modern = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "t", arguments: {}, ...meta } };
    inner.receive(modern);
    await settle();
    assert.equal(handled, 0);
    assert.deepEqual(forwarded.map((f) => f.message), [modern]);
  });

  it("detecting the era: takes calls only after an initialize handshake opened the connection", async () => {
    let handled = 0;
    const { inner, forwarded } = setup(async () => (handled++, {}), "detect");
    inner.receive(call(1));
    await settle();
    assert.equal(handled, 0, "before the handshake the SDK decides what a call means");
    inner.receive(initialize);
    inner.receive(call(2));
    await settle();
    assert.equal(handled, 1);
    assert.deepEqual(forwarded.map((f) => (f.message as { id?: unknown }).id), [1, 0]);
  });

  it("detecting the era: a 2026 opening keeps every call with the SDK, a server/discover probe decides nothing", async () => {
    let handled = 0;
    const { inner } = setup(async () => (handled++, {}), "detect");
    inner.receive({ jsonrpc: "2.0", id: 1, method: "server/discover", params: meta });
    inner.receive({ jsonrpc: "2.0", id: 2, method: "tools/list", params: meta });
    inner.receive(initialize);
    inner.receive(call(3));
    await settle();
    assert.equal(handled, 0);
    const probed = setup(async () => (handled++, {}), "detect");
    probed.inner.receive({ jsonrpc: "2.0", id: 1, method: "server/discover", params: meta });
    probed.inner.receive(initialize);
    probed.inner.receive(call(2));
    await settle();
    assert.equal(handled, 1, "a client that probed and fell back to initialize is 2025-era");
  });
});
