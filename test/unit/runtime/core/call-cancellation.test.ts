import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallCancellation, type CancelSignal } from "../../../../src/runtime/core/call-cancellation.js";

describe("CallCancellation", () => {
  it("runs each listener once, in order, and records the reason", () => {
    const c = new CallCancellation();
    const heard: string[] = [];
    c.addEventListener("abort", () => heard.push("a"));
    c.addEventListener("abort", () => heard.push("b"));
    assert.equal(c.aborted, false);
    assert.equal(c.reason, undefined);
    c.cancel("stop");
    c.cancel("again");
    assert.equal(c.aborted, true);
    assert.equal(c.reason, "stop");
    assert.deepEqual(heard, ["a", "b"]);
  });
  it("a removed listener is not called; one added after cancellation never is", () => {
    const c = new CallCancellation();
    const heard: string[] = [];
    const removed = () => heard.push("removed");
    c.addEventListener("abort", removed);
    c.addEventListener("abort", () => heard.push("kept"));
    c.removeEventListener("abort", removed);
    c.removeEventListener("abort", () => {});
    c.cancel("x");
    c.addEventListener("abort", () => heard.push("late"));
    assert.deepEqual(heard, ["kept"]);
  });
  it("an AbortSignal satisfies the same interface", () => {
    const controller = new AbortController();
    const signal: CancelSignal = controller.signal;
    let heard = 0;
    signal.addEventListener("abort", () => heard++, { once: true });
    controller.abort();
    assert.equal(signal.aborted, true);
    assert.equal(heard, 1);
  });
});
