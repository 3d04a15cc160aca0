/**
 * Recognises, with a few property reads, the HTTP requests our lean paths may answer without the
 * SDK's inbound classifier (`classifyInboundRequest`, the entry of `createMcpHandler`;
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http).
 *
 * The classifier zod-parses each body against several schemas and, for a 2026 request, validates
 * its `_meta` envelope: ~40 µs of CPU per request, as much as the rest of our front. The checks
 * here are deliberately narrower than what the SDK accepts, so that everything they pass is a
 * request the SDK would have served in the same way, and everything unusual still meets the SDK:
 *
 * - {@link plainModernRequest}: one JSON-RPC request object (no batch) of exactly the keys
 *   `jsonrpc` "2.0", a string or safe-integer `id`, `method` and `params`; a method with a lean
 *   answer (`tools/call`, `tools/list`, `server/discover`); `params` holding only that method's
 *   keys (`name`/`arguments`, `cursor` as a string); a `_meta` of only the three envelope keys,
 *   whose protocol version is exactly the revision we serve and which the SDK's own validator has
 *   accepted ({@link envelopeAccepted}); `Content-Type` JSON by the SDK's own test; and the
 *   `MCP-Protocol-Version`, `Mcp-Method` (and for `tools/call` `Mcp-Name`) headers present and
 *   byte-equal to what the body says — the checks the SDK runs after classifying.
 * - {@link plainLegacyRequest}: a request the classifier would route to the 2025 era without
 *   question: the same JSON-RPC shape, `params` absent or an object whose `_meta`, if any, holds at
 *   most a `progressToken` (no envelope claim), and no `MCP-Protocol-Version` header naming
 *   2026-07-28 or later. {@link isLeanLegacyListing} picks the ones with a lean answer.
 *
 * Over stdio there are no headers and no classifier, but the same body checks let the lane answer
 * the listing without the SDK's per-message schemas ({@link plainModernMessage},
 * {@link plainLegacyMessage}).
 *
 * test/integration/lean-differential.test.ts sends, for each condition, a request that fails it
 * alone, and holds the lean server's answer to the SDK path's byte for byte.
 */
import type { IncomingHttpHeaders } from "node:http";
import { classifyInboundRequest, isJsonContentType } from "@modelcontextprotocol/server";
import { MODERN_REVISION } from "./modern-answer.js";

/** A single JSON-RPC request the lean paths may answer. */
export interface PlainRequest {
  id: string | number;
  method: string;
  /** The request's params (an object), when it has any. */
  params: Record<string, unknown> | undefined;
}

const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
/**
 * The `_meta` keys a plain 2026 request may carry: the envelope's three, and W3C trace context
 * (strings; our tracing reads them, and the front adds them from HTTP headers), which neither the
 * envelope schema nor the dispatch schema constrains. Anything else (`progressToken`, a log
 * level, extension keys) is left to the SDK.
 */
const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION, CLIENT_INFO, CLIENT_CAPABILITIES]);
const TRACE_KEYS = new Set(["traceparent", "tracestate", "baggage"]);
const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);

/**
 * The `params` keys each lean 2026 method may carry besides `_meta` (anything else, such as the
 * retry channel's `inputResponses`/`requestState` on `tools/call`, is the SDK's to judge).
 */
const MODERN_PARAMS: Readonly<Record<string, ReadonlySet<string>>> = {
  "tools/call": new Set(["name", "arguments", "_meta"]),
  "tools/list": new Set(["cursor", "_meta"]),
  "server/discover": new Set(["_meta"]),
};

/** The `Mcp-Name` value the SDK decodes instead of comparing (SEP-2243's Base64 sentinel). */
const BASE64_SENTINEL = "=?base64?";

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The request's id, method and params when `parsed` is one JSON-RPC request of exactly the standard keys. */
function plainShape(parsed: unknown): PlainRequest | undefined {
  if (!isObject(parsed)) return undefined;
  for (const key in parsed) if (!REQUEST_KEYS.has(key)) return undefined;
  const { id, method, params } = parsed;
  if (parsed.jsonrpc !== "2.0" || typeof method !== "string" || !(typeof id === "string" || Number.isSafeInteger(id))) return undefined;
  if (params !== undefined && !isObject(params)) return undefined;
  return { id: id as string | number, method, params };
}

/**
 * The body half of {@link plainModernRequest}, without the envelope's verdict: a request of a
 * lean method whose params and `_meta` hold only what the lean answers read.
 */
function modernShape(parsed: unknown): PlainRequest | undefined {
  const request = plainShape(parsed);
  if (request === undefined) return undefined;
  const allowed = MODERN_PARAMS[request.method];
  const params = request.params;
  if (allowed === undefined || params === undefined) return undefined;
  for (const key in params) if (!allowed.has(key)) return undefined;
  if (request.method === "tools/call" ? typeof params.name !== "string" : params.cursor !== undefined && typeof params.cursor !== "string") return undefined;
  const meta = params._meta;
  if (!isObject(meta) || meta[PROTOCOL_VERSION] !== MODERN_REVISION) return undefined;
  for (const key in meta) {
    if (!ENVELOPE_KEYS.has(key) && !(TRACE_KEYS.has(key) && typeof meta[key] === "string")) return undefined;
  }
  return request;
}

