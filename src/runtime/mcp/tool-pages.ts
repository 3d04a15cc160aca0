/**
 * `tools/list` in pages (https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination):
 * the listing is cut once, at start-up, into pages whose tools' JSON stays within a byte budget,
 * and each page after the first is reached through an opaque cursor.
 *
 * Why bytes and not a tool count: tools vary from 200 bytes to megabytes (a Kubernetes spec's
 * 1,014 tools are 13 MiB, GitHub's 1,223 are 1.6 MiB as one message), and what breaks clients is
 * message size — the SDKs' stdio clients drop any message over 10 MiB, and a multi-megabyte
 * message stalls a client's event loop while it parses. A tool larger than the budget on its own
 * gets a page of its own; {@link TOOL_HARD_LIMIT_BYTES} refuses one that no client could read.
 *
 * The cursor names the page and a fingerprint of the listing, so a cursor from another listing
 * (another curation, another server) is refused as invalid params instead of silently paging
 * through a different list. Clients must treat it as opaque; nothing else about it is promised.
 */
import { createHash } from "node:crypto";
import { ServeConfigError } from "../core/serve-settings.js";
import type { McpTool } from "./mcp-tool.js";

/**
 * No single message may come near the 10 MiB the SDK stdio clients accept (their
 * `STDIO_DEFAULT_MAX_BUFFER_SIZE`): a tool whose listing alone is over this is not served.
 */
export const TOOL_HARD_LIMIT_BYTES = 4 * 1024 * 1024;

/** One page of the listing, as `tools/list` returns it (before any era's envelope fields). */
export interface ToolPage {
  tools: McpTool[];
  nextCursor?: string;
}

/** The listing, cut into pages, with the cursor that opens each. */
export interface ToolPages {
  pages: ToolPage[];
  /** Finds the page a cursor names; undefined for a cursor this listing did not issue. */
  pageFor(cursor: string | undefined): ToolPage | undefined;
}

/**
 * A tool too large to list to any stock client; thrown at start-up (and printed as one line, like
 * any configuration error) so it is fixed by curation, not found by a client.
 */
export class ToolTooLargeError extends ServeConfigError {}

/**
 * Cuts `tools` into pages of at most `pageBytes` of tool JSON each (a lone larger tool fills a page).
 * Throws {@link ToolTooLargeError} for a tool over {@link TOOL_HARD_LIMIT_BYTES}.
 */
export function createToolPages(tools: McpTool[], pageBytes: number): ToolPages {
  const fingerprint = createHash("sha256").update(tools.map((t) => t.name).join("\n")).update(String(pageBytes)).digest("base64url").slice(0, 12);
  const groups: McpTool[][] = [];
  let current: McpTool[] = [];
  let currentBytes = 0;
  for (const tool of tools) {
    // +1 for the comma between array items; the envelope around the page is a few hundred bytes.
    const bytes = Buffer.byteLength(JSON.stringify(tool)) + 1;
    if (bytes > TOOL_HARD_LIMIT_BYTES) {
      throw new ToolTooLargeError(
        `tool "${tool.name}": its listing is ${bytes} bytes, over the ${TOOL_HARD_LIMIT_BYTES} bytes any MCP client can be sent in one message; drop the tool or trim its input schema in the curation file`,
      );
    }
    if (current.length > 0 && currentBytes + bytes > pageBytes) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(tool);
    currentBytes += bytes;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  const cursorFor = (index: number): string => Buffer.from(`${fingerprint}:${index}`).toString("base64url");
  const pages: ToolPage[] = groups.map((group, index) => (index + 1 < groups.length ? { tools: group, nextCursor: cursorFor(index + 1) } : { tools: group }));
  const byCursor = new Map(pages.map((page, index) => [cursorFor(index), page]));
  return {
    pages,
    pageFor: (cursor) => (cursor === undefined ? pages[0] : byCursor.get(cursor)),
  };
}
