/**
 * Binary arguments. A model cannot send bytes, so file fields and binary bodies take base64 text
 * (standard or URL-safe alphabet, padding optional) or a data URL (RFC 2397,
 * `data:<mime>[;name=<file>][;base64],<data>`) whose media type and optional `name` are kept.
 */
import { Buffer } from "node:buffer";
import { RequestBuildError } from "./request-build-error.js";

/** Decoded binary content and what the data URL said about it. */
export interface BinaryContent {
  bytes: Uint8Array;
  /** The data URL's media type (with parameters other than `name`/`filename`/`base64`). */
  mediaType?: string;
  /** From a `name=` or `filename=` data URL parameter. */
  filename?: string;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function decodeBase64(text: string, argument: string | undefined): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.replace(/=+$/, "").length % 4 === 1) {
    throw new RequestBuildError("invalid_value", "expected base64 text or a data: URL (data:<mime>;base64,<data>)", argument);
  }
  return toBytes(Buffer.from(compact, "base64"));
}

function decodeDataUrl(url: string, argument: string | undefined): BinaryContent {
  const comma = url.indexOf(",");
  if (comma === -1) throw new RequestBuildError("invalid_value", "data: URL has no ',' before its content", argument);
  const params = url.slice("data:".length, comma).split(";").map((p) => p.trim());
  const payload = url.slice(comma + 1);
  const isBase64 = params.at(-1)?.toLowerCase() === "base64";
  const kept: string[] = [];
  let filename: string | undefined;
  for (const [index, param] of params.entries()) {
    const [key = "", ...rest] = param.split("=");
    const lower = key.toLowerCase();
    if (lower === "base64" && rest.length === 0) continue;
    if ((lower === "name" || lower === "filename") && rest.length > 0) filename = decodeURIComponentSafe(rest.join("="));
    else if (param !== "" && (index > 0 || param.includes("/"))) kept.push(param);
  }
  const bytes = isBase64 ? decodeBase64(payload, argument) : toBytes(Buffer.from(decodeURIComponentSafe(payload), "utf8"));
  const mediaType = kept.length > 0 && kept[0]?.includes("/") ? kept.join(";") : undefined;
  return { bytes, ...(mediaType === undefined ? {} : { mediaType }), ...(filename === undefined ? {} : { filename }) };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Decodes a binary argument: a `data:` URL, base64 text, or (for programmatic callers) bytes.
 * Anything else is a RequestBuildError naming `argument`.
 */
export function decodeBinary(value: unknown, argument?: string): BinaryContent {
  if (value instanceof Uint8Array) return { bytes: value };
  if (typeof value !== "string") {
    throw new RequestBuildError("invalid_value", "expected base64 text or a data: URL for binary content", argument);
  }
  const trimmed = value.trim();
  if (/^data:/i.test(trimmed)) return decodeDataUrl(trimmed, argument);
  return { bytes: decodeBase64(trimmed, argument) };
}
