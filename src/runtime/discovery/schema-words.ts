/**
 * What an operation accepts, beyond its argument names: the names of the properties nested in
 * its arguments and the values its enums allow. A need is often phrased as an outcome that names
 * one of them rather than the operation — "turn the server off" is DigitalOcean's droplet action
 * whose `type` enum holds `power_off`, "have Dana cover my shift" an override whose body holds
 * `start`, `end` and `user` — so the search reads them, at a low weight (search-index.ts).
 *
 * Read from the tool's input schema (JSON Schema 2020-12, https://json-schema.org/draft/2020-12/json-schema-core#section-10.3.2.1
 * `properties`, §10.2.1 `anyOf`/`oneOf`/`allOf`, and validation's `enum`, §6.1.2), which the IR
 * has already made self-contained.
 */
import type { JsonSchema, JsonValue } from "../core/tool-definition.js";

/** How deep below the arguments nested property names are read: deeper ones are plumbing. */
const MAX_DEPTH = 3;
/** The most words one operation contributes: a huge schema must not outweigh its summary. */
const MAX_WORDS = 120;
/**
 * Arguments whose enums order or shape the answer (`sort: created|updated`, `direction:
 * asc|desc`) rather than say what the operation does: their values are in most list operations
 * and would only add noise.
 */
const SHAPING_ARGUMENTS = /^(?:sort|sort_by|order|order_by|direction|dir|include|expand|fields|format|per_page|page|limit|time_zone|timezone)$/i;

/**
 * The nested property names (not the top-level ones: those are arguments) and enum values of an
 * input schema, each once, in schema order, at most {@link MAX_WORDS}.
 */
export function schemaWords(schema: JsonSchema): string[] {
  const out = new Set<string>();
  const visit = (node: JsonValue | undefined, depth: number, argument: string | undefined): void => {
    if (out.size >= MAX_WORDS || node === null || typeof node !== "object" || Array.isArray(node) || depth > MAX_DEPTH) return;
    if (Array.isArray(node.enum) && !(argument !== undefined && SHAPING_ARGUMENTS.test(argument))) {
      for (const value of node.enum) if (typeof value === "string" && out.size < MAX_WORDS) out.add(value);
    }
    for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, depth, argument);
    }
    visit(node.items, depth, argument);
    const properties = node.properties;
    if (properties !== null && typeof properties === "object" && !Array.isArray(properties)) {
      for (const [name, child] of Object.entries(properties)) {
        if (depth > 0 && out.size < MAX_WORDS) out.add(name);
        visit(child, depth + 1, depth === 0 ? name : argument);
      }
    }
  };
  visit(schema, 0, undefined);
  return [...out];
}
