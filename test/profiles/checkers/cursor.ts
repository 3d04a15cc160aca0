/**
 * Cursor's rules for MCP tools, written from https://docs.cursor.com/context/model-context-protocol
 * and its known limits: about 40 tools active at once; a tool's name together with its server's
 * name at most 60 characters; no unions (`anyOf`/`oneOf`/`allOf`), which the models behind it refuse.
 */
import { visitSchemas, type ListedTool } from "./walk.js";

export const CURSOR_MAX_TOOLS = 40;

/** Problems of one tool of server `serverName` in Cursor; empty when it passes. */
export function checkCursorTool(tool: ListedTool, serverName: string): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]+$/.test(tool.name)) problems.push(`name "${tool.name}" has characters beyond [A-Za-z0-9_-]`);
  if (serverName.length + tool.name.length > 60) problems.push(`server + tool name is ${serverName.length + tool.name.length} characters (limit 60)`);
  if (tool.inputSchema.type !== "object") problems.push("inputSchema is not type object");
  for (const { schema, at } of visitSchemas(tool.inputSchema)) {
    for (const k of ["anyOf", "oneOf", "allOf"]) if (schema[k] !== undefined) problems.push(`${at}: ${k} (a union)`);
  }
  return problems;
}
