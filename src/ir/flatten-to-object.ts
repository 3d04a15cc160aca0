/**
 * Shapes a converted schema into one flat object schema, for use as a tool's argument object
 * (MCP requires `inputSchema` to be `type: "object"`,
 * https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool). Models fill flat
 * objects reliably; `oneOf` of objects at the top of a tool schema is refused by some clients.
 */
import type { JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import { mergeAllOf } from "./merge-all-of.js";
import { isPlainObject, jsonKey, typeList, typeValue } from "./schema-json-value.js";
import { orderKeywords } from "./schema-keywords.js";

/** A flat object schema, and whether it was assembled from several alternatives. */
export interface FlattenedObject {
  /** `type: "object"` with `properties` (at least one), optional `required`, no top-level `allOf`/`oneOf`/`anyOf`. */
  schema: JsonSchema;
  /**
   * True when `oneOf`/`anyOf` alternatives or unmergeable `allOf` branches were folded into the one
   * object: it then accepts combinations the original schema refuses (validate the body against
   * the original if that matters). False when the input already was a plain object schema.
   */
  lifted: boolean;
}

/** Fields listed per alternative in the description sentence. */
const MAX_LISTED_FIELDS = 8;

/**
 * Returns one object schema for a converted schema that describes an object, or a composition of
 * objects. `allOf` is merged; for `oneOf`/`anyOf` the properties are unioned, a property is
 * required only when every alternative requires it, and a sentence naming the alternatives is
 * appended to `description` ("One of: Cat (fields name, purrs) or Dog (fields name, barks).").
 * `null` alternatives are ignored (arguments are never null). Returns `undefined` when the schema
 * is not object-like or has no properties (arrays, primitives, free-form maps, `{}`): the caller
 * should then pass the whole schema as one argument.
 */
export function flattenToObject(schema: JsonSchema): FlattenedObject | undefined {
  const plain = withoutNull(mergeAllOf(schema));
  if (!isObjectLike(plain)) return undefined;
  if (!hasComposition(plain)) {
    if (!isPlainObject(plain.properties) || Object.keys(plain.properties).length === 0) return undefined;
    return { schema: orderKeywords({ ...plain, type: "object" }), lifted: false };
  }
  const parts = collectParts(plain);
  if (parts === undefined || Object.keys(parts.properties).length === 0) return undefined;
  const description = [plain.description, ...parts.sentences].filter((t) => typeof t === "string" && t !== "").join(" ");
  const out: JsonSchema = { type: "object", properties: parts.properties };
  if (typeof plain.title === "string") out.title = plain.title;
  if (description !== "") out.description = description;
  if (parts.required.length > 0) out.required = parts.required;
  return { schema: orderKeywords(out), lifted: true };
}

/** The properties, required names and description sentences gathered from a composition. */
interface ObjectParts {
  properties: Record<string, JsonValue>;
  required: string[];
  sentences: string[];
}

function collectParts(schema: JsonSchema): ObjectParts | undefined {
  const parts: ObjectParts = {
    properties: isPlainObject(schema.properties) ? { ...(schema.properties as Record<string, JsonValue>) } : {},
    required: Array.isArray(schema.required) ? (schema.required as string[]) : [],
    sentences: [],
  };
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = asList(schema[keyword]);
    if (branches.length === 0) continue;
    const alternatives = branches.map(branchToParts);
    if (alternatives.some((a) => a === undefined)) return undefined;
    absorb(parts, unionOf(keyword, branches as JsonSchema[], alternatives as ObjectParts[]));
  }
  // What mergeAllOf left over came after the schema's own keywords in the spec.
  for (const branch of asList(schema.allOf)) {
    const branchParts = branchToParts(branch);
    if (branchParts === undefined) return undefined;
    absorb(parts, branchParts);
  }
  return parts;
}

function branchToParts(branch: JsonValue): ObjectParts | undefined {
  if (!isPlainObject(branch)) return undefined;
  const plain = withoutNull(mergeAllOf(branch as JsonSchema));
  return isObjectLike(plain) ? collectParts(plain) : undefined;
}

