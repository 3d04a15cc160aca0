/**
 * Request bodies by media type (https://spec.openapis.org/oas/v3.1.0#request-body-object): JSON,
 * `application/x-www-form-urlencoded` and `multipart/form-data` honouring the Encoding Object
 * (https://spec.openapis.org/oas/v3.1.0#encoding-object), text, and binary from base64 or data URLs.
 */
import { decodeBinary } from "./decode-binary.js";
import { encodeMultipart, type MultipartPart } from "./encode-multipart.js";
import { encodeUnreserved } from "../core/percent-encode.js";
import { RequestBuildError } from "./request-build-error.js";
import { deepObjectEntries, serializeQueryValue } from "./serialize-parameter.js";
import type { BodyBinding, PropertyEncoding } from "../core/tool-definition.js";

/** How a media type is encoded. */
export type BodyKind = "json" | "form" | "multipart" | "text" | "binary";

/** An encoded body and the Content-Type header to send with it. */
export interface EncodedBody {
  body: Uint8Array | string;
  contentType: string;
}

/** Options for {@link encodeBody}. */
export interface EncodeBodyOptions {
  /** Maps a body property (or `undefined` for the whole body) to its tool argument, for error messages. */
  argumentFor?: (property: string | undefined) => string | undefined;
  /** Fixed multipart boundary, for tests. */
  boundary?: string;
}

const TEXT_APPLICATION_TYPES = new Set([
  "application/xml",
  "application/yaml",
  "application/x-yaml",
  "application/javascript",
  "application/graphql",
  "application/sql",
  "application/x-ndjson",
  "application/csv",
]);

function essenceOf(mediaType: string): string {
  return (mediaType.split(";")[0] ?? "").trim().toLowerCase();
}

/** True for `application/json` and any `+json` structured-syntax suffix (RFC 6839). */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = essenceOf(mediaType);
  return essence === "application/json" || essence.endsWith("+json");
}

/**
 * Classifies a media type. Wildcards: `*\/*` and `application/*` are sent as JSON, `text/*` as text,
 * any other `type/*` as binary.
 */
export function bodyKind(mediaType: string): BodyKind {
  const essence = essenceOf(mediaType);
  if (isJsonMediaType(essence) || essence === "*/*" || essence === "application/*") return "json";
  if (essence === "application/x-www-form-urlencoded") return "form";
  if (essence.startsWith("multipart/")) return "multipart";
  if (essence.startsWith("text/") || essence.endsWith("+xml") || TEXT_APPLICATION_TYPES.has(essence)) return "text";
  return "binary";
}

/** The first concrete type of an Encoding Object `contentType` (which may be a list or a wildcard). */
function concreteType(contentType: string | undefined): string | undefined {
  const first = contentType?.split(",")[0]?.trim();
  return first === undefined || first === "" || first.includes("*") ? undefined : first;
}

function textOf(value: unknown, argument: string | undefined, mediaType: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new RequestBuildError("invalid_value", `a ${essenceOf(mediaType)} body must be a string`, argument);
}

function asObject(value: unknown, argument: string | undefined, mediaType: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new RequestBuildError("invalid_value", `a ${essenceOf(mediaType)} body must be an object of fields`, argument);
}

function hasStyleFields(encoding: PropertyEncoding | undefined): boolean {
  return encoding?.style !== undefined || encoding?.explode !== undefined || encoding?.allowReserved !== undefined;
}

/** True for an object, or an array holding an object or array: values form style cannot express. */
function isNested(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === "object" && item !== null);
  return typeof value === "object" && value !== null;
}

/**
 * One form field as encoded pairs. Explicit style/explode/allowReserved win (the Encoding Object then
 * ignores contentType); else a JSON contentType sends JSON text. A field with no Encoding Object
 * (https://spec.openapis.org/oas/v3.1.0#encoding-object says form, explode true): primitives and
 * arrays of primitives follow that default (`tag=a&tag=b`); objects and arrays holding objects, which
 * form style would flatten into ambiguous top-level keys, nest brackets as deepObject does
 * (`address[city]=Paris`, `items[0][sku]=x`) — what Rails, PHP, `qs` and Stripe parse.
 */
function formFieldPairs(name: string, value: unknown, encoding: PropertyEncoding | undefined): string[] {
  if (!hasStyleFields(encoding) && encoding?.contentType !== undefined) {
    const asJson = isJsonMediaType(encoding.contentType) || typeof value === "object";
    const text = asJson ? JSON.stringify(value) : String(value);
    return [`${encodeUnreserved(name)}=${encodeUnreserved(text)}`];
  }
  const style = encoding?.style ?? (isNested(value) ? "deepObject" : "form");
  const explode = encoding?.explode ?? (style === "form" || style === "deepObject");
  return serializeQueryValue(name, value, { style, explode, allowReserved: encoding?.allowReserved ?? false });
}

