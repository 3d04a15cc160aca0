/**
 * Puts every argument of an operation into one `type: "object"` input schema.
 *
 * Name rule (deterministic, documented in the README): arguments are named after the parameter or
 * body property, made client-safe by {@link toArgumentName}. When two arguments want the same
 * name, locations rank path > query > header > cookie > body; the higher-ranked keeps the name
 * and the other gets its location as a suffix (`id` in path and body → `id`, `id_body`), then a
 * number if that is taken too (`id_body_2`).
 */
import type { ArgumentBinding, JsonSchema } from "../runtime/tool-definition.js";
import type { ArgumentDraft } from "./build-context.js";
import { toArgumentName } from "./naming.js";

const RANK: Record<ArgumentDraft["location"], number> = { path: 0, query: 1, header: 2, cookie: 3, body: 4 };

/** The input schema and the bindings, in the same (spec) order. */
export interface AssembledInput {
  inputSchema: JsonSchema;
  bindings: ArgumentBinding[];
}

/** Assigns unique argument names and builds the object schema. */
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
    properties[argument] = draft.schema;
    if (draft.required) required.push(argument);
    return { argument, target: draft.target, required: draft.required };
  });
  const inputSchema: JsonSchema = { type: "object", properties };
  if (required.length > 0) inputSchema.required = required;
  return { inputSchema, bindings };
}
