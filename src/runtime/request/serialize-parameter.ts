/**
 * Parameter serialisation per the OpenAPI style table
 * (https://spec.openapis.org/oas/v3.1.0#style-values, #style-examples), which follows RFC 6570 for
 * matrix, label, simple and form. One deliberate departure from the 3.1.0 table: `label` with
 * `explode: false` joins with commas (`.blue,black,brown`), as RFC 6570 §3.2.5 defines it and as
 * OAS 3.1.1 corrected the table. Combinations the table marks n/a fall back to the location's
 * default style (documented on each function).
 */
import type { ParameterStyle, ParameterTarget } from "../core/tool-definition.js";
import {
  encodeAllowReserved,
  encodeCookieName,
  encodeCookieValue,
  encodeQueryName,
  encodeUnreserved,
} from "../core/percent-encode.js";

/** A parameter ready for the request: already encoded for where it goes. */
export type SerializedParameter =
  /** The text that replaces `{name}` in the path template. */
  | { in: "path"; name: string; value: string }
  /** `name=value` pairs, each already percent-encoded, to be joined with `&`. */
  | { in: "query"; pairs: string[] }
  /** A header value: simple style, not percent-encoded (validated by the request builder). */
  | { in: "header"; name: string; value: string }
  /** `name=value` cookie pairs, to be joined with `; ` into one Cookie header. */
  | { in: "cookie"; pairs: string[] };

/** A value reduced to what the styles can express: nested values inside it are JSON text. */
type Shape =
  | { kind: "primitive"; value: string }
  | { kind: "array"; items: string[] }
  | { kind: "object"; entries: Array<[string, string]> };

/** RFC 6570 §3.2 operator behaviour: prefix, separator, named (`k=v`), and the text for empty values. */
interface Operator {
  first: string;
  sep: string;
  named: boolean;
  ifEmpty: string;
}

const OPERATORS = {
  simple: { first: "", sep: ",", named: false, ifEmpty: "" },
  label: { first: ".", sep: ".", named: false, ifEmpty: "" },
  matrix: { first: ";", sep: ";", named: true, ifEmpty: "" },
} satisfies Record<string, Operator>;

function scalarText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

function toShape(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: "array", items: value.filter(isPresent).map(scalarText) };
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => isPresent(v));
    return { kind: "object", entries: entries.map(([k, v]) => [k, scalarText(v)]) };
  }
  return { kind: "primitive", value: scalarText(value) };
}

function isUndefinedShape(shape: Shape): boolean {
  // RFC 6570 §2.3: an empty list or empty associative array counts as undefined (nothing is emitted).
  return (shape.kind === "array" && shape.items.length === 0) || (shape.kind === "object" && shape.entries.length === 0);
}

/** RFC 6570 expansion of one variable; `encode` applies to names, keys and values, never to delimiters. */
function expand(op: Operator, name: string, shape: Shape, explode: boolean, encode: (s: string) => string): string {
  if (isUndefinedShape(shape)) return "";
  const n = encode(name);
  const named = (text: string, raw: string): string => (raw === "" ? `${text}${op.ifEmpty}` : `${text}=${encode(raw)}`);
  switch (shape.kind) {
    case "primitive":
      return op.first + (op.named ? named(n, shape.value) : encode(shape.value));
    case "array":
      if (explode) return op.first + shape.items.map((v) => (op.named ? named(n, v) : encode(v))).join(op.sep);
      return op.first + (op.named ? `${n}=` : "") + shape.items.map(encode).join(",");
    case "object":
      if (explode) {
        const pairs = shape.entries.map(([k, v]) => (op.named ? named(encode(k), v) : `${encode(k)}=${encode(v)}`));
        return op.first + pairs.join(op.sep);
      }
      return op.first + (op.named ? `${n}=` : "") + shape.entries.flatMap(([k, v]) => [encode(k), encode(v)]).join(",");
  }
}

/** Form style (RFC 6570 `{?x}` / `{?x*}`) as separate `name=value` pairs. */
function formPairs(
  name: string,
  shape: Shape,
  explode: boolean,
  encodeName: (s: string) => string,
  encodeValue: (s: string) => string,
): string[] {
  if (isUndefinedShape(shape)) return [];
  const n = encodeName(name);
  if (shape.kind === "primitive") return [`${n}=${encodeValue(shape.value)}`];
  if (shape.kind === "array") {
    if (explode) return shape.items.map((v) => `${n}=${encodeValue(v)}`);
    return [`${n}=${shape.items.map(encodeValue).join(",")}`];
  }
  if (explode) return shape.entries.map(([k, v]) => `${encodeName(k)}=${encodeValue(v)}`);
  return [`${n}=${shape.entries.flatMap(([k, v]) => [encodeValue(k), encodeValue(v)]).join(",")}`];
}

/**
 * deepObject all the way down, as Rails, PHP, `qs` (`arrayFormat: "indices"`) and Stripe parse it:
 * objects nest brackets (`metadata[key]=v`, `line_items[0][price_data][currency]=usd`), arrays take
 * their index (`expand[0]=a&expand[1]=b`), and a primitive is sent under the name itself
 * (`created=5` for an `anyOf: [range object, integer]`). The OAS defines deepObject for one level of
 * object only; deeper values are left "undefined" by the spec, and this is the de facto reading.
 * `null` and `undefined` members are skipped; an empty array or object sends nothing.
 */