function encodeForm(binding: BodyBinding, fields: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    pairs.push(...formFieldPairs(name, value, binding.encoding?.[name]));
  }
  return pairs.join("&");
}

/** `data:<type>[;params],<data>`: how a model passes a file (see decode-binary.ts). */
const DATA_URL = /^data:[^,]*,/i;

/** Parts for one multipart field: arrays take one part per element (OAS 3.1 multipart rules). */
function multipartFieldParts(binding: BodyBinding, name: string, value: unknown, argument: string | undefined): MultipartPart[] {
  const declared = binding.encoding?.[name]?.contentType;
  if (binding.binaryProperties?.includes(name)) {
    const files = Array.isArray(value) ? value : [value];
    return files.map((file) => {
      const content = decodeBinary(file, argument);
      const contentType = content.mediaType ?? concreteType(declared) ?? "application/octet-stream";
      return { name, filename: content.filename ?? name, contentType, data: content.bytes };
    });
  }
  if (typeof value === "string" && DATA_URL.test(value) && concreteType(declared) === undefined) {
    // A text field given a data: URL is a file the spec did not mark as binary (Stripe's `file` is a
    // plain string): a text part would lose its name and type, so it goes as a file part.
    const content = decodeBinary(value, argument);
    return [{ name, filename: content.filename ?? name, contentType: content.mediaType ?? "application/octet-stream", data: content.bytes }];
  }
  if (binding.encoding?.[name]?.style === "deepObject") {
    // OAS 3.1.1 applies style to multipart/form-data too: one text part per leaf, named as in a form
    // body (`file_link_data[create]`), which is what Stripe's own SDK sends.
    return deepObjectEntries(name, value, (key) => key).map(([part, text]) => ({ name: part, contentType: "text/plain; charset=utf-8", data: text }));
  }
  const explicit = concreteType(declared);
  if (explicit !== undefined) {
    const data = isJsonMediaType(explicit) ? JSON.stringify(value) : typeof value === "string" ? value : JSON.stringify(value);
    return [{ name, contentType: explicit, data }];
  }
  const items = Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : [value];
  return items.map((item) =>
    typeof item === "object"
      ? { name, contentType: "application/json", data: JSON.stringify(item) }
      : { name, contentType: "text/plain; charset=utf-8", data: String(item) },
  );
}

function encodeFormData(binding: BodyBinding, fields: Record<string, unknown>, options: EncodeBodyOptions): EncodedBody {
  const parts: MultipartPart[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    parts.push(...multipartFieldParts(binding, name, value, options.argumentFor?.(name)));
  }
  return encodeMultipart(parts, binding.contentType, options.boundary);
}

function encodeBinary(binding: BodyBinding, value: unknown, argument: string | undefined): EncodedBody {
  const content = decodeBinary(value, argument);
  // The declared type wins; a data URL's type is used only when the declared one is a wildcard.
  const contentType = binding.contentType.includes("*") ? (content.mediaType ?? "application/octet-stream") : binding.contentType;
  return { body: content.bytes, contentType };
}

/**
 * Encodes a request body for `binding.contentType`. `value` is the assembled body: an object of
 * fields for form (or a string of already-encoded form text) and multipart, any JSON value for JSON, a string for text, base64 or a data URL for
 * binary. Throws RequestBuildError for a value the media type cannot carry.
 */
export function encodeBody(binding: BodyBinding, value: unknown, options: EncodeBodyOptions = {}): EncodedBody {
  const wholeArgument = options.argumentFor?.(undefined);
  const essence = essenceOf(binding.contentType);
  switch (bodyKind(binding.contentType)) {
    case "json":
      return {
        body: JSON.stringify(value) ?? "null",
        contentType: essence.includes("*") ? "application/json" : binding.contentType,
      };
    case "form":
      // A string is already-encoded form text (a body schema of `type: string`): sent as is.
      if (typeof value === "string") return { body: value, contentType: binding.contentType };
      return { body: encodeForm(binding, asObject(value, wholeArgument, essence)), contentType: binding.contentType };
    case "multipart":
      return encodeFormData(binding, asObject(value, wholeArgument, essence), options);
    case "text":
      return {
        body: textOf(value, wholeArgument, essence),
        contentType: essence === "text/*" ? "text/plain" : binding.contentType,
      };
    case "binary":
      return encodeBinary(binding, value, wholeArgument);
  }
}

