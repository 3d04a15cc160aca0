/**
 * A small, deterministic value for a JSON Schema (as OpenAPI 3.0/3.1 Schema Objects write it, OAS 3.1
 * §4.8.24) where the spec gives no example — Stripe's spec has almost none. The same schema always gives
 * the same value, so recorded sessions and tests are stable. Small on purpose: a nullable object or
 * array is `null`, an array has one item, alternatives (`anyOf`/`oneOf`) take the first (for Stripe's
 * expandable fields, the id string), and nesting stops at {@link MAX_DEPTH}.
 */
import { deref, isObject, type JsonObject, type JsonValue, type SpecDocument } from "./spec-document.js";

/** Objects nested deeper than this become `{}`, arrays `[]`. */
export const MAX_DEPTH = 3;

/** The fixed instant synthesised dates and Unix times stand for (2025-10-15T12:00:00Z). */
export const SYNTHETIC_TIME = Date.UTC(2025, 9, 15, 12);

/** A value valid for `schema` in the common cases; `name` is the property it fills (used in strings). */
export function synthesiseValue(spec: SpecDocument, schema: JsonValue | undefined, name = "value", depth = 0): JsonValue {
  const node = deref(spec, schema);
  if (!isObject(node)) return null;
  if (node.example !== undefined) return node.example;
  if (node.const !== undefined) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] ?? null;
  if (node.default !== undefined) return node.default;
  // A nullable structure is null (keeps values small); a nullable scalar still gets a value, so an
  // email or a name reads like one.
  if (isNullable(node) && isStructure(spec, node)) return null;
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) return synthesiseValue(spec, alternatives[0], name, depth);
  if (Array.isArray(node.allOf)) return synthesiseValue(spec, mergeAllOf(spec, node), name, depth);
  switch (typeOf(node)) {
    case "object":
      return depth >= MAX_DEPTH ? {} : objectValue(spec, node, depth);
    case "array":
      return depth >= MAX_DEPTH ? [] : [synthesiseValue(spec, node.items, singular(name), depth + 1)];
    case "integer":
    case "number":
      return node.format === "unix-time" ? SYNTHETIC_TIME / 1000 : typeof node.minimum === "number" ? node.minimum : 0;
    case "boolean":
      return false;
    case "string":
      return stringValue(node, name);
    default:
      return null;
  }
}

/** Every declared property (Stripe marks even `email` optional, and a support agent needs it). */
function objectValue(spec: SpecDocument, node: JsonObject, depth: number): JsonObject {
  const properties = isObject(node.properties) ? node.properties : {};
  const out: JsonObject = {};
  for (const [key, property] of Object.entries(properties)) out[key] = synthesiseValue(spec, property, key, depth + 1);
  return out;
}

/** The schema's non-null type (OAS 3.1 type arrays included); `object` when it only lists properties. */
function typeOf(node: JsonObject): JsonValue | undefined {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return types.find((t) => t !== null && t !== undefined && t !== "null") ?? (isObject(node.properties) ? "object" : undefined);
}

/** OAS 3.0 `nullable: true`, or a 3.1 type array naming "null". */
function isNullable(node: JsonObject): boolean {
  return node.nullable === true || (Array.isArray(node.type) && node.type.includes("null"));
}

/** Whether the schema, or its first alternative, is an object or an array. */
function isStructure(spec: SpecDocument, node: JsonObject): boolean {
  const alternatives = node.anyOf ?? node.oneOf;
  const first = Array.isArray(alternatives) ? deref(spec, alternatives[0]) : node;
  if (!isObject(first)) return false;
  const type = typeOf(first) ?? (Array.isArray(first.allOf) ? "object" : undefined);
  return type === "object" || type === "array";
}

function stringValue(node: JsonObject, name: string): string {
  switch (node.format) {
    case "date-time":
      return new Date(SYNTHETIC_TIME).toISOString().replace(".000", "");
    case "date":
      return new Date(SYNTHETIC_TIME).toISOString().slice(0, 10);
    case "email":
      return "jenny.rosen@example.com";
    case "uri":
    case "url":
      return `https://example.com/${name}`;
  }
  // A pattern that is a plain anchored literal (Stripe's list `url`: "^/v1/customers") is its own example.
  const literal = typeof node.pattern === "string" ? /^\^([\w/.-]+)\$?$/.exec(node.pattern)?.[1] : undefined;
  return literal ?? `${name}_example`;
}

/** `allOf` parts merged into one object schema: properties and required lists joined, first type kept. */
function mergeAllOf(spec: SpecDocument, node: JsonObject): JsonObject {
  const properties: JsonObject = {};
  const required: JsonValue[] = [];
  let type: JsonValue | undefined;
  for (const part of [node, ...(Array.isArray(node.allOf) ? node.allOf : [])]) {
    const resolved = deref(spec, part);
    if (!isObject(resolved)) continue;
    type ??= resolved.type;
    if (isObject(resolved.properties)) Object.assign(properties, resolved.properties);
    if (Array.isArray(resolved.required)) required.push(...resolved.required);
  }
  return { type: type ?? "object", properties, required };
}

function singular(name: string): string {
  return name.endsWith("s") && name.length > 1 ? name.slice(0, -1) : name;
}
