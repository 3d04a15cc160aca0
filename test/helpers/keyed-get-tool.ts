/**
 * A bare GET tool that needs the `key` security scheme, for tests that drive the runtime
 * (prepareRuntime → invokeTool) against a loopback upstream, and the text a result carries.
 */
import type { ToolDefinition, ToolPolicy } from "../../src/runtime/core/tool-definition.js";
import type { ToolResult } from "../../src/runtime/core/tool-results.js";

/** A read-only GET of `path` with no arguments; `security: false` makes it need no credential. */
export function keyedGetTool(name: string, path: string, options: { security?: boolean; policy?: Partial<ToolPolicy> } = {}): ToolDefinition {
  return {
    name,
    description: name,
    inputSchema: { type: "object", properties: {} },
    annotations: { readOnlyHint: true },
    http: { method: "GET", path, arguments: [] },
    security: options.security === false ? [] : [{ key: [] }],
    policy: { timeoutMs: 5000, retries: 2, maxResponseTokens: 1000, ...options.policy },
    pagingArguments: [],
  };
}

/** Every text block of `result`, joined. */
export function resultText(result: ToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
}
