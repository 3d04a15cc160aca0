/**
 * Normalisers for single scalar keywords of an OpenAPI Schema Object, each turning whatever a
 * real spec wrote into a value valid in JSON Schema 2020-12 (https://json-schema.org/draft/2020-12),
 * or `undefined` to drop the keyword. Every fix is reported so the user can correct the spec.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { uniqueJson } from "./schema-json-value.js";

/** Records one worked-around quirk at a JSON pointer. */
export type ReportQuirk = (pointer: string, message: string) => void;

/**
 * The keywords a converted schema may hold, in the order they are written. Anything else
 * (`discriminator`, `xml`, `externalDocs`, `x-*`, `nullable`, `readOnly`, `$id`, ...) is dropped:
 * MCP clients validate tool schemas with strict validators that refuse unknown keywords.
 */
export const SCHEMA_KEYWORDS: readonly string[] = [
  "title",
  "description",
  "type",
  "enum",
  "const",
  "format",
  "contentMediaType",
  "contentEncoding",
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "dependentRequired",
  "prefixItems",
  "items",
  "contains",
  "minItems",
  "maxItems",
  "uniqueItems",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "default",
  "examples",
  "deprecated",
];

const KEYWORD_RANK = new Map(SCHEMA_KEYWORDS.map((keyword, rank) => [keyword, rank]));

/**
 * `schema` with only whitelisted, defined keywords, in {@link SCHEMA_KEYWORDS} order: the schema
 * itself when it already is so, else a copy. (Runs once per output node: kept cheap.)
 */
export function orderKeywords(schema: JsonSchema): JsonSchema {
  const keys = Object.keys(schema);
  let last = -1;
  let ordered = true;
  for (const key of keys) {
    const rank = KEYWORD_RANK.get(key);
    if (rank === undefined || rank < last || schema[key] === undefined) {
      ordered = false;
      break;
    }
    last = rank;
  }
  if (ordered) return schema;
  const kept = keys.filter((k) => KEYWORD_RANK.has(k) && schema[k] !== undefined);
  kept.sort((a, b) => (KEYWORD_RANK.get(a) as number) - (KEYWORD_RANK.get(b) as number));
  const out: JsonSchema = {};
  for (const key of kept) out[key] = schema[key] as JsonValue;
  return out;
}

/** The JSON Schema type names (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1.1). */
const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** Spellings seen in real specs that map unambiguously to one JSON type. */
const TYPE_ALIASES: Record<string, string> = {
  str: "string",
  int: "integer",
  int32: "integer",
  int64: "integer",
  long: "integer",
  float: "number",
  double: "number",
  decimal: "number",
  bool: "boolean",
  list: "array",
  file: "file",
};

/** The outcome of normalising `type`: the JSON types, and whether Swagger 2.0 `file` was among them. */
export interface NormalisedType {
  value: JsonValue;
  file: boolean;
}

/**
 * Normalises `type`: a string (2.0/3.0) or an array of strings (3.1). Case and whitespace mistakes
 * and common aliases are fixed; unknown names are dropped; `file` (Swagger 2.0,
 * https://spec.openapis.org/oas/v2.0#data-types) becomes `string` and is flagged.
 */
export function normaliseType(raw: unknown, pointer: string, report: ReportQuirk): NormalisedType | undefined {
  const names = Array.isArray(raw) ? raw : [raw];
  const types: string[] = [];
  let file = false;
  for (const name of names) {
    const type = normaliseTypeName(name, pointer, report);
    if (type === "file") file = true;
    if (type !== undefined) types.push(type === "file" ? "string" : type);
  }
  const unique = [...new Set(types)];
  if (unique.length === 0) return undefined;
  return { value: Array.isArray(raw) ? unique : (unique[0] as string), file };
}

function normaliseTypeName(name: unknown, pointer: string, report: ReportQuirk): string | undefined {
  if (typeof name !== "string") {
    report(pointer, `type ${JSON.stringify(name)} is not a type name; dropped`);
    return undefined;
  }
  const clean = name.trim().toLowerCase();
  const type = JSON_TYPES.has(clean) ? clean : TYPE_ALIASES[clean];
  if (type === undefined) {
    report(pointer, `unknown type "${name}"; dropped`);
    return undefined;
  }
  if (type !== name && type !== "file") report(pointer, `type "${name}" read as "${type}"`);
  return type;
}