/** Adds `extra` to `parts`: a property in both must satisfy both. */
function absorb(parts: ObjectParts, extra: ObjectParts): void {
  for (const [name, schema] of Object.entries(extra.properties)) {
    const current = parts.properties[name];
    parts.properties[name] = current === undefined ? schema : mergeAllOf({ allOf: [current, schema] });
  }
  parts.required = [...new Set([...parts.required, ...extra.required])];
  parts.sentences.push(...extra.sentences);
}

/** Union of alternatives: every property of any of them, required when all require it. */
function unionOf(keyword: "oneOf" | "anyOf", branches: JsonSchema[], alternatives: ObjectParts[]): ObjectParts {
  const variants = new Map<string, Map<string, JsonValue>>();
  for (const alternative of alternatives) {
    for (const [name, schema] of Object.entries(alternative.properties)) {
      const seen = variants.get(name) ?? new Map<string, JsonValue>();
      seen.set(jsonKey(schema), schema);
      variants.set(name, seen);
    }
  }
  const properties: Record<string, JsonValue> = {};
  for (const [name, seen] of variants) {
    const schemas = [...seen.values()];
    properties[name] = schemas.length === 1 ? (schemas[0] as JsonValue) : { anyOf: schemas };
  }
  const [first, ...others] = alternatives;
  const required = (first?.required ?? []).filter((name) => others.every((a) => a.required.includes(name)));
  if (alternatives.length === 1) return { properties, required, sentences: first?.sentences ?? [] };
  const labels = alternatives.map((a, i) => labelOf(branches[i] as JsonSchema, a, i));
  const list = labels.length === 2 ? labels.join(" or ") : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
  const sentence = `${keyword === "oneOf" ? "One of" : "Any of"}: ${list}.`;
  return { properties, required, sentences: [sentence, ...alternatives.flatMap((a) => a.sentences)] };
}

/** `Cat (fields name, purrs)`: the branch's title, else a constant-valued property, else its position. */
function labelOf(branch: JsonSchema, parts: ObjectParts, index: number): string {
  const fields = [...new Set([...Object.keys(parts.properties), ...parts.required])];
  const name = typeof branch.title === "string" && branch.title !== "" ? branch.title : constantLabel(parts) ?? `option ${index + 1}`;
  if (fields.length === 0) return name;
  const listed = fields.slice(0, MAX_LISTED_FIELDS).join(", ");
  return `${name} (fields ${listed}${fields.length > MAX_LISTED_FIELDS ? ", …" : ""})`;
}

/** `kind = "cat"` when a property admits exactly one value: how tagged unions name their variants. */
function constantLabel(parts: ObjectParts): string | undefined {
  for (const [name, schema] of Object.entries(parts.properties)) {
    if (!isPlainObject(schema)) continue;
    const value = schema.const !== undefined ? schema.const : Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
    if (value !== undefined) return `${name} = ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Drops what only admits `null`: `"null"` from a type list, and `{type: "null"}` alternatives
 * (a `oneOf`/`anyOf` left with one alternative is merged into the schema).
 */
function withoutNull(schema: JsonSchema): JsonSchema {
  let out: JsonSchema = { ...schema };
  const types = typeList(out);
  if (types !== undefined && types.length > 1 && types.includes("null")) out.type = typeValue(types.filter((t) => t !== "null"));
  for (const keyword of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(out[keyword])) continue;
    const kept = asList(out[keyword]).filter((b) => !(isPlainObject(b) && jsonKey(typeList(b as JsonSchema)) === '["null"]'));
    const { [keyword]: _dropped, ...rest } = out;
    if (kept.length === 1 && isPlainObject(kept[0])) out = withoutNull(mergeAllOf({ ...rest, allOf: kept }));
    else out = kept.length === 0 ? rest : { ...rest, [keyword]: kept };
  }
  return out;
}

/** An object type, or no type but object keywords or compositions to look into. */
function isObjectLike(schema: JsonSchema): boolean {
  const types = typeList(schema);
  if (types !== undefined) return types.includes("object");
  return isPlainObject(schema.properties) || Array.isArray(schema.required) || hasComposition(schema);
}

function hasComposition(schema: JsonSchema): boolean {
  return Array.isArray(schema.allOf) || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);
}

function asList(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
