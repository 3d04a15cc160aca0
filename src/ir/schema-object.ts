/**
 * Converts one OpenAPI Schema Object that is not a `$ref` (Swagger 2.0, OpenAPI 3.0, 3.1, 3.2)
 * into JSON Schema 2020-12: keywords are normalised one by one, `allOf` is merged, `nullable` is
 * applied, and only whitelisted keywords are kept.
 * https://spec.openapis.org/oas/v3.0.3#schema-object, https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import type { JsonSchema, JsonValue } from "../runtime/tool-definition.js";
import { appendPointer } from "./json-pointer.js";
import { mergeAllOf } from "./merge-all-of.js";
import type { SchemaWalker } from "./schema-context.js";
import { typeList } from "./schema-json-value.js";
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
import { separatePatternProperties } from "./schema-pattern-overlap.js";
import { convertApplicators, convertArrayKeywords, convertObjectKeywords } from "./schema-subschemas.js";

type Normaliser = (raw: unknown, pointer: string, report: ReportQuirk) => JsonValue | undefined;

/** Scalar keywords and how each is checked. */
const SCALARS: ReadonlyArray<readonly [string, Normaliser]> = [
  ["title", normaliseString],
  ["description", normaliseString],
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
  const at = (keyword: string): string => appendPointer(pointer, keyword);
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
    const limit = node[bound] === undefined ? undefined : normaliseNumber(node[bound], appendPointer(pointer, bound), w.report);
    const flag = node[exclusive];
    if (typeof flag === "boolean") {
      if (w.ctx.specVersion === "3.1" || w.ctx.specVersion === "3.2") {
        w.report(appendPointer(pointer, exclusive), `boolean ${exclusive} is the OpenAPI 3.0 form; read as such`);
      }
      if (flag && limit === undefined) w.report(appendPointer(pointer, exclusive), `${exclusive}: true without ${bound}; dropped`);
      if (limit !== undefined) out[flag ? exclusive : bound] = limit;
      continue;
    }
    if (limit !== undefined) out[bound] = limit;
    if (flag !== undefined) {
      const value = normaliseNumber(flag, appendPointer(pointer, exclusive), w.report);
      if (value !== undefined) out[exclusive] = value;
    }
  }
}

/** `const`, `default`, `examples` and OpenAPI's singular `example` (deprecated in 3.1 in favour of `examples`). */
function convertValues(node: Record<string, unknown>, pointer: string, w: SchemaWalker, out: JsonSchema): void {
  if (node.const !== undefined) out.const = node.const as JsonValue;
  if (node.default !== undefined) out.default = node.default as JsonValue;
  if (Array.isArray(node.examples)) out.examples = node.examples as JsonValue[];
  else if (node.examples !== undefined) w.report(appendPointer(pointer, "examples"), "examples is not a list; dropped");
  if (node.example !== undefined && out.examples === undefined) out.examples = [node.example as JsonValue];
}

function describeFile(out: JsonSchema): void {
  out.contentEncoding ??= "base64";
  const text = typeof out.description === "string" ? out.description.trim() : "";
  out.description = text === "" ? FILE_DESCRIPTION : `${text}${/[.!?]$/.test(text) ? "" : "."} ${FILE_DESCRIPTION}`;
}
