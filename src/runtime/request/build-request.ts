/**
 * Turns one tool call into one HTTP request, purely: no I/O, no credentials (auth is applied later by
 * the caller). Arguments are assumed validated against the tool's input schema; unknown ones are
 * ignored. Anything unsafe to send is refused with a RequestBuildError that names the argument.
 */
import { bodyKind, encodeBody } from "./encode-body.js";
import { expandPathTemplate, joinUrl, type PathValue } from "./encode-path.js";
import { RequestBuildError } from "./request-build-error.js";
import { serializeParameter } from "./serialize-parameter.js";
import { SERVER_OWNED_HEADERS } from "./server-owned-headers.js";
import type { ArgumentBinding, BodyTarget, ParameterTarget, ToolDefinition } from "../core/tool-definition.js";

export { RequestBuildError, type RequestBuildErrorCode } from "./request-build-error.js";

/** A request ready for `fetch`: absolute URL, header values validated, body encoded. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** OAS 3.1: header parameters named Accept or Content-Type "SHALL be ignored" (Authorization is refused above). */
const IGNORED_HEADERS = new Set(["accept", "content-type"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Controls other than HTAB (which includes CR, LF, NUL), DEL, and anything fetch cannot send as a ByteString. */
export const BAD_HEADER_CHAR = /[\u0000-\u0008\u000A-\u001F\u007F]|[^\u0000-\u00FF]/;

function isOwn(args: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(args, name);
}

/** The value sent for a binding: fixedValue always wins; defaultValue fills an omitted argument. */
function resolveValue(binding: ArgumentBinding, args: Record<string, unknown>): unknown {
  if (binding.fixedValue !== undefined) return binding.fixedValue;
  // A hidden argument belongs to the server's configuration: whatever the model sends for it is never used.
  if (binding.hidden === true) return binding.defaultValue;
  const given = isOwn(args, binding.argument) ? args[binding.argument] : undefined;
  return given === undefined ? binding.defaultValue : given;
}

/** Checks a header name and value; throws RequestBuildError naming `argument`. */
export function assertSafeHeader(name: string, value: string, argument?: string): void {
  if (!TOKEN.test(name)) throw new RequestBuildError("invalid_header", `"${name}" is not a valid HTTP header name`, argument);
  const bad = BAD_HEADER_CHAR.exec(value);
  if (bad !== null) {
    const code = bad[0].charCodeAt(0);
    const names: Record<number, string> = { 0x0d: "CR", 0x0a: "LF", 0x00: "NUL" };
    const what = names[code] ?? (code > 0xff ? "non-Latin-1 text" : `control character U+${code.toString(16).padStart(4, "0")}`);
    throw new RequestBuildError("invalid_header", `header "${name}" value must not contain ${what}`, argument);
  }
}

/** Options for {@link buildRequest}. */
export interface BuildRequestOptions {
  /**
   * The base URL came from the operator (`--base-url`, `OPENAPI_MCP_BASE_URL`): it replaces every
   * server, the tool's own `serverUrl` included (Stripe's uploads server, a curation tool `baseUrl`).
   */
  replaceServers?: boolean;
}

function resolveBaseUrl(tool: ToolDefinition, baseUrl: string, options: BuildRequestOptions): string {
  const serverUrl = tool.http.serverUrl;
  if (serverUrl === undefined || options.replaceServers === true) return baseUrl;
  try {
    return new URL(serverUrl, baseUrl).href;
  } catch {
    return serverUrl; // joinUrl reports it
  }
}

function isBodyTarget(target: ParameterTarget | BodyTarget): target is BodyTarget {
  return target.in === "body";
}

/**
 * Assembles the body value, or `undefined` when no body is sent. Property arguments fill an object;
 * an argument without `property` is the whole body. A `null` whole body counts as omitted, as for
 * parameters; `null` properties are kept (JSON bodies send them, form and multipart skip them).
 */
function assembleBody(tool: ToolDefinition, args: Record<string, unknown>): { value: unknown } | undefined {
  const spec = tool.http.body;
  if (spec === undefined) return undefined;
  const bindings = tool.http.arguments.filter((b): b is ArgumentBinding & { target: BodyTarget } => isBodyTarget(b.target));
  const whole = bindings.find((b) => b.target.property === undefined);
  const wholeValue = whole === undefined ? undefined : resolveValue(whole, args);
  const properties: Array<[string, unknown]> = [];
  for (const binding of bindings) {
    const property = binding.target.property;
    const resolved = resolveValue(binding, args);
    if (property !== undefined && resolved !== undefined) properties.push([property, resolved]);
  }
  if ((wholeValue === undefined || wholeValue === null) && properties.length === 0) {
    if (!spec.required) return undefined;
    if (whole !== undefined) throw new RequestBuildError("missing_body", "the request body is required", whole.argument);
    return { value: {} };
  }
  if (properties.length === 0) return { value: wholeValue };
  if (wholeValue !== undefined && wholeValue !== null && (typeof wholeValue !== "object" || Array.isArray(wholeValue))) {
    throw new RequestBuildError("invalid_value", "must be an object when body properties are also given", whole?.argument);
  }
  const merged: Record<string, unknown> = { ...(wholeValue as Record<string, unknown> | null | undefined) };
  for (const [property, value] of properties) {
    // defineProperty: a plain assignment to "__proto__" would set the prototype instead of a field.
    Object.defineProperty(merged, property, { value, enumerable: true, writable: true, configurable: true });
  }
  return { value: merged };
}

/** `null`, `[]` and `{}`: values every style serialises to nothing (RFC 6570 §2.3 "undefined"). */
function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/**
 * Builds the HTTP request for a tool call (https://spec.openapis.org/oas/v3.1.0#operation-object).
 * `baseUrl` is the API's server URL; the operation's `serverUrl`, when set, overrides it (resolved
 * against `baseUrl` if relative) unless `options.replaceServers` says the base URL is the operator's.
 * Query pairs keep binding order; cookie parameters become one `Cookie` header; the body is encoded
 * by its media type, with Content-Type set to match — and no Content-Type without a body. A required
 * query, header or cookie argument whose value sends nothing (`null`, `[]`, `{}`) is refused: the
 * request would be one the API must reject.
 */
export function buildRequest(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  baseUrl: string,
  options: BuildRequestOptions = {},
): BuiltRequest {
  const pathValues = new Map<string, PathValue>();
  const query: string[] = [];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const binding of tool.http.arguments) {
    const target = binding.target;
    if (isBodyTarget(target)) continue;
    const value = resolveValue(binding, args);
    const serialized = serializeParameter(target, value);
    if (binding.required && target.in !== "path" && (isEmptyValue(value) || (serialized?.in === "query" && serialized.pairs.length === 0))) {
      const shown = value === undefined ? "missing" : `${JSON.stringify(value)}, which sends nothing`;
      throw new RequestBuildError("missing_parameter", `${target.in} parameter "${target.name}" is required but is ${shown}; give it a value`, binding.argument);
    }
    if (target.in === "path") {
      const value = serialized?.in === "path" ? { value: serialized.value } : {};
      pathValues.set(target.name, { argument: binding.argument, ...value });
    }
    if (serialized === undefined) continue;
    if (serialized.in === "query") query.push(...serialized.pairs);
    if (serialized.in === "cookie") cookies.push(...serialized.pairs);
    if (serialized.in === "header") {
      const lower = serialized.name.toLowerCase();
      if (IGNORED_HEADERS.has(lower)) continue;
      if (SERVER_OWNED_HEADERS.has(lower)) {
        throw new RequestBuildError("forbidden_header", `cannot set the "${serialized.name}" header`, binding.argument);
      }
      assertSafeHeader(serialized.name, serialized.value, binding.argument);
      headers[serialized.name] = serialized.value;
    }
  }
  if (cookies.length > 0) headers["Cookie"] = cookies.join("; ");
  const path = expandPathTemplate(tool.http.path, pathValues);
  const url = joinUrl(resolveBaseUrl(tool, baseUrl, options), path, query);
  const request: BuiltRequest = { method: tool.http.method, url, headers };
  const body = assembleBody(tool, args);
  if (body !== undefined && tool.http.body !== undefined) {
    const bodyArguments = new Map<string | undefined, string>();
    for (const binding of tool.http.arguments) {
      if (isBodyTarget(binding.target)) bodyArguments.set(binding.target.property, binding.argument);
    }
    const encoded = encodeBody(tool.http.body, body.value, { argumentFor: (property) => bodyArguments.get(property) });
    // An optional form body whose fields all encode to nothing (`{}`, only nulls) is no body at all.
    if (encoded.body === "" && !tool.http.body.required && bodyKind(tool.http.body.contentType) === "form") return request;
    assertSafeHeader("Content-Type", encoded.contentType);
    headers["Content-Type"] = encoded.contentType;
    request.body = encoded.body;
  }
  return request;
}
