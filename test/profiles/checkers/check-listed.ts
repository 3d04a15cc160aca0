/**
 * One entry point over the four vendor checkers, for the tests and the corpus benchmark.
 */
import { checkAnthropicTool } from "./anthropic.js";
import { checkCursorTool } from "./cursor.js";
import { checkGeminiTool } from "./gemini.js";
import { checkOpenAiTool } from "./openai.js";
import type { ListedTool } from "./walk.js";

/** Problems of `tool` (as `tools/list` returns it) for `client`; `serverName` is the name Cursor prefixes. */
export function checkListedTool(client: "openai" | "gemini" | "anthropic" | "cursor", tool: ListedTool, serverName: string): string[] {
  switch (client) {
    case "openai":
      return checkOpenAiTool(tool);
    case "gemini":
      return checkGeminiTool(tool);
    case "anthropic":
      return checkAnthropicTool(tool);
    case "cursor":
      return checkCursorTool(tool, serverName);
  }
}
