/**
 * Undoes, before validation, what a client profile changed on the way in (`--client`, see
 * `src/profile/`). A profile lists a reshaped schema — OpenAI strict wants every property present
 * and `null` for the absent ones (so a `null` for an optional property means "absent", even where
 * the API would take a null), Gemini wants property names of `[A-Za-z0-9_]` only, both want an
 * object with no declared properties passed as JSON text — but the call is validated against the
 * tool's FULL input schema, so the arguments are turned back first.
 *
 * Every rule is driven by the full schema, walked beside the arguments; the walk follows the
 * schema (never the arguments alone), so it is as deep as the schema and no deeper. New objects are
 * built with own data properties only, so a `__proto__` key stays a key (and is then refused by
 * validation) instead of becoming a prototype.
 */
import type { JsonSchema, ProfileUndo } from "../core/tool-definition.js";

/** A property name as profiles that restrict names list it: `^[A-Za-z_][A-Za-z0-9_]{0,63}$`. */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The listed name of each of an object's property names, in order: a name that matches
 * `^[A-Za-z_][A-Za-z0-9_]{0,63}$` stays; any other has its other characters replaced by `_`, a
 * leading `_` when it starts with a digit, is cut to 64 and made unique with `_2`, `_3`.
 * Deterministic, so the build (which renames) and the runtime (which renames back) agree.
 */
export function profileKeys(names: readonly string[]): Map<string, string> {
  const taken = new Set(names.filter((name) => SAFE_KEY.test(name)));
  const out = new Map<string, string>();
  for (const name of names) {
    if (SAFE_KEY.test(name)) {
      out.set(name, name);
      continue;
    }
    let base = name.replace(/[^A-Za-z0-9_]+/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    base = base.slice(0, 64);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, 64 - String(n).length - 1)}_${n}`;
    taken.add(candidate);
    out.set(name, candidate);
  }
  return out;
}

/**
 * `args` as the full schema expects them, given the rules of the profile that listed the tool.
 * Returns a new object; `args` is not modified.
 */
export function undoProfile(schema: JsonSchema, args: Record<string, unknown>, undo: readonly ProfileUndo[]): Record<string, unknown> {
  const rules = new Set(undo);
  return undoValue(schema, args, rules) as Record<string, unknown>;
}

function undoValue(schema: unknown, value: unknown, rules: ReadonlySet<ProfileUndo>): unknown {
  if (!isSchema(schema) || value === null || value === undefined) return value;
  if (typeof value === "string" && rules.has("jsonStrings") && !admits(schema, "string")) {
    try {
      return undoValue(schema, JSON.parse(value) as unknown, rules);
    } catch {
      return value; // Not JSON: validation names the field and the type it wants.
    }
  }
  if (Array.isArray(value)) {
    const items = subschemas(schema, "items");
    return items.length === 0 ? value : value.map((item) => undoValue(union(items), item, rules));
  }
  if (typeof value !== "object") return value;
  const declared = declaredProperties(schema);
  const required = new Set(branches(schema).flatMap((branch) => (Array.isArray(branch.required) ? branch.required.filter((r): r is string => typeof r === "string") : [])));
  const extra = subschemas(schema, "additionalProperties");
  const listedToFull = new Map<string, string>();
  if (rules.has("renamedKeys")) for (const [full, listed] of profileKeys([...declared.keys()])) if (full !== listed) listedToFull.set(listed, full);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const name = declared.has(key) ? key : (listedToFull.get(key) ?? key);
    // A key both renamed and given under its own name: the model's own spelling wins.
    if (name !== key && Object.hasOwn(value, name)) continue;
    const sub = declared.get(name) ?? (extra.length > 0 ? extra : undefined);
    if (item === null && rules.has("nullMeansAbsent") && sub !== undefined && !required.has(name)) continue;
    Object.defineProperty(out, name, { value: sub === undefined ? item : undoValue(union(sub), item, rules), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isSchema(schema: unknown): schema is Record<string, unknown> {
  return schema !== null && typeof schema === "object" && !Array.isArray(schema);
}

/** One schema for several that apply at the same place. */
function union(schemas: readonly unknown[]): unknown {
  return schemas.length === 1 ? schemas[0] : { anyOf: [...schemas] };
}

/** The branches of `anyOf`/`oneOf`/`allOf` and the schema itself. */
function branches(schema: Record<string, unknown>): Record<string, unknown>[] {
  const out = [schema];
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const branch of list) if (isSchema(branch)) out.push(...branches(branch));
  }
  return out;
}

/** Every schema given for `keyword` (`items`, `additionalProperties`) here or in a branch. */
function subschemas(schema: Record<string, unknown>, keyword: string): unknown[] {
  return branches(schema).map((branch) => branch[keyword]).filter(isSchema);
}

/** Property name → the schemas declared for it here or in any branch. */
function declaredProperties(schema: Record<string, unknown>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const branch of branches(schema)) {
    const properties = branch.properties;
    if (!isSchema(properties)) continue;
    for (const [name, sub] of Object.entries(properties)) out.set(name, [...(out.get(name) ?? []), sub]);
  }
  return out;
}

/** Whether some value of JSON type `type` can be valid here (`type`, `enum`, `const`, unions; other keywords aside). */
function admits(schema: unknown, type: "string"): boolean {
  if (!isSchema(schema)) return schema !== false;
  const types = schema.type;
  if (typeof types === "string" && types !== type) return false;
  if (Array.isArray(types) && !types.includes(type)) return false;
  const typeOf = (v: unknown): string => (v === null ? "null" : typeof v);
  if (Object.hasOwn(schema, "const") && typeOf(schema.const) !== type) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => typeOf(v) === type)) return false;
  for (const keyword of ["anyOf", "oneOf"]) {
    const list = schema[keyword];
    if (Array.isArray(list) && !list.some((branch) => admits(branch, type))) return false;
  }
  const all = schema.allOf;
  if (Array.isArray(all) && !all.every((branch) => admits(branch, type))) return false;
  return true;
}