/**
 * A plain 2026-07-28 message with a lean answer, judged on its body alone (stdio, where there are
 * no headers): see the file comment.
 */
export function plainModernMessage(parsed: unknown): PlainRequest | undefined {
  const request = modernShape(parsed);
  return request !== undefined && envelopeAccepted(request.params!._meta as Record<string, unknown>) ? request : undefined;
}

/** A plain 2026-07-28 HTTP request with a lean answer (see the file comment), else undefined. */
export function plainModernRequest(headers: IncomingHttpHeaders, parsed: unknown): PlainRequest | undefined {
  const request = modernShape(parsed);
  if (request === undefined) return undefined;
  if (headers["mcp-protocol-version"] !== MODERN_REVISION || headers["mcp-method"] !== request.method) return undefined;
  const params = request.params!;
  if (request.method === "tools/call") {
    const name = params.name as string;
    if (headers["mcp-name"] !== name || name.startsWith(BASE64_SENTINEL)) return undefined;
  }
  const contentType = headers["content-type"];
  if (contentType !== "application/json" && !isJsonContentType(contentType ?? null)) return undefined;
  return envelopeAccepted(params._meta as Record<string, unknown>) ? request : undefined;
}

/** A plain 2025-era message (see the file comment), judged on its body alone. */
export function plainLegacyMessage(parsed: unknown): PlainRequest | undefined {
  const request = plainShape(parsed);
  if (request === undefined) return undefined;
  const meta = request.params?._meta;
  if (meta !== undefined) {
    if (!isObject(meta)) return undefined;
    for (const key in meta) {
      const token = meta[key];
      if (key !== "progressToken" || !(typeof token === "string" || Number.isInteger(token))) return undefined;
    }
  }
  return request;
}

/** A plain 2025-era HTTP request (see the file comment), else undefined. */
export function plainLegacyRequest(headers: IncomingHttpHeaders, parsed: unknown): PlainRequest | undefined {
  const request = plainLegacyMessage(parsed);
  if (request === undefined) return undefined;
  const version = headers["mcp-protocol-version"];
  return typeof version !== "string" || version.trim() < MODERN_REVISION ? request : undefined;
}

/**
 * Whether a plain 2025-era request is one with a lean answer: `tools/list` whose params hold at
 * most a string `cursor` and `_meta`, or `ping` with at most `_meta` — what the SDK's 2025 schemas
 * for them read; anything more is the SDK's to judge.
 */
export function isLeanLegacyListing(request: PlainRequest): boolean {
  const params = request.params;
  if (request.method === "tools/list") {
    for (const key in params) if (key !== "cursor" && key !== "_meta") return false;
    return params?.cursor === undefined || typeof params.cursor === "string";
  }
  if (request.method === "ping") {
    for (const key in params) if (key !== "_meta") return false;
    return true;
  }
  return false;
}

/** One envelope the SDK has judged: its three keys' values (undefined when absent), and the verdict. */
interface Verdict {
  version: unknown;
  info: unknown;
  capabilities: unknown;
  accepted: boolean;
}

/** Envelopes the SDK has judged: a client sends the same one with every request, so a few suffice. */
const verdicts: Verdict[] = [];
/** Bounds on the memo: entries, and the JSON length of an envelope worth remembering. */
const MAX_VERDICTS = 16;
const MAX_ENVELOPE_CHARS = 4096;

/**
 * Whether the SDK's validator accepts the envelope keys of `meta` as a 2026-07-28 request
 * envelope — its own verdict (the classifier run once on a bare request carrying just those keys),
 * remembered for envelopes equal as JSON values (same keys in the same order, same scalars), which
 * the validator cannot tell apart. The trace keys beside them are strings the envelope schema
 * passes through unchecked. An envelope too long to remember, or new after the memo is full, is
 * judged anew each time: a memo hit is a few property reads, the classifier ~40 µs.
 */
export function envelopeAccepted(meta: Record<string, unknown>): boolean {
  const version = meta[PROTOCOL_VERSION];
  const info = meta[CLIENT_INFO];
  const capabilities = meta[CLIENT_CAPABILITIES];
  const infoPresent = CLIENT_INFO in meta;
  for (const known of verdicts) {
    if (sameJson(known.version, version) && (known.info === undefined ? !infoPresent : infoPresent && sameJson(known.info, info)) && sameJson(known.capabilities, capabilities)) return known.accepted;
  }
  const envelope: Record<string, unknown> = { [PROTOCOL_VERSION]: version, [CLIENT_CAPABILITIES]: capabilities };
  if (infoPresent) envelope[CLIENT_INFO] = info;
  const accepted = classifyInboundRequest({ httpMethod: "POST", body: { jsonrpc: "2.0", id: 0, method: "tools/list", params: { _meta: envelope } } }).kind === "modern";
  // Only envelopes whose every value is plain JSON are remembered (an absent client info is
  // remembered as absent; one present as undefined cannot come from a parsed body).
  if (verdicts.length < MAX_VERDICTS && (!infoPresent || info !== undefined) && (JSON.stringify(envelope)?.length ?? Infinity) <= MAX_ENVELOPE_CHARS) {
    verdicts.push({ version, info: infoPresent ? info : undefined, capabilities, accepted });
  }
  return accepted;
}

/** Equality of two JSON values (as `JSON.parse` makes them): same type, same scalars, same keys in the same order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i]!;
    if (key !== kb[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
