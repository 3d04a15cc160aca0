/**
 * One input schema → the schema one client profile accepts (rules in `client-profiles.ts`). What
 * the profile cannot express is never dropped silently: a validation keyword becomes a note for
 * the tool's "Constraints:" line, an annotation (title, default, examples, deprecated) moves into
 * the argument's own description, and a value the profile cannot describe at all (a free-form
 * object, a union for a client without unions) is passed as JSON text. What the runtime must undo
 * is returned as {@link ProfileUndo} rules; calls are still validated against the full schema.
 *
 * Pure: the input schema (which may share objects with the IR) is never modified.
 */
import { valuesType } from "../ir/lean-schema.js";
import { mergeAllOf } from "../ir/merge-all-of.js";
import { isPlainObject, typeList } from "../ir/schema-json-value.js";
import type { JsonSchema, JsonValue, ProfileUndo } from "../runtime/core/tool-definition.js";
import { profileKeys } from "../runtime/request/undo-profile.js";
import type { ClientProfile } from "./client-profiles.js";
import { describeKeyword } from "./constraint-notes.js";

/** A constraint the profile's schema cannot carry, for the tool's description. */
export interface ConstraintNote {
  /** The argument it applies to: `owner.name`, `labels[]`; `""` for the arguments object. */
  path: string;
  text: string;
}

/** The outcome of {@link profileSchema}. */
export interface ProfiledSchema {
  schema: JsonSchema;
  notes: ConstraintNote[];
  /** Annotations and JSON-text hints moved into argument descriptions (counted, already applied). */
  movedToArguments: number;
  undo: Set<ProfileUndo>;
}

/** Annotations: moved into the argument's own description when the profile has no keyword for them. */
const ANNOTATIONS = new Set(["title", "default", "examples", "deprecated"]);

interface Walk {
  profile: ClientProfile;
  /** Argument paths to pass as JSON text (the size-limit fallback). */
  encodeAt: ReadonlySet<string>;
  notes: ConstraintNote[];
  moved: number;
  undo: Set<ProfileUndo>;
}

/**
 * Rewrites `schema` (a tool's input schema, `type: "object"`) for `profile`. `encodeAt` names
 * arguments to pass as JSON text whatever their schema (used when a schema is over a size limit).
 */
export function profileSchema(schema: JsonSchema, profile: ClientProfile, encodeAt: ReadonlySet<string> = new Set()): ProfiledSchema {
  const walk: Walk = { profile, encodeAt, notes: [], moved: 0, undo: new Set() };
  if (!profile.rewriteSchemas) return { schema: rootOnly(schema, walk), notes: walk.notes, movedToArguments: 0, undo: walk.undo };
  const out = rewrite(schema, "", 1, walk, true);
  return { schema: out, notes: walk.notes, movedToArguments: walk.moved, undo: walk.undo };
}

/**
 * For clients that take JSON Schema as it is (Anthropic): only the root is fixed — an object, with
 * no `anyOf`/`oneOf`/`allOf` at its top level (objects merged into one shape, see {@link union}).
 */
function rootOnly(schema: JsonSchema, walk: Walk): JsonSchema {
  const combinators = ["anyOf", "oneOf", "allOf"].filter((k) => Object.hasOwn(schema, k));
  if (combinators.length === 0 && schema.type === "object") return schema;
  return rewrite(schema, "", 1, { ...walk, profile: { ...walk.profile, unions: "none" } }, true);
}

