/**
 * Exact token counts for `list`: the o200k_base encoding (GPT-4o and later; gpt-tokenizer's port of
 * OpenAI's tiktoken tables) applied to the very JSON a client receives in `tools/list`
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#listing-tools). It replaces
 * a 4-characters-per-token estimate that ran about 16% high on GitHub's spec. Other vendors' tokenizers
 * differ by a few percent; o200k is the one that can be computed offline and exactly.
 */
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { McpTool } from "../runtime/mcp/mcp-tool.js";

/** The tokenizer named in `list`'s output, so a figure can be reproduced. */
export const TOKENIZER_NAME = "o200k_base";

/** Tokens of one tool as it appears inside the `tools/list` result (its JSON, as sent). */
export function countToolTokens(tool: McpTool): number {
  return countTokens(JSON.stringify(tool));
}

/** Tokens of the whole `tools/list` result, `{"tools":[…]}`, exactly as a client receives it. */
export function countListTokens(tools: McpTool[]): number {
  return countTokens(JSON.stringify({ tools }));
}
