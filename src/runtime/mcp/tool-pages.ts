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
  /**
   * False while tools are still to come (see later-tools.ts): `pages` are then only the pages
   * already complete, and a cursor past them may name a page that will exist.
   */
  complete: boolean;
  /** Finds the page a cursor names; undefined for a cursor this listing did not issue. */
  pageFor(cursor: string | undefined): ToolPage | undefined;
}

/**
 * A tool too large to list to any stock client; thrown at start-up (and printed as one line, like
 * any configuration error) so it is fixed by curation, not found by a client.
 */
export class ToolTooLargeError extends ServeConfigError {}

/** A tool's share of a page: its JSON's bytes, and one for the comma between array items. */
export function toolListingBytes(tool: McpTool): number {
  return Buffer.byteLength(JSON.stringify(tool)) + 1;
}

/**
 * Cuts `tools` into pages of at most `pageBytes` of tool JSON each (a lone larger tool fills a page).
 * Throws {@link ToolTooLargeError} for a tool over {@link TOOL_HARD_LIMIT_BYTES}.
 *
 * `names`, when longer than `tools`, is the whole listing's names while only its first tools are
 * here (later-tools.ts): the cursors are those of the whole listing, and only pages that the tools
 * here complete are cut, so each is exactly the page the whole listing will have.
 */
export function createToolPages(tools: McpTool[], pageBytes: number, names?: readonly string[]): ToolPages {
  const complete = names === undefined || names.length <= tools.length;
  const fingerprint = createHash("sha256").update((complete ? tools.map((t) => t.name) : names).join("\n")).update(String(pageBytes)).digest("base64url").slice(0, 12);
  const groups: McpTool[][] = [];
  let current: McpTool[] = [];
  let currentBytes = 0;
  for (const tool of tools) {
    // +1 for the comma between array items; the envelope around the page is a few hundred bytes.
    const bytes = toolListingBytes(tool);
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
  // Incomplete: the last group may still grow, so it is not a page yet.
  if (complete && (current.length > 0 || groups.length === 0)) groups.push(current);
  const cursorFor = (index: number): string => Buffer.from(`${fingerprint}:${index}`).toString("base64url");
  const pages: ToolPage[] = groups.map((group, index) => (index + 1 < groups.length || !complete ? { tools: group, nextCursor: cursorFor(index + 1) } : { tools: group }));
  const byCursor = new Map(pages.map((page, index) => [cursorFor(index), page]));
  return {
    pages,
    complete,
    pageFor: (cursor) => (cursor === undefined ? pages[0] : byCursor.get(cursor)),
  };
}