export function deepObjectPairs(prefix: string, value: unknown, encodeValue: (s: string) => string): string[] {
  return deepObjectEntries(prefix, value, encodeUnreserved).map(([name, text]) => `${name}=${encodeValue(text)}`);
}

/**
 * The `[name, value]` entries of {@link deepObjectPairs} before the values are encoded; `encodeKey`
 * applies to each object key (multipart part names need none). Also used for multipart fields.
 */
export function deepObjectEntries(prefix: string, value: unknown, encodeKey: (s: string) => string): Array<[string, string]> {
  if (!isPresent(value)) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => deepObjectEntries(`${prefix}[${index}]`, item, encodeKey));
  if (typeof value === "object") {
    return Object.entries(value as object).flatMap(([key, item]) => deepObjectEntries(`${prefix}[${encodeKey(key)}]`, item, encodeKey));
  }
  return [[prefix, scalarText(value)]];
}

/** Joiners of the delimited styles, already percent-encoded (`tabDelimited` is Swagger 2.0's `tsv`). */
const DELIMITERS: Partial<Record<ParameterStyle, string>> = { spaceDelimited: "%20", pipeDelimited: "|", tabDelimited: "%09" };

/** Style and explode for a query-like value (query parameters and form-body properties). */
export interface QueryStyle {
  style: ParameterStyle;
  explode: boolean;
  allowReserved: boolean;
}

/**
 * Serialises a query value into encoded `name=value` pairs (form, spaceDelimited, pipeDelimited,
 * tabDelimited, deepObject; deepObject as {@link deepObjectPairs}). Styles not defined for the query
 * (matrix, label, simple) and the delimited styles with primitives or `explode: true` fall back to form.
 */
export function serializeQueryValue(name: string, value: unknown, { style, explode, allowReserved }: QueryStyle): string[] {
  const encodeValue = allowReserved ? encodeAllowReserved : encodeUnreserved;
  if (style === "deepObject") return deepObjectPairs(encodeQueryName(name), value, encodeValue);
  const shape = toShape(value);
  if (DELIMITERS[style] !== undefined && !explode && shape.kind !== "primitive") {
    if (isUndefinedShape(shape)) return [];
    const delimiter = DELIMITERS[style] ?? ",";
    const parts = shape.kind === "array" ? shape.items : shape.entries.flat();
    return [`${encodeQueryName(name)}=${parts.map(encodeValue).join(delimiter)}`];
  }
  return formPairs(name, shape, explode, encodeQueryName, encodeValue);
}

/** Path value: matrix, label or simple (any other style is treated as simple); fully percent-encoded. */
export function serializePathValue(name: string, value: unknown, style: ParameterStyle, explode: boolean): string {
  const op = style === "matrix" || style === "label" ? OPERATORS[style] : OPERATORS.simple;
  return expand(op, name, toShape(value), explode, encodeUnreserved);
}

/** Header value: simple style whatever the declared style, no percent-encoding (RFC 9110 field values). */
export function serializeHeaderValue(value: unknown, explode: boolean): string {
  return expand(OPERATORS.simple, "", toShape(value), explode, (s) => s);
}

/**
 * Cookie pairs: form style whatever the declared style. Values are not percent-encoded beyond what the
 * Cookie header needs (see {@link encodeCookieValue}); the form delimiter `,` is sent literally.
 */
export function serializeCookieValue(name: string, value: unknown, explode: boolean): string[] {
  return formPairs(name, toShape(value), explode, encodeCookieName, encodeCookieValue);
}

function isJsonMediaType(contentType: string): boolean {
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return essence === "application/json" || essence.endsWith("+json");
}

/**
 * Serialises one parameter for its location (https://spec.openapis.org/oas/v3.1.0#parameter-object).
 * `null`/`undefined` → `undefined` (the parameter is omitted). With `contentType` (the `content` form)
 * the value becomes one string — JSON text for JSON media types or non-string values — then is encoded
 * for its location like a primitive.
 */
export function serializeParameter(target: ParameterTarget, value: unknown): SerializedParameter | undefined {
  if (!isPresent(value)) return undefined;
  let input = value;
  let style = target.style;
  if (target.contentType !== undefined) {
    input = typeof value === "string" && !isJsonMediaType(target.contentType) ? value : JSON.stringify(value);
    style = target.in === "query" || target.in === "cookie" ? "form" : "simple";
  }
  switch (target.in) {
    case "path":
      return { in: "path", name: target.name, value: serializePathValue(target.name, input, style, target.explode) };
    case "query": {
      const allowReserved = target.contentType === undefined && target.allowReserved;
      return { in: "query", pairs: serializeQueryValue(target.name, input, { style, explode: target.explode, allowReserved }) };
    }
    case "header":
      return { in: "header", name: target.name, value: serializeHeaderValue(input, target.explode) };
    case "cookie":
      return { in: "cookie", pairs: serializeCookieValue(target.name, input, target.explode) };
  }
}
