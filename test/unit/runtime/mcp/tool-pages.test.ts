import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createToolPages, TOOL_HARD_LIMIT_BYTES, ToolTooLargeError } from "../../../../src/runtime/mcp/tool-pages.js";
import type { McpTool } from "../../../../src/runtime/mcp/mcp-tool.js";

/** A tool whose JSON is about `bytes` long. */
function tool(name: string, bytes: number): McpTool {
  return { name, description: "x".repeat(Math.max(0, bytes - 80)), inputSchema: { type: "object" }, annotations: {} };
}

function follow(pages: ReturnType<typeof createToolPages>): McpTool[][] {
  const seen: McpTool[][] = [];
  let cursor: string | undefined;
  do {
    const page = pages.pageFor(cursor);
    assert.ok(page, `cursor ${cursor} opens a page`);
    seen.push(page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return seen;
}

describe("tools/list pages", () => {
  it("following nextCursor from the start yields every tool once, in order, each page within the budget", () => {
    const tools = Array.from({ length: 50 }, (_, i) => tool(`t${i}`, 1000 + i * 37));
    const pages = createToolPages(tools, 8 * 1024);
    const seen = follow(pages);
    assert.ok(seen.length > 5, "50 tools of ~2 KB over an 8 KiB budget need several pages");
    assert.deepEqual(seen.flat().map((t) => t.name), tools.map((t) => t.name));
    for (const page of seen) assert.ok(Buffer.byteLength(JSON.stringify(page)) <= 8 * 1024, "a page's tools stay within the budget");
    assert.equal(pages.pages.at(-1)!.nextCursor, undefined, "the last page has no cursor");
  });

  it("a single tool over the budget gets a page of its own", () => {
    const pages = createToolPages([tool("a", 500), tool("huge", 5000), tool("b", 500)], 2000);
    assert.deepEqual(follow(pages).map((p) => p.map((t) => t.name)), [["a"], ["huge"], ["b"]]);
  });

  it("fits in one page without a cursor when the list is small, and an empty list is one empty page", () => {
    assert.deepEqual(createToolPages([tool("a", 300)], 1024).pages, [{ tools: [tool("a", 300)] }]);
    assert.deepEqual(createToolPages([], 1024).pages, [{ tools: [] }]);
  });

  it("refuses a cursor it did not issue, including one from a different listing", () => {
    const one = createToolPages([tool("a", 900), tool("b", 900)], 1024);
    const other = createToolPages([tool("c", 900), tool("d", 900)], 1024);
    const cursor = one.pages[0]!.nextCursor!;
    assert.equal(one.pageFor(cursor)!.tools[0]!.name, "b");
    assert.equal(other.pageFor(cursor), undefined, "same shape, different tools: the fingerprint differs");
    for (const bad of ["", "x", Buffer.from("zz:1").toString("base64url"), cursor + "A"]) assert.equal(one.pageFor(bad), undefined, bad);
  });

  it("a tool no client can be sent stops the start with its name and the fix", () => {
    assert.throws(() => createToolPages([tool("enormous", TOOL_HARD_LIMIT_BYTES + 10)], 1024), (error: unknown) => {
      assert.ok(error instanceof ToolTooLargeError);
      assert.match(error.message, /tool "enormous".*curation/);
      return true;
    });
  });
});
