/**
 * Path templating (https://spec.openapis.org/oas/v3.1.0#path-templating) and joining with the server
 * URL. Every substituted value is percent-encoded by the serialiser, and values that could walk out of
 * the API's base path (`''`, `.`, `..`, in any percent-encoding) are refused rather than sent.
 */
import { decodeOnce } from "../core/percent-encode.js";
import { RequestBuildError } from "./request-build-error.js";

/** One serialised path value and the tool argument it came from (for error messages). */
export interface PathValue {
  /** Already-encoded text that replaces `{name}`; absent when the argument was not given. */
  value?: string;
  argument?: string;
}

const PLACEHOLDER = /\{([^{}]+)\}/g;
/** Decoding rounds when looking for hidden dot-segments: covers servers or proxies that decode twice. */
const DECODE_ROUNDS = 3;

/**
 * True when `text`, decoded up to three times and split on `/` or `\`, contains a `.` or `..` segment.
 * Splitting matters because a server that decodes `%2F` before routing sees `a/../b` as three segments.
 */
export function hasDotSegment(text: string): boolean {
  // Without a `.` or a `%` no round can produce a dot segment (decoding leaves such text unchanged):
  // the common case, answered without the split and the decode (~4,500 instructions per call).
  if (!text.includes(".") && !text.includes("%")) return false;
  let current = text;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (current.split(/[/\\]/).some((piece) => piece === "." || piece === "..")) return true;
    const decoded = decodeOnce(current);
    if (decoded === current) return false;
    current = decoded;
  }
  return true; // still changing after several decodes: too suspicious to send
}

/**
 * Replaces each `{name}` in `template` with its encoded value. Refuses (RequestBuildError) a
 * placeholder with no value, a value that is empty or a dot-segment, and a result with a dot-segment.
 */
export function expandPathTemplate(template: string, values: ReadonlyMap<string, PathValue>): string {
  const path = template.replace(PLACEHOLDER, (_match, name: string) => {
    const entry = values.get(name);
    if (entry?.value === undefined) {
      const message = `path parameter "${name}" is required but has no value`;
      throw new RequestBuildError("missing_path_parameter", message, entry?.argument);
    }
    if (entry.value === "" || hasDotSegment(entry.value)) {
      const shown = entry.value === "" ? "an empty value" : `"${entry.value}"`;
      throw new RequestBuildError(
        "unsafe_path_segment",
        `path parameter "${name}" cannot be ${shown}: it would change which resource the path points to`,
        entry.argument,
      );
    }
    return entry.value;
  });
  if (path.split("?")[0]?.split("/").some((segment) => segment !== "" && hasDotSegment(segment))) {
    throw new RequestBuildError("unsafe_path_segment", `path "${path}" contains a "." or ".." segment`);
  }
  return path;
}

/**
 * Joins an absolute http(s) base URL, a path and encoded query pairs, keeping the base path
 * (`https://api.x.com/v3` + `/pet/1` → `https://api.x.com/v3/pet/1`, with or without trailing slash).
 * A query already on the base URL or the path template is kept, before `queryPairs`; a fragment or
 * user info on the base URL is dropped (fetch refuses URLs with credentials).
 */
export function joinUrl(baseUrl: string, path: string, queryPairs: readonly string[]): string {
  const base = parseBase(baseUrl);
  const queryAt = path.indexOf("?");
  const pathOnly = queryAt === -1 ? path : path.slice(0, queryAt);
  const pathQuery = queryAt === -1 ? "" : path.slice(queryAt + 1);
  const suffix = pathOnly.startsWith("/") ? pathOnly : `/${pathOnly}`;
  const query = [base.search, pathQuery, ...queryPairs].filter((part) => part !== "").join("&");
  return `${base.origin}${base.path}${suffix}${query === "" ? "" : `?${query}`}`;
}

interface ParsedBase {
  /** `scheme://host[:port]`. */
  origin: string;
  /** The base path without a trailing slash. */
  path: string;
  /** The base URL's own query, without `?`. */
  search: string;
}

/** A server has one or two base URLs; parsing them once spares a `new URL` on every call. */
const parsedBases = new Map<string, ParsedBase>();

function parseBase(baseUrl: string): ParsedBase {
  const cached = parsedBases.get(baseUrl);
  if (cached) return cached;
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new RequestBuildError("invalid_base_url", `server URL "${baseUrl}" is not an absolute URL; configure a base URL`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new RequestBuildError("invalid_base_url", `server URL "${baseUrl}" must use http or https`);
  }
  const parsed = { origin: `${base.protocol}//${base.host}`, path: base.pathname.replace(/\/+$/, ""), search: base.search.slice(1) };
  if (parsedBases.size >= 64) parsedBases.clear();
  parsedBases.set(baseUrl, parsed);
  return parsed;
}
