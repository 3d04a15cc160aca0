/**
 * Upstream response → tool result, within the tool's budget: JSON as compact JSON (truncated
 * JSON-aware, still valid), text cut with a marker, images as image content when they fit, other
 * binary as a short description, empty bodies as a short success line. A non-2xx answer becomes
 * an error result with status, method, path, a short excerpt and whether retrying may help.
 *
 * Secrets: the body text is redacted BEFORE anything is cut from it (an excerpt or a truncation that
 * ends inside a secret would leave a prefix no pattern recognises), and in its raw form, where JSON
 * escapes such as `\/` still stand. Upstream header text never reaches the model: `Retry-After` is
 * reported as the number of seconds it parses to (it is a prompt-injection channel otherwise).
 */
import type { UpstreamResponse } from "../upstream/send-request.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { errorResult, markRedacted, textResult, type ToolResult } from "../core/tool-results.js";
import { parseRetryAfter } from "../upstream/retry-policy.js";
import { isJsonBytes } from "./json-validity.js";
import { jsonTextResult } from "./raw-text.js";
import { CHARS_PER_TOKEN, truncateJson, truncateText } from "./truncate.js";
import { availableFields, selectFields } from "./select-fields.js";
import type { JsonValue } from "../core/tool-definition.js";

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The environment variable that raises the read cap, named when a body is cut at it. */
export const MAX_RESPONSE_BYTES_SETTING = "OPENAPI_MCP_MAX_RESPONSE_BYTES";

function unchanged(text: string): string {
  return text;
}

/**
 * Shapes a response for the model. `redact` removes configured secrets; it runs on the whole body
 * text before any cut. A body cut at the read cap (`truncatedBody`) is an error result: what the
 * model would see is not the upstream's answer but its first N bytes.
 */
export function shapeResponse(
  tool: ToolDefinition,
  response: UpstreamResponse,
  redact: (text: string) => string = unchanged,
  fields?: string[],
): ToolResult {
  const { status } = response;
  const label = `${tool.http.method} ${tool.http.path}`;
  if (status >= 300 && status < 400) {
    const where = response.headers.location ? ` to ${originOf(response.headers.location)}` : "";
    return errorResult(`HTTP ${status} from ${label}: the API redirected${where}, which is not followed (only same-origin redirects are, and credentials never leave the API's origin).`);
  }
  if (status < 200 || status >= 300) return upstreamErrorResult(label, response, redact);
  if (response.truncatedBody) return readLimitResult(label, response);
  const maxChars = tool.policy.maxResponseTokens * CHARS_PER_TOKEN;
  const type = (response.headers["content-type"] ?? "").toLowerCase();
  if (response.body.length === 0) {
    return textResult(`HTTP ${status}${status === 204 ? " No Content" : ""}: ${label} succeeded with an empty body.`);
  }
  if (isJson(type) || (type === "" && looksLikeJson(response.body))) {
    const decoded = response.body.toString("utf8");
    const body = redact(decoded);
    // Fast path: a compact JSON body that fits the budget goes out as it came (not re-serialised),
    // unless an output schema needs the value. A final newline does not count; pretty-printed JSON
    // is compacted, as its whitespace would cost the model tokens. Only validity is needed here, and
    // the byte scan decides it without building the value (JSON.parse was most of a large call's
    // CPU); when redaction changed the text, the changed text is what goes out, so that is parsed.
    const selecting = fields !== undefined && fields.length > 0;
    if (!selecting && !tool.outputSchema && body.length <= maxChars && isCompact(body)) {
      // The text is the redacted body itself: marked, so the final pass does not scan it again.
      if (body !== decoded) return parsesAsJson(body) ? markRedacted(textResult(body.trimEnd())) : notJsonResult(status, label, body);
      if (!isJsonBytes(response.body)) return notJsonResult(status, label, body);
      // Unchanged by redaction: the answer can be written from the body's bytes (raw-text.ts).
      return markRedacted(jsonTextResult(body.trimEnd(), response.body));
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return notJsonResult(status, label, body);
    }
    // Fields are chosen before the budget is applied, so the selection is what gets to fill it.
    const chosen = selecting ? withFieldReport(value as JsonValue, fields) : value;
    const shaped = truncateJson(chosen, maxChars, {
      pagingArguments: tool.pagingArguments,
      ...(tool.resultFields === undefined ? {} : { fields: { argument: tool.resultFields, available: () => availableFields(value) } }),
    });
    return textResult(shaped.text, structured(tool, shaped.value));
  }
  if (type.startsWith("image/")) {
    const data = response.body.toString("base64");
    // Image data is not text the redactor sees later: an "image" that carries a secret is not sent.
    if (redact(data) !== data) return errorResult(`HTTP ${status}: ${label} returned ${type} data holding a configured secret; it is not shown.`);
    if (data.length <= maxChars) return { content: [{ type: "image", data, mimeType: type.split(";")[0]! }] };
    return textResult(`HTTP ${status}: ${label} returned an image (${type}, ${response.body.length} bytes), larger than this tool's response budget.`);
  }
  // A prefix of the redacted text and a note of ours: marked, so the final pass does not scan it again.
  if (isText(type)) return markRedacted(textResult(truncateText(redact(response.body.toString("utf8")), maxChars).text));
  return textResult(`HTTP ${status}: ${label} returned ${type || "binary data"} (${response.body.length} bytes), not shown.`);
}

