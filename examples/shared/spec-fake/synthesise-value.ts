/**
 * A small, deterministic value for a JSON Schema (as OpenAPI 3.0/3.1 Schema Objects write it, OAS 3.1
 * §4.8.24) where the spec gives no example — Stripe's spec has almost none. The same schema always gives
 * the same value, so recorded sessions and tests are stable. Small on purpose: anything nullable is
 * `null`, an array has one item, alternatives (`anyOf`/`oneOf`) take the first (for Stripe's
 * expandable fields, the id string), and nesting stops at {@link MAX_DEPTH}.
 *
 * The caller may seed values by property name (`currency: "usd"`) or by component schema and property
 * (`customer.id: "cus_…"`, for properties of `#/components/schemas/customer`), so related objects
 * point at each other the way real data does; a seed wins over everything the schema says.
 */
import { deref, isObject, type JsonObject, type JsonValue, type SpecDocument } from "./spec-document.js";

/** Objects at this depth become `{}`, and arrays one level above it `[]` (never a list of empty objects). */
export const MAX_DEPTH = 4;

/** The fixed instant synthesised dates and Unix times stand for (2025-10-15T12:00:00Z). */
export const SYNTHETIC_TIME = Date.UTC(2025, 9, 15, 12);

/** Seeded values: keys are a property name, or `<component schema name>.<property name>` (which wins). */
export type SeedValues = Readonly<Record<string, JsonValue>>;

interface Context {
  spec: SpecDocument;
  seeds: SeedValues;
}

/** A value valid for `schema` in the common cases, with `seeds` applied to the properties they name. */
export function synthesiseValue(spec: SpecDocument, schema: JsonValue | undefined, seeds: SeedValues = {}): JsonValue {
  return synthesise({ spec, seeds }, schema, "value", 0);
}

/** `name` is the property being filled (used in strings and for array items' names). */
function synthesise(ctx: Context, schema: JsonValue | undefined, name: string, depth: number): JsonValue {
  const { spec } = ctx;
  const node = deref(spec, schema);
  if (!isObject(node)) return null;
  if (node.example !== undefined) return node.example;
  if (node.const !== undefined) return node.const;
  // Nullable is null: it keeps values small, and real objects leave most optional fields empty. What a
  // reader should see filled (an email, a name) the caller seeds.
  if (isNullable(node)) return null;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] ?? null;
  if (node.default !== undefined) return node.default;
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) return synthesise(ctx, alternatives[0], name, depth);
  if (Array.isArray(node.allOf)) return synthesise(ctx, { ...mergeAllOf(spec, node), ...ownerOf(schema) }, name, depth);
  switch (typeOf(node)) {
    case "object":
      return depth >= MAX_DEPTH ? {} : objectValue(ctx, node, componentName(schema) ?? (typeof node["x-owner"] === "string" ? node["x-owner"] : undefined), depth);
    case "array":
      return depth + 1 >= MAX_DEPTH ? [] : [synthesise(ctx, node.items, singular(name), depth + 1)];
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

/**
 * Every declared property (Stripe marks even `email` optional, and a support agent needs it); `owner`
 * is the component schema the object was reached through, for `<owner>.<property>` seeds.
 */
function objectValue(ctx: Context, node: JsonObject, owner: string | undefined, depth: number): JsonObject {
  const properties = isObject(node.properties) ? node.properties : {};
  const out: JsonObject = {};
  for (const [key, property] of Object.entries(properties)) {
    const seed = (owner === undefined ? undefined : ctx.seeds[`${owner}.${key}`]) ?? ctx.seeds[key];
    out[key] = seed !== undefined ? seed : synthesise(ctx, property, key, depth + 1);
  }
  return out;
}

/** `X` when `schema` is a reference to `#/components/schemas/X`. */
function componentName(schema: JsonValue | undefined): string | undefined {
  return isObject(schema) && typeof schema.$ref === "string" ? /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref)?.[1] : undefined;
}

/** Carries the component name of an `allOf` schema onto its merged form. */
function ownerOf(schema: JsonValue | undefined): JsonObject {
  const name = componentName(schema);
  return name === undefined ? {} : { "x-owner": name };
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