function rewrite(input: JsonValue, path: string, level: number, walk: Walk, root = false): JsonSchema {
  const { profile } = walk;
  if (!isPlainObject(input)) return input === false ? { not: {} } : root ? { type: "object", properties: {} } : anyValue(path, {}, walk);
  let s: JsonSchema = withValuesType(mergeAllOf(input as JsonSchema));
  if (Array.isArray(s.allOf) && !profile.keywords.has("allOf")) {
    const { allOf, ...rest } = s;
    note(walk, path, `must also match ${compact(allOf)}`);
    s = rest;
  }
  if (!root && walk.encodeAt.has(path)) return jsonText(s, path, walk, "the full schema is too large for this client");

  // Null first: `type: [t, "null"]`, a `{type: "null"}` branch or a null in enum all mean "or null".
  let nullable = false;
  let types = typeList(s);
  if (types?.includes("null")) {
    nullable = true;
    types = types.filter((t) => t !== "null");
  }
  let alternatives = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined)?.filter((branch) => {
    const isNull = isPlainObject(branch) && (branch.type === "null" || (Array.isArray(branch.enum) && branch.enum.length === 1 && branch.enum[0] === null));
    if (isNull) nullable = true;
    return !isNull;
  });
  if (Array.isArray(s.anyOf) && Array.isArray(s.oneOf)) note(walk, path, `must also match one of ${compact(s.oneOf)}`);
  if (Array.isArray(s.enum) && s.enum.includes(null)) nullable = true;
  const { anyOf: _anyOf, oneOf: _oneOf, ...own } = s;
  s = own;
  if (types !== undefined && types.length > 1) {
    // Several types: one branch each, carrying the keywords that apply to it.
    alternatives = [...(alternatives ?? []), ...types.map((t) => ({ ...withoutType(s), type: t }))];
    s = { ...(s.description === undefined ? {} : { description: s.description }) };
    types = undefined;
  } else if (types !== undefined && types.length === 0) {
    // Only null: JSON Schema says so with `type: "null"`; an OpenAPI 3.0 subset has no such type.
    if (profile.nullStyle === "typeArray") return keywords({ ...s, type: "null" }, "null", path, walk);
    note(walk, path, "always null");
    return { ...keywords(withoutType(s), "string", path, walk), ...(typeof s.description === "string" ? { description: s.description } : {}), type: "string", nullable: true };
  } else if (types !== undefined) {
    s = { ...s, type: types[0]! };
  } else {
    const { type: _type, ...untyped } = s;
    s = untyped;
  }
  if (alternatives !== undefined && alternatives.length === 1 && isPlainObject(alternatives[0])) {
    // One real branch: it is the schema (the wrapper's description wins).
    const branch = alternatives[0] as JsonSchema;
    s = { ...branch, ...s, ...(s.type === undefined && branch.type !== undefined ? { type: branch.type } : {}) };
    alternatives = undefined;
    return withNull(rewrite(s, path, level, walk, root), nullable, walk);
  }
  if (alternatives !== undefined && alternatives.length > 1) {
    // Keywords beside the union (`type: object`, `properties`, ...) hold in every branch: move them in,
    // so each branch is a whole schema (`oneOf: [{required: [a]}, {required: [b]}]` included).
    const { description, ...base } = s;
    if (Object.keys(base).length > 0) {
      alternatives = alternatives.map((b) => (isPlainObject(b) ? mergeAllOf({ ...base, allOf: [b] }) : b));
      s = description === undefined ? {} : { description };
    }
    return withNull(union(s, alternatives, path, level, walk, root), nullable, walk);
  }

  let type = typeof s.type === "string" ? s.type : undefined;
  if (type === undefined) {
    if (isPlainObject(s.properties)) type = "object";
    else if (s.items !== undefined) type = "array";
    else type = valuesType(s);
    if (type !== undefined) s = { ...s, type };
  }
  if (type === undefined) return withNull(root ? { type: "object", properties: {} } : anyValue(path, s, walk), nullable, walk);
  let out: JsonSchema;
  if (type === "object") out = object(s, path, level, walk, root);
  else if (type === "array") out = array(s, path, level, walk);
  else out = keywords(s, type, path, walk);
  return withNull(out, nullable, walk);
}

/** An object node: properties rewritten, closed and all-required for strict profiles. */
function object(s: JsonSchema, path: string, level: number, walk: Walk, root: boolean): JsonSchema {
  const { profile } = walk;
  const properties = isPlainObject(s.properties) ? (s.properties as Record<string, JsonValue>) : {};
  const names = Object.keys(properties);
  if (!root && names.length === 0 && profile.freeFormObjectsAsJson) return jsonText(s, path, walk, "this client cannot describe an object without declared properties");
  if (!root && profile.limits !== undefined && level > profile.limits.maxObjectDepth) {
    return jsonText(s, path, walk, `this client accepts at most ${profile.limits.maxObjectDepth} levels of nested objects`);
  }
  const listedNames = profile.safePropertyNames ? profileKeys(names) : new Map(names.map((n) => [n, n]));
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string" && Object.hasOwn(properties, r)) : []);
  const outProperties: JsonSchema = {};
  for (const name of names) {
    const listed = listedNames.get(name)!;
    if (listed !== name) walk.undo.add("renamedKeys");
    const childPath = path === "" ? name : `${path}.${name}`;
    let child = rewrite(properties[name]!, childPath, level + 1, walk);
    if (profile.strictObjects && !required.has(name)) {
      // OpenAI strict: every property is required; an optional one is nullable, and null means absent.
      child = makeNullable(child);
      walk.undo.add("nullMeansAbsent");
    }
    if (listed !== name) child = { ...child, description: joinText(child.description, `(the API's "${name}")`) };
    Object.defineProperty(outProperties, listed, { value: child, enumerable: true, writable: true, configurable: true });
  }
  const rest: JsonSchema = { ...s };
  delete rest.properties;
  delete rest.required;
  const extra = rest.additionalProperties;
  delete rest.additionalProperties;
  const out = keywords(rest, "object", path, walk);
  if (names.length > 0 || root || !profile.keywords.has("additionalProperties")) out.properties = outProperties;
  const requiredList = profile.strictObjects ? names.map((n) => listedNames.get(n)!) : [...required].map((n) => listedNames.get(n)!);
  if (requiredList.length > 0) out.required = requiredList;
  if (profile.strictObjects) {
    if (extra !== undefined && extra !== false && names.length > 0) note(walk, path, `may also hold other keys${isPlainObject(extra) && Object.keys(extra).length > 0 ? ` (${compact(extra)})` : ""}, which this client cannot send`);
    out.additionalProperties = false;
  } else if (profile.keywords.has("additionalProperties")) {
    if (extra !== undefined) out.additionalProperties = isPlainObject(extra) ? rewrite(extra, `${path}{}`, level + 1, walk) : extra;
  } else if (extra !== undefined && extra !== false && names.length > 0) {
    note(walk, path, `may also hold other keys${isPlainObject(extra) && Object.keys(extra).length > 0 ? ` (${compact(extra)})` : ""}`);
  }
  return out;
}