/** A body declared (or sniffed as) JSON that is not: an error, never the body passed off as JSON (issue 9, defect 6). */
function notJsonResult(status: number, label: string, body: string): ToolResult {
  return errorResult(`HTTP ${status} from ${label} declared JSON but the body does not parse: ${excerpt(body)}`);
}

/** A 2xx body longer than the read cap: not a success, since only its first bytes were read. */
function readLimitResult(label: string, response: UpstreamResponse): ToolResult {
  return errorResult(
    `HTTP ${response.status} from ${label}: the response is larger than the ${response.body.length}-byte read limit ` +
      `(${MAX_RESPONSE_BYTES_SETTING}, counted after decompression) and was not read in full, so it is not shown. ` +
      "Narrow the request (filters, fields, smaller pages), or raise the limit in the server's environment.",
  );
}

/** The error result for a non-2xx answer; `redact` runs on the body before the excerpt is cut. */
export function upstreamErrorResult(label: string, response: UpstreamResponse, redact: (text: string) => string = unchanged): ToolResult {
  const { status } = response;
  const body = redact(response.body.toString("utf8"));
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
  const waitMs = parseRetryAfter(response.headers, Date.now());
  const retry = RETRYABLE.has(status)
    ? `Retrying later may help${waitMs !== undefined ? ` (the API asks to wait ${Math.ceil(waitMs / 1000)} s)` : ""}.`
    : status === 401 || status === 403
      ? "Retrying will not help: check the server's credentials configuration."
      : "Retrying the same call will not help; change the arguments.";
  const notRetried = response.notRetried === undefined ? "" : ` (${response.notRetried}.)`;
  // The API's own sentence may end with a full stop already ("…possible causes."): do not double it.
  const sentence = detail.replace(/\.+$/, "");
  return errorResult(`HTTP ${status} from ${label}${sentence ? `: ${sentence}` : ""}. ${retry}${notRetried}`);
}

/**
 * The selected fields; paths that matched nothing are named beside the data under `_fields`, with
 * the fields the answer does have (a top-level array is wrapped as `{"items": […]}` to make room,
 * as truncation does).
 */
function withFieldReport(value: JsonValue, fields: string[]): JsonValue {
  const selection = selectFields(value, fields);
  if (selection.missing.length === 0) return selection.value;
  const report = { missing: selection.missing, available: availableFields(value), note: "These paths matched nothing in the answer; available lists the fields it has." };
  if (Array.isArray(selection.value) || selection.value === null || typeof selection.value !== "object") return { items: selection.value, _fields: report };
  return { ...selection.value, _fields: report };
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

/** No line break before the final one: compact JSON, or JSON with a trailing newline. */
function isCompact(body: string): boolean {
  const newline = body.indexOf("\n");
  return newline === -1 || body.slice(newline).trim() === "";
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
