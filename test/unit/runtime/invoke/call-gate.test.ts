/**
 * The call gate: the concurrency cap refuses (never queues) with a result naming the setting,
 * draining refuses new calls and resolves when the last running one settles, failures included.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallGate } from "../../../../src/runtime/invoke/call-gate.js";
import type { ToolResult } from "../../../../src/runtime/core/tool-results.js";

function deferred(): { promise: Promise<string>; resolve: (v: string) => void; reject: (e: Error) => void } {
  let resolve!: (v: string) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("CallGate", () => {
  it("runs up to the cap, refuses the next with a result naming the setting, and frees a slot when a call settles", async () => {
    const lines: string[] = [];
    const gate = new CallGate(2, (_level, message) => lines.push(message));
    const a = deferred();
    const b = deferred();
    const first = gate.run(() => a.promise);
    const second = gate.run(() => b.promise);
    let ran = false;
    const third = (await gate.run(async () => ((ran = true), "c"))) as ToolResult;
    assert.equal(ran, false);
    assert.equal(third.isError, true);
    assert.match((third.content[0] as { text: string }).text, /2 are already running .*--max-concurrent-calls or OPENAPI_MCP_MAX_CONCURRENT_CALLS/);
    assert.deepEqual(lines, ["tool call refused: max concurrent calls reached"]);
    b.reject(new Error("boom"));
    await assert.rejects(second, /boom/);
    assert.equal(gate.inFlight, 1);
    assert.equal(await gate.run(async () => "d"), "d");
    a.resolve("a");
    assert.equal(await first, "a");
    assert.equal(gate.inFlight, 0);
  });

  it("counts a call that throws synchronously as finished", async () => {
    const gate = new CallGate(1, () => {});
    await assert.rejects(gate.run(() => {
      throw new Error("sync");
    }), /sync/);
    assert.equal(gate.inFlight, 0);
  });

  it("drains: refuses new calls at once, resolves when the last running call settles", async () => {
    const gate = new CallGate(5, () => {});
    const a = deferred();
    const b = deferred();
    void gate.run(() => a.promise);
    void gate.run(() => b.promise).catch(() => {});
    let drained = false;
    const draining = gate.drain().then(() => (drained = true));
    const refused = (await gate.run(async () => "late")) as ToolResult;
    assert.equal(refused.isError, true);
    assert.match((refused.content[0] as { text: string }).text, /shutting down/);
    a.resolve("a");
    await new Promise((r) => setImmediate(r));
    assert.equal(drained, false);
    b.reject(new Error("x"));
    await draining;
    assert.equal(drained, true);
    assert.equal(await new CallGate(1, () => {}).drain(), undefined);
  });
});