/** A number, or a string holding one (`"10"`); anything else is dropped with a report. */
export function normaliseNumber(raw: unknown, pointer: string, report: ReportQuirk): number | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw))) {
    report(pointer, `number written as the string "${raw}"; read as ${Number(raw)}`);
    return Number(raw);
  }
  report(pointer, `${JSON.stringify(raw)} is not a number; dropped`);
  return undefined;
}

/** A non-negative integer (for `minLength`, `maxItems`, ...); anything else is dropped with a report. */
export function normaliseCount(raw: unknown, pointer: string, report: ReportQuirk): number | undefined {
  const n = normaliseNumber(raw, pointer, report);
  if (n === undefined) return undefined;
  if (Number.isInteger(n) && n >= 0) return n;
  report(pointer, `${n} is not a non-negative integer; dropped`);
  return undefined;
}

/** `multipleOf` must be strictly positive. */
export function normaliseMultipleOf(raw: unknown, pointer: string, report: ReportQuirk): number | undefined {
  const n = normaliseNumber(raw, pointer, report);
  if (n === undefined || n > 0) return n;
  report(pointer, `multipleOf ${n} is not positive; dropped`);
  return undefined;
}

/**
 * True when `pattern` compiles as a Unicode regular expression. Validators (Ajv) compile
 * patterns with the `u` flag, which refuses some escapes that plain regexes accept (`\_`).
 */
export function compilesAsUnicodeRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** A `pattern` that validators can compile; anything else is dropped with a report. */
export function normalisePattern(raw: unknown, pointer: string, report: ReportQuirk): string | undefined {
  if (typeof raw !== "string") {
    report(pointer, "pattern is not a string; dropped");
    return undefined;
  }
  if (compilesAsUnicodeRegex(raw)) return raw;
  report(pointer, `pattern ${JSON.stringify(raw)} is not a valid Unicode regular expression; dropped`);
  return undefined;
}

/** A text keyword (`title`, `description`, `format`, ...): strings only. */
export function normaliseString(raw: unknown, pointer: string, report: ReportQuirk): string | undefined {
  if (typeof raw === "string") return raw;
  report(pointer, `${JSON.stringify(raw)} is not a string; dropped`);
  return undefined;
}

/** A boolean keyword (`uniqueItems`, `deprecated`). */
export function normaliseBoolean(raw: unknown, pointer: string, report: ReportQuirk): boolean | undefined {
  if (typeof raw === "boolean") return raw;
  if (raw === "true" || raw === "false") {
    report(pointer, `boolean written as the string "${raw}"`);
    return raw === "true";
  }
  report(pointer, `${JSON.stringify(raw)} is not a boolean; dropped`);
  return undefined;
}

/** `enum`: a non-empty array, duplicates removed (validators refuse an empty `enum`). */
export function normaliseEnum(raw: unknown, pointer: string, report: ReportQuirk): JsonValue[] | undefined {
  if (!Array.isArray(raw)) {
    report(pointer, "enum is not an array; dropped");
    return undefined;
  }
  if (raw.length === 0) {
    report(pointer, "enum is empty (no value could match); dropped");
    return undefined;
  }
  const unique = uniqueJson(raw as JsonValue[]);
  if (unique.length < raw.length) report(pointer, "enum lists the same value more than once; duplicates removed");
  return unique;
}

/** `required` and `dependentRequired` values: an array of distinct strings. */
export function normaliseNames(raw: unknown, pointer: string, report: ReportQuirk): string[] | undefined {
  if (!Array.isArray(raw)) {
    report(pointer, `${JSON.stringify(raw)} is not an array of property names; dropped`);
    return undefined;
  }
  const names = raw.filter((n): n is string => typeof n === "string");
  if (names.length < raw.length) report(pointer, "non-string entries dropped from a list of property names");
  const unique = [...new Set(names)];
  if (unique.length < names.length) report(pointer, "property name listed more than once; duplicates removed");
  return unique;
}
