/**
 * Converts one OpenAPI Schema Object that is not a `$ref` (Swagger 2.0, OpenAPI 3.0, 3.1, 3.2)
 * into JSON Schema 2020-12: keywords are normalised one by one, `allOf` is merged, `nullable` is
 * applied, and only whitelisted keywords are kept.
 * https://spec.openapis.org/oas/v3.0.3#schema-object, https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { mergeAllOf } from "./merge-all-of.js";
import { isRef } from "./resolve-ref.js";
import type { SchemaWalker } from "./schema-context.js";
import { childPointer, isPlainObject, typeList } from "./schema-json-value.js";
import {
  normaliseBoolean,
  normaliseCount,
  normaliseEnum,
  normaliseMultipleOf,
  normaliseNumber,
  normalisePattern,
  normaliseString,
  normaliseType,
  orderKeywords,
  type ReportQuirk,
} from "./schema-keywords.js";
import { makeNullable } from "./schema-nullable.js";
import { capLength, cleanMarkdown } from "./description.js";
import { separatePatternProperties } from "./schema-pattern-overlap.js";
import { convertApplicators, convertArrayKeywords, convertObjectKeywords } from "./schema-subschemas.js";

type Normaliser = (raw: unknown, pointer: string, report: ReportQuirk) => JsonValue | undefined;

/**
 * Longest description kept on a schema inside a tool's input or output (the tool's own description
 * has its own cap). Nested property prose is what makes a few real tools cost 100k+ tokens (Google
 * Sheets' spreadsheets.create: 746 KB of its 896 KB schema); the first sentences carry the meaning.
 */
export const MAX_SCHEMA_DESCRIPTION = 400;

function normaliseDescription(raw: unknown, pointer: string, report: ReportQuirk): string | undefined {
  const given = normaliseString(raw, pointer, report);
  const text = given === undefined ? undefined : cleanMarkdown(given);
  if (!text) return undefined;
  return text.length > MAX_SCHEMA_DESCRIPTION ? capLength(text, MAX_SCHEMA_DESCRIPTION) : text;
}

/** Scalar keywords and how each is checked. */
const SCALARS: ReadonlyArray<readonly [string, Normaliser]> = [
  ["title", normaliseString],
  ["description", normaliseDescription],
  ["format", normaliseString],
  ["contentMediaType", normaliseString],
  ["contentEncoding", normaliseString],
  ["enum", normaliseEnum],
  ["multipleOf", normaliseMultipleOf],
  ["minLength", normaliseCount],
  ["maxLength", normaliseCount],
  ["pattern", normalisePattern],
  ["minItems", normaliseCount],
  ["maxItems", normaliseCount],
  ["uniqueItems", normaliseBoolean],
  ["minProperties", normaliseCount],
  ["maxProperties", normaliseCount],
  ["deprecated", normaliseBoolean],
];

/** Appended to the description of Swagger 2.0 `type: file` schemas, which become base64 strings. */
export const FILE_DESCRIPTION = "File content, base64-encoded or a data: URL";

/** Converts a Schema Object that is not a reference; subschemas go through `w.child`. */
export function objectToJsonSchema(node: Record<string, unknown>, pointer: string, w: SchemaWalker): JsonSchema {
  const at = (keyword: string): string => childPointer(pointer, keyword);
  const out: JsonSchema = {};
  const type = node.type === undefined ? undefined : normaliseType(node.type, at("type"), w.report);
  if (type !== undefined) out.type = type.value;
  for (const [keyword, normalise] of SCALARS) {
    if (node[keyword] === undefined) continue;
    const value = normalise(node[keyword], at(keyword), w.report);
    if (value !== undefined) out[keyword] = value;
  }
  convertBounds(node, pointer, w, out);
  convertValues(node, pointer, w, out);
  convertObjectKeywords(node, pointer, w, out);
  convertArrayKeywords(node, pointer, w, out);
  convertApplicators(node, pointer, w, out);
  if (type?.file) {
    if (w.ctx.specVersion !== "2.0") w.report(at("type"), 'type "file" exists only in Swagger 2.0; read as a base64 string');
    describeFile(out);
  }
  return finish(out, node["nullable"] === true || node["x-nullable"] === true);
}

