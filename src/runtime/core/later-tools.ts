/**
 * Tools that reach the server after it starts (`openapi-mcp serve` on a large spec without
 * curation): the server answers `initialize` and the first `tools/list` page from the tools it
 * has (or, earlier still, answers `initialize` before it has any, and the first page once they
 * come), while the rest are still being converted on another thread. Every tool's name is known from
 * the start, so the first page and its cursor are byte for byte what the whole list would give
 * (tool-pages.ts); a later page, or a call to a tool not yet here, waits for the rest.
 */
import type { ToolDefinition } from "./tool-definition.js";

/** The rest of a server's tools, promised at start. */
export interface LaterTools {
  /** Every tool's name in listing order: the definition's tools, then the later ones. */
  names: string[];
  /**
   * Set when the server starts before any tool is built (it answers `initialize` meanwhile, and the
   * definition holds no tools): the first tools, at least the first `tools/list` page's, which come
   * before `rest`. A rejection stops the server, as one of `rest` does.
   */
  first?: Promise<ToolDefinition[]>;
  /**
   * The later tools, in order, after the definition's own. A rejection (the rest could not be
   * built) stops the server with that error.
   */
  rest: Promise<ToolDefinition[]>;
  /**
   * Asks for the rest now. Building it waits for this (or for its own deadline), so that it does
   * not take the CPU from the first answer: the server calls it once it has handed out the first
   * page, or as soon as something needs the rest (a later page, a tool not yet here).
   */
  start?: () => void;
}
