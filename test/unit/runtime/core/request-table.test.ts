import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { RequestTable } from "../../../../src/runtime/core/request-table.js";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;

interface Table {
  set(id: number, value: object): unknown;
  delete(id: number): unknown;
}

/**
 * Bytes that reach old space while `table` serves 200,000 requests, 50 at a time, each holding a
 * small object, with a young-generation collection every 500 requests — the pattern of calls in
 * flight under load. The table itself is made old first, as a server's table is.
 */
function promotedWhileChurning(table: Table): number {
  const oldSpace = (): number => getHeapSpaceStatistics().find((s) => s.space_name === "old_space")!.space_used_size;
  for (let i = 0; i < 50; i++) table.set(i, { i });
  collect();
  collect();
  const before = oldSpace();
  for (let i = 50; i < 200_000; i++) {
    table.set(i, { payload: new Array(30).fill(i) });
    table.delete(i - 50);
    if (i % 500 === 0) collect({ type: "minor" });
  }
  return oldSpace() - before;
}

describe("RequestTable", () => {
  it("keeps numeric and string ids apart, counts entries and forgets deleted ones", () => {
    const table = new RequestTable<string>();
    table.set(1, "number one");
    table.set("1", "string one");
    table.set(1, "number one again");
    assert.equal(table.size, 2);
    assert.equal(table.get(1), "number one again");
    assert.equal(table.get("1"), "string one");
    assert.equal(table.has(2), false);
    assert.equal(table.delete(1), true);
    assert.equal(table.delete(1), false);
    assert.equal(table.get(1), undefined);
    assert.equal(table.size, 1);
    assert.deepEqual(table.values(), ["string one"]);
  });

  it("takes ids that are not array indices, and ids named like Object.prototype's members", () => {
    const table = new RequestTable<number>();
    for (const [i, id] of [-1, 1.5, 2 ** 40, "constructor", "__proto__", "toString", ""].entries()) table.set(id, i);
    assert.equal(table.size, 7);
    assert.equal(table.get("__proto__"), 4);
    assert.equal(table.get(2 ** 40), 2);
    assert.equal(table.has("hasOwnProperty"), false);
    assert.deepEqual(table.values().sort(), [0, 1, 2, 3, 4, 5, 6]);
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get("constructor"), undefined);
  });

  it("lets finished requests die young, where a Map that churns promotes them (see request-table.ts)", () => {
    const map = promotedWhileChurning(new Map<number, object>());
    const table = promotedWhileChurning(new RequestTable<object>());
    // The control: on this V8 a churning Map promotes megabytes. If it stops doing so, V8 has
    // changed, and RequestTable may no longer be needed.
    assert.ok(map > 4_000_000, `a churning Map promoted ${map} bytes`);
    assert.ok(table < 1_000_000, `RequestTable promoted ${table} bytes; a Map ${map}`);
  });
});
