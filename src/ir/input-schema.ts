/**
 * Puts every argument of an operation into one `type: "object"` input schema.
 *
 * Name rule (deterministic, documented in the README): arguments are named after the parameter or
 * body property, made client-safe by {@link toArgumentName}. When two arguments want the same
 * name, locations rank path > query > header > cookie > body; the higher-ranked keeps the name
 * and the other gets its location as a suffix (`id` in path and body → `id`, `id_body`), then a
 * number if that is taken too (`id_body_2`). Required single-value arguments are fixed and hidden
 * (see {@link assembleInput}).
 */
import type { ArgumentBinding, JsonSchema, JsonValue } from "../runtime/core/tool-definition.js";
import type { ArgumentDraft } from "./build-context.js";
import { leanSchema } from "./lean-schema.js";
import { toArgumentName } from "./naming.js";
import { dropEncodingAdvice } from "./operation-prose.js";

const RANK: Record<ArgumentDraft["location"], number> = { path: 0, query: 1, header: 2, cookie: 3, body: 4 };

/** The input schema and the bindings, in the same (spec) order. */
export interface AssembledInput {
  inputSchema: JsonSchema;
  bindings: ArgumentBinding[];
}

/**
 * The one value a schema admits (`const`, or a one-element `enum`), if any
 * (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.1.2).
 */
export function singleValue(schema: JsonSchema): { value: JsonValue } | undefined {
  if (schema.const !== undefined) return { value: schema.const };
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return { value: schema.enum[0] as JsonValue };
  return undefined;
}

/**
 * Assigns unique argument names and builds the object schema. A required argument whose schema
 * admits exactly one value (EC2's `Action=RunInstances`, `Version=2016-11-15`) is not the model's
 * choice: its binding is hidden with that value fixed, as a curation `value` would do. This holds
 * for body properties too (a required property of a required body), where a one-value `type` tag is
 * the same kind of constant.
 */
export function assembleInput(drafts: ArgumentDraft[]): AssembledInput {
  const names = new Map<ArgumentDraft, string>();
  const taken = new Set<string>();
  const byRank = [...drafts].sort((a, b) => RANK[a.location] - RANK[b.location]);
  for (const draft of byRank) {
    const base = toArgumentName(draft.wireName);
    let name = base;
    if (taken.has(name)) name = `${base}_${draft.location}`;
    for (let n = 2; taken.has(name); n++) name = `${base}_${draft.location}_${n}`;
    taken.add(name);
    names.set(draft, name);
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const bindings: ArgumentBinding[] = drafts.map((draft) => {
    const argument = names.get(draft)!;
    const fixed = draft.required ? singleValue(draft.schema) : undefined;
    if (fixed !== undefined) return { argument, target: draft.target, required: true, fixedValue: fixed.value, hidden: true };
    const schema = draft.location === "path" ? withoutEncodingAdvice(leanSchema(draft.schema)) : leanSchema(draft.schema);
    properties[argument] = restatesName(schema.description, draft.wireName) ? withoutDescription(schema) : schema;
    if (draft.required) required.push(argument);
    return { argument, target: draft.target, required: draft.required };
  });
  const inputSchema: JsonSchema = { type: "object", properties };
  if (required.length > 0) inputSchema.required = required;
  return { inputSchema, bindings };
}

/** Words a description may add to a name and still say nothing more ("The unique identifier of the gist."). */
const FILLER = new Set(["the", "a", "an", "of", "for", "this", "that", "unique"]);
/** Abbreviations argument names use, with the words descriptions spell out. */
const SPELLED_OUT: Record<string, string[]> = { id: ["identifier"], ids: ["identifiers"], org: ["organization"], repo: ["repository"], num: ["number"], desc: ["description"] };

/**
 * Whether a description only restates its argument's name: every word of it, less articles, is a
 * word of the name or its spelled-out abbreviation (`secret_name` "The name of the secret.",
 * `gist_id` "The unique identifier of the gist."). The name already says it, in every client; on
 * GitHub's spec about 3,000 tokens. Anything more — a format, a unit, a constraint — keeps it.
 */
export function restatesName(description: unknown, name: string): boolean {
  if (typeof description !== "string") return false;
  const nameWords = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const allowed = new Set(nameWords.flatMap((word) => [word, ...(SPELLED_OUT[word] ?? [])]));
  const words = description.toLowerCase().replace(/[.`]/g, " ").split(/\s+/).filter((word) => word !== "" && !FILLER.has(word));
  return words.length > 0 && words.every((word) => allowed.has(word));
}

/** A path argument's schema without advice to percent-encode it ({@link dropEncodingAdvice}). */
function withoutEncodingAdvice(schema: JsonSchema): JsonSchema {
  if (typeof schema.description !== "string") return schema;
  const description = dropEncodingAdvice(schema.description);
  if (description === schema.description) return schema;
  if (description === "") return withoutDescription(schema);
  return { ...schema, description };
}

function withoutDescription(schema: JsonSchema): JsonSchema {
  const { description: _restated, ...rest } = schema;
  return rest;
}
