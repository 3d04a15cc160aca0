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