function array(s: JsonSchema, path: string, level: number, walk: Walk): JsonSchema {
  const items = s.items;
  if (!isPlainObject(items) || Object.keys(items).length === 0) {
    if (walk.profile.arraysNeedItems) return jsonText(s, path, walk, "this client needs the type of an array's items");
    return keywords(s, "array", path, walk);
  }
  const rest: JsonSchema = { ...s };
  delete rest.items;
  const out = keywords(rest, "array", path, walk);
  out.items = rewrite(items, `${path}[]`, level, walk);
  return out;
}

/** A union (`anyOf`/`oneOf` with two or more real branches). */
function union(s: JsonSchema, alternatives: JsonValue[], path: string, level: number, walk: Walk, root: boolean): JsonSchema {
  const { profile } = walk;
  const branches = alternatives.map((b) => (isPlainObject(b) ? withValuesType(mergeAllOf(b as JsonSchema)) : ({} as JsonSchema)));
  if (profile.unions === "anyOf" && !root) {
    const out = keywords(s, undefined, path, walk);
    out.anyOf = branches.map((b) => rewrite(b, path, level, walk));
    return out;
  }
  // No unions here: objects merge into one shape, else the first string branch stands, else JSON text.
  const objects = branches.filter((b) => b.type === "object" || isPlainObject(b.properties));
  if (objects.length === branches.length) {
    const properties: Record<string, JsonValue> = {};
    for (const b of branches) for (const [k, v] of Object.entries(isPlainObject(b.properties) ? b.properties : {})) if (!Object.hasOwn(properties, k)) properties[k] = v as JsonValue;
    const requiredSets = branches.map((b) => new Set(Array.isArray(b.required) ? (b.required as string[]) : []));
    const required = Object.keys(properties).filter((k) => requiredSets.every((r) => r.has(k)));
    note(walk, path, `one of these shapes: ${branches.map((b) => `{${Object.keys(isPlainObject(b.properties) ? b.properties : {}).map((k) => (Array.isArray(b.required) && b.required.includes(k) ? `${k}*` : k)).join(", ")}}`).join(" | ")} (* required)`);
    return rewrite({ ...s, type: "object", properties, ...(required.length > 0 ? { required } : {}) }, path, level, walk, root);
  }
  const text = branches.find((b) => b.type === "string");
  if (text !== undefined) {
    note(walk, path, `may also be ${branches.filter((b) => b !== text).map(shapeName).join(" or ")}, which this client cannot send`);
    return rewrite({ ...text, ...(s.description === undefined ? {} : { description: s.description }) }, path, level, walk);
  }
  return jsonText({ ...s, anyOf: alternatives }, path, walk, `one of ${branches.map(shapeName).join(", ")}`);
}

/** Keywords that apply to one JSON type only: on a node of another type they are inert, and dropped. */
const TYPE_ONLY: Readonly<Record<string, string>> = { items: "array", prefixItems: "array", properties: "object", required: "object", additionalProperties: "object" };

/**
 * Keeps the keywords the profile has, in their order; notes or moves the others. `type` is the
 * node's JSON type (written where the node had its `type`, else first).
 */
