/**
 * Upstream response → tool result, within the tool's budget: JSON as compact JSON (truncated
 * JSON-aware, still valid), text cut with a marker, images as image content when they fit, other
 * binary as a short description, empty bodies as a short success line. A non-2xx answer becomes
 * an error result with status, method, path, a short excerpt and whether retrying may help.
 */
import type { UpstreamResponse } from "./send-request.js";
import type { ToolDefinition } from "./tool-definition.js";
import { errorResult, textResult, type ToolResult } from "./tool-results.js";
import { CHARS_PER_TOKEN, truncateJson, truncateText } from "./truncate.js";

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Shapes a response for the model. */
export function shapeResponse(tool: ToolDefinition, response: UpstreamResponse): ToolResult {
  const { status } = response;
  const label = `${tool.http.method} ${tool.http.path}`;
  if (status >= 300 && status < 400) {
    const where = response.headers.location ? ` to ${originOf(response.headers.location)}` : "";
    return errorResult(`HTTP ${status} from ${label}: the API redirected${where}, which is not followed (only same-origin redirects are, and credentials never leave the API's origin).`);
  }
  if (status < 200 || status >= 300) return upstreamErrorResult(label, response);
  const maxChars = tool.policy.maxResponseTokens * CHARS_PER_TOKEN;
  const type = (response.headers["content-type"] ?? "").toLowerCase();
  if (response.body.length === 0) {
    return textResult(`HTTP ${status}${status === 204 ? " No Content" : ""}: ${label} succeeded with an empty body.`);
  }
  const cut = response.truncatedBody ? " (the response was larger than the read limit and was cut)" : "";
  if (isJson(type) || (type === "" && looksLikeJson(response.body))) {
    // Fast path: a compact JSON body that fits the budget goes out as it came (no parse, no
    // re-serialise), unless an output schema needs the value. Pretty-printed JSON is still parsed
    // and compacted: its whitespace would cost the model tokens.
    if (!tool.outputSchema && !response.truncatedBody && response.body.length <= maxChars && response.body.indexOf(10) === -1) {
      return textResult(response.body.toString("utf8"));
    }
    let value: unknown;
    try {
      value = JSON.parse(response.body.toString("utf8"));
    } catch {
      const text = truncateText(response.body.toString("utf8"), maxChars).text;
      return response.truncatedBody
        ? textResult(`${text}\n[the JSON response was cut at the read limit${cut}]`)
        : errorResult(`HTTP ${status} from ${label} declared JSON but the body does not parse: ${excerpt(response.body.toString("utf8"))}`);
    }
    const shaped = truncateJson(value, maxChars, { pagingArguments: tool.pagingArguments });
    return textResult(shaped.text, structured(tool, shaped.value));
  }
  if (type.startsWith("image/")) {
    const data = response.body.toString("base64");
    if (data.length <= maxChars) return { content: [{ type: "image", data, mimeType: type.split(";")[0]! }] };
    return textResult(`HTTP ${status}: ${label} returned an image (${type}, ${response.body.length} bytes), larger than this tool's response budget.`);
  }
  if (isText(type)) return textResult(truncateText(response.body.toString("utf8"), maxChars).text + cut);
  return textResult(`HTTP ${status}: ${label} returned ${type || "binary data"} (${response.body.length} bytes${cut}), not shown.`);
}

/** The error result for a non-2xx answer. */
export function upstreamErrorResult(label: string, response: UpstreamResponse): ToolResult {
  const { status } = response;
  const body = response.body.toString("utf8");
  let detail = excerpt(body);
  const type = response.headers["content-type"] ?? "";
  if (type.includes("json")) {
    try {
      const problem = JSON.parse(body) as Record<string, unknown>;
      const parts = [problem.title, problem.detail, problem.message, problem.error_description]
        .filter((p): p is string => typeof p === "string" && p !== "");
      if (parts.length > 0) detail = excerpt([...new Set(parts)].join(": "));
    } catch {
      // Not JSON after all: the raw excerpt stands.
    }
  }
  const retry = RETRYABLE.has(status)
    ? `Retrying later may help${response.headers["retry-after"] ? ` (the API asks to wait ${response.headers["retry-after"]} s)` : ""}.`
    : status === 401 || status === 403
      ? "Retrying will not help: check the server's credentials configuration."
      : "Retrying the same call will not help; change the arguments.";
  return errorResult(`HTTP ${status} from ${label}${detail ? `: ${detail}` : ""}. ${retry}`);
}

function structured(tool: ToolDefinition, value: unknown): Record<string, unknown> | undefined {
  if (!tool.outputSchema) return undefined;
  if (Array.isArray(value)) return { items: value };
  if (value && typeof value === "object") return value as Record<string, unknown>;
  return undefined;
}

function isJson(type: string): boolean {
  return type.includes("/json") || type.includes("+json");
}

function isText(type: string): boolean {
  return type.startsWith("text/") || type.includes("xml") || type.includes("yaml") || type.includes("javascript") || type.includes("csv");
}

function looksLikeJson(body: Buffer): boolean {
  const first = body.subarray(0, 1).toString();
  return first === "{" || first === "[";
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "another location";
  }
}