/** Steps that need the whole converted schema: `allOf` merge, default `items`, `nullable`. */
function finish(converted: JsonSchema, nullable: boolean): JsonSchema {
  let out = separatePatternProperties(mergeAllOf(converted));
  // Some MCP clients refuse an array schema without `items`.
  if (typeList(out)?.includes("array") && out.items === undefined) out = { ...out, items: {} };
  if (nullable) out = makeNullable(out);
  return orderKeywords(out);
}

/**
 * `minimum`/`maximum` and their exclusive forms. In 2.0 and 3.0 `exclusiveMinimum: true` is a flag
 * on `minimum`; in 2020-12 it is the bound itself
 * (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.2.5).
 */
function convertBounds(node: Record<string, unknown>, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  for (const [bound, exclusive] of [
    ["minimum", "exclusiveMinimum"],
    ["maximum", "exclusiveMaximum"],
  ] as const) {
    const limit = node[bound] === undefined ? undefined : normaliseNumber(node[bound], childPointer(pointer, bound), w.report);
    const flag = node[exclusive];
    if (typeof flag === "boolean") {
      if (w.ctx.specVersion === "3.1" || w.ctx.specVersion === "3.2") {
        w.report(childPointer(pointer, exclusive), `boolean ${exclusive} is the OpenAPI 3.0 form; read as such`);
      }
      if (flag && limit === undefined) w.report(childPointer(pointer, exclusive), `${exclusive}: true without ${bound}; dropped`);
      if (limit !== undefined) out[flag ? exclusive : bound] = limit;
      continue;
    }
    if (limit !== undefined) out[bound] = limit;
    if (flag !== undefined) {
      const value = normaliseNumber(flag, childPointer(pointer, exclusive), w.report);
      if (value !== undefined) out[exclusive] = value;
    }
  }
}

/** `const`, `default`, the first of `examples`, and OpenAPI's singular `example` (deprecated in 3.1 in favour of `examples`). */
function convertValues(node: Record<string, unknown>, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  const at = (keyword: string, index?: number): string =>
    index === undefined ? childPointer(pointer, keyword) : childPointer(childPointer(pointer, keyword), index);
  if (node.const !== undefined) out.const = node.const as JsonValue;
  if (node.default !== undefined) {
    const value = exampleValue(node.default, at("default"), w);
    if (value !== undefined) out.default = value;
  }
  let examples: JsonValue[] | undefined;
  if (Array.isArray(node.examples)) {
    examples = node.examples.map((e, i) => exampleValue(e, at("examples", i), w)).filter((e) => e !== undefined);
  } else if (node.examples !== undefined) {
    w.report(at("examples"), "examples is not a list; dropped");
  }
  if (examples === undefined && node.example !== undefined) {
    const value = exampleValue(node.example, at("example"), w);
    if (value !== undefined) examples = [value];
  }
  // One example shows the shape; the rest cost tokens and teach a model little more.
  if (examples !== undefined && examples.length > 0) out.examples = examples.slice(0, 1);
}

/**
 * Example and default values are data, kept as written, except for `$ref`s: specs sometimes point
 * an example at `#/components/examples/...`, which is not a reference in a Schema Object but must
 * not reach clients that dereference whole schemas. A whole-value reference is inlined when it
 * resolves; any other `$ref` inside the value drops it.
 */
function exampleValue(raw: unknown, pointer: string, w: SchemaWalker): JsonValue | undefined {
  let value = raw;
  if (isRef(value)) {
    try {
      value = w.resolve(value, pointer).value;
      w.report(pointer, "value written as a $ref; inlined");
    } catch {
      w.report(pointer, "value written as a $ref that does not resolve; dropped");
      return undefined;
    }
  }
  if (holdsRef(value)) {
    w.report(pointer, "value holds a $ref; dropped");
    return undefined;
  }
  return value as JsonValue;
}

function holdsRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsRef);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([key, v]) => key === "$ref" || holdsRef(v));
}

function describeFile(out: JsonSchema): void {
  out.contentEncoding ??= "base64";
  const text = typeof out.description === "string" ? out.description.trim() : "";
  out.description = text === "" ? FILE_DESCRIPTION : `${text}${/[.!?]$/.test(text) ? "" : "."} ${FILE_DESCRIPTION}`;
}