function keywords(s: JsonSchema, type: string | undefined, path: string, walk: Walk): JsonSchema {
  const { profile } = walk;
  const out: JsonSchema = {};
  if (type !== undefined && !Object.hasOwn(s, "type")) out.type = type;
  let description = typeof s.description === "string" ? s.description : undefined;
  for (const [keyword, value] of Object.entries(s)) {
    if (keyword === "type") {
      if (type !== undefined) out.type = type;
      continue;
    }
    if (keyword === "description") {
      out.description = ""; // Its place; the text is set below, with whatever moved into it.
      continue;
    }
    const only = TYPE_ONLY[keyword];
    if (only !== undefined && type !== undefined && type !== only) continue;
    if (keyword === "const" && !profile.keywords.has("const")) {
      if (profile.keywords.has("enum") && (!profile.enumStringsOnly || typeof value === "string")) out.enum = [value];
      else note(walk, path, describeKeyword(keyword, value));
      continue;
    }
    if (keyword === "enum" && Array.isArray(value)) {
      const values = value.filter((v) => v !== null);
      if (profile.enumStringsOnly && (type !== "string" || values.some((v) => typeof v !== "string"))) note(walk, path, describeKeyword("enum", values));
      else if (values.length > 0) out.enum = profile.nullStyle === "nullable" ? values : value;
      continue;
    }
    if (keyword === "format" && profile.formats !== undefined && !(type !== undefined && profile.formats[type]?.has(String(value)))) {
      note(walk, path, describeKeyword(keyword, value));
      continue;
    }
    if (profile.keywords.has(keyword)) {
      out[keyword] = value;
      continue;
    }
    if (ANNOTATIONS.has(keyword)) {
      description = joinText(description, describeKeyword(keyword, value, true));
      walk.moved++;
      continue;
    }
    note(walk, path, describeKeyword(keyword, value));
  }
  if (description !== undefined) out.description = description;
  else delete out.description;
  return out;
}

/** A value this profile cannot describe, passed as JSON text (parsed back by the runtime). */
function jsonText(s: JsonSchema, path: string, walk: Walk, why: string): JsonSchema {
  walk.undo.add("jsonStrings");
  walk.moved++;
  const { description, ...shape } = s;
  const schemaText = Object.keys(shape).length > 1 ? `; its schema: ${compact(shape)}` : "";
  return { type: "string", description: joinText(typeof description === "string" ? description : undefined, `${capital(shapeName(s))} written as JSON text (${why}${schemaText}).`) };
}

/** A schema with no type (any JSON value). */
function anyValue(path: string, s: JsonSchema, walk: Walk): JsonSchema {
  if (!walk.profile.untypedAsString) return keywords(s, undefined, path, walk);
  walk.moved++;
  return { type: "string", description: joinText(typeof s.description === "string" ? s.description : undefined, "Any value; given as text.") };
}

/** `schema`, or null too when `nullable`, as the profile writes "or null". */
function withNull(schema: JsonSchema, nullable: boolean, walk: Walk): JsonSchema {
  if (!nullable) return schema;
  if (walk.profile.nullStyle === "nullable") return { ...schema, nullable: true };
  return makeNullable(schema);
}

/** `schema` or null, in JSON Schema: a null type, a null enum value, or a null branch. */
function makeNullable(schema: JsonSchema): JsonSchema {
  const out = { ...schema };
  if (typeof out.type === "string") out.type = out.type === "null" ? "null" : [out.type, "null"];
  else if (Array.isArray(out.type)) {
    if (!out.type.includes("null")) out.type = [...out.type, "null"];
  } else if (Array.isArray(out.anyOf)) {
    if (!out.anyOf.some((b) => isPlainObject(b) && b.type === "null")) out.anyOf = [...out.anyOf, { type: "null" }];
    return out;
  } else {
    // No type: null is already a value it takes (unless `enum` says otherwise, below).
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function note(walk: Walk, path: string, text: string): void {
  walk.notes.push({ path, text });
}

function withoutType(s: JsonSchema): JsonSchema {
  const { type: _type, description: _description, ...rest } = s;
  return rest;
}

/**
 * `type` written back from `enum`/`const` values, first as the IR wrote it: the plain listing leaves
 * it out where the values say it (`src/ir/lean-schema.ts`), and this profile's rules — unions,
 * nullability, Gemini's enum-on-strings rule — read the type.
 */
function withValuesType(s: JsonSchema): JsonSchema {
  if (s.type !== undefined || Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) return s;
  const type = valuesType(s);
  return type === undefined ? s : { type, ...s };
}

function jsonType(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** "an object", "an array", "a string", ... for notes. */
function shapeName(s: JsonSchema): string {
  const t = typeof s.type === "string" ? s.type : isPlainObject(s.properties) || isPlainObject(s.additionalProperties) ? "object" : s.items !== undefined ? "array" : Array.isArray(s.anyOf) ? "union" : "value";
  return { object: "a JSON object", array: "a JSON array", string: "a string", integer: "an integer", number: "a number", boolean: "a boolean", union: "a value", value: "a value" }[t] ?? `a ${t}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinText(a: JsonValue | undefined, b: string): string {
  if (typeof a !== "string" || a.trim() === "") return b;
  const head = a.trimEnd();
  return /[.!?:)]$/.test(head) ? `${head} ${b}` : `${head}. ${b}`;
}

/** Compact JSON for a note, cut at 160 characters. */
function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
