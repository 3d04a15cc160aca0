/**
 * Stripe's `expand` on the fake's answers (https://docs.stripe.com/api/expanding_objects): each path
 * replaces an id with the object it names, walking dotted paths through lists (`data.customer`) and
 * through objects expanded on the way (`payment_intent.latest_charge`). A field is expandable when the
 * object's schema lists it in `x-expandableFields` and it is an `anyOf` of an id string and an object
 * (how Stripe's spec writes expandable fields); anything else is Stripe's 400 "This property cannot be
 * expanded". The expanded object is synthesised from its schema with the same seeds, so it is the
 * object the id names.
 */
import qs from "qs";
import type { FakeReply } from "../shared/spec-fake/dialect.js";
import type { RespondContext } from "../shared/spec-fake/server.js";
import { deref, isObject, type JsonObject, type JsonValue, type SpecDocument } from "../shared/spec-fake/spec-document.js";
import { synthesiseValue, type SeedValues } from "../shared/spec-fake/synthesise-value.js";

/** Stripe expands at most four levels deep. */
const MAX_EXPAND_DEPTH = 4;

/** A `respond` hook that applies the request's `expand[]` to the synthesised answer. */
export function expandHook(spec: SpecDocument, seeds: SeedValues, error: (message: string) => FakeReply): (context: RespondContext) => FakeReply | undefined {
  return ({ query, success }) => {
    const parsed = qs.parse(query.toString()).expand;
    const paths = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string") : typeof parsed === "string" ? [parsed] : [];
    if (paths.length === 0 || success.value === undefined) return undefined;
    const value = structuredClone(success.value);
    for (const path of paths) {
      const segments = path.split(".");
      if (segments.length > MAX_EXPAND_DEPTH) return error(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`);
      const problem = expandAt(spec, seeds, value, schemaOf(spec, success.schema, value), segments);
      if (problem !== undefined) return error(`This property cannot be expanded (${problem}).`);
    }
    return { status: success.status, body: value, contentType: success.mediaType };
  };
}

/** Expands `segments` inside `value` (described by `schema`); returns the segment that cannot be expanded. */
function expandAt(spec: SpecDocument, seeds: SeedValues, value: JsonValue, schema: JsonObject | undefined, segments: string[]): string | undefined {
  const [segment, ...rest] = segments;
  if (segment === undefined || value === null) return undefined;
  if (!isObject(value) || schema === undefined) return segment;
  const property = isObject(schema.properties) ? deref(spec, schema.properties[segment]) : undefined;
  if (!isObject(property)) return segment;
  // A list's `data` is walked into, item by item: `data.customer` expands each item's customer.
  if (segment === "data" && Array.isArray(value.data)) {
    const items = schemaOf(spec, property.items, value.data[0] ?? null);
    for (const item of value.data) {
      const problem = expandAt(spec, seeds, item, items, rest);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  const expandable = Array.isArray(schema["x-expandableFields"]) && schema["x-expandableFields"].includes(segment);
  const target = expandable ? objectAlternative(spec, property) : undefined;
  if (target === undefined) return segment;
  const current = value[segment];
  if (typeof current === "string") {
    const expanded = synthesiseValue(spec, target, seeds);
    value[segment] = isObject(expanded) && typeof expanded.id === "string" ? { ...expanded, id: current } : expanded;
  }
  return rest.length === 0 ? undefined : expandAt(spec, seeds, value[segment] ?? null, schemaOf(spec, target, value[segment] ?? null), rest);
}

/** The `$ref` alternative of an expandable field (`anyOf: [string, {$ref}]`), kept as a reference for seeding. */
function objectAlternative(spec: SpecDocument, property: JsonObject): JsonValue | undefined {
  const alternatives = Array.isArray(property.anyOf) ? property.anyOf : [];
  return alternatives.find((alternative) => isObject(deref(spec, alternative)) && (deref(spec, alternative) as JsonObject).type !== "string");
}

/** The object schema describing `value`: through `$ref`s and, for `anyOf`, the first object alternative. */
function schemaOf(spec: SpecDocument, schema: JsonValue | undefined, value: JsonValue): JsonObject | undefined {
  const node = deref(spec, schema);
  if (!isObject(node)) return undefined;
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives) && isObject(value)) {
    for (const alternative of alternatives) {
      const resolved = deref(spec, alternative);
      if (isObject(resolved) && isObject(resolved.properties)) return resolved;
    }
  }
  return node;
}
