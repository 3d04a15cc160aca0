/**
 * Tool results (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result):
 * successes, and errors the model can act on. Errors are results with `isError: true`, never
 * exceptions, so the model sees them and the server keeps serving.
 */

/** One content block of a tool result. */
export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "image"; data: string; mimeType: string };

/** A `tools/call` result. */
export interface ToolResult {
  [key: string]: unknown;
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A successful text result. */
export function textResult(text: string, structuredContent?: Record<string, unknown>): ToolResult {
  return { content: [{ type: "text", text }], ...(structuredContent ? { structuredContent } : {}) };
}

/** An error result: what went wrong and what to do about it. */
export function errorResult(text: string): ToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

/**
 * Marks a text block as holding text that already went through the redactor, so the last pass over
 * every result (invoke/invoke-tool.ts) need not scan it again: with secrets configured, one pass over
 * a 200 KB body costs ~115 µs per secret. The mark holds the text it vouches for, and counts only while
 * the block's `text` is still that text: a block rewritten after it was marked is scanned again. It
 * rides under a symbol, which `JSON.stringify` and `Object.keys` do not see.
 */
const REDACTED_TEXT = Symbol("openapi-mcp.redactedText");

type MarkedBlock = ContentBlock & { [REDACTED_TEXT]?: string };

/** Marks every text block of `result` as already redacted (see {@link isRedactedBlock}); returns `result`. */
export function markRedacted(result: ToolResult): ToolResult {
  for (const block of result.content) if (block.type === "text") (block as MarkedBlock)[REDACTED_TEXT] = block.text;
  return result;
}

/** Whether `block`'s current text is the text {@link markRedacted} saw. */
export function isRedactedBlock(block: ContentBlock): boolean {
  return block.type === "text" && (block as MarkedBlock)[REDACTED_TEXT] === block.text;
}
