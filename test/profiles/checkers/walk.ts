/**
 * A schema walk for the vendor checkers: visits every subschema with its location, so each checker
 * states only its vendor's rules. Written for the tests, independently of src/profile/.
 */
export type Schema = Record<string, unknown>;

/** One visited subschema. */
export interface Visit {
  schema: Schema;
  /** JSON pointer-ish location inside the input schema. */
  at: string;
  /** Objects above (and including) this one when it is an object; the root object is level 1. */
  objectLevel: number;
  /** The keyword that led here (`properties`, `items`, `anyOf`, ...), or "" at the root. */
  via: string;
}

export function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every subschema under `root`, root first. */
export function visitSchemas(root: unknown): Visit[] {
  const out: Visit[] = [];
  const go = (node: unknown, at: string, level: number, via: string): void => {
    if (!isSchema(node)) return;
    const isObject = node.type === "object" || (Array.isArray(node.type) && node.type.includes("object")) || isSchema(node.properties);
    const here = isObject ? level + 1 : level;
    out.push({ schema: node, at, objectLevel: here, via });
    if (isSchema(node.properties)) for (const [k, v] of Object.entries(node.properties)) go(v, `${at}/properties/${k}`, here, "properties");
    if (isSchema(node.items)) go(node.items, `${at}/items`, here, "items");
    if (Array.isArray(node.prefixItems)) node.prefixItems.forEach((v, i) => go(v, `${at}/prefixItems/${i}`, here, "prefixItems"));
    if (isSchema(node.additionalProperties)) go(node.additionalProperties, `${at}/additionalProperties`, here, "additionalProperties");
    for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((v, i) => go(v, `${at}/${k}/${i}`, level, k));
    for (const k of ["not", "if", "then", "else", "contains", "propertyNames"]) if (isSchema(node[k])) go(node[k], `${at}/${k}`, level, k);
    if (isSchema(node.$defs)) for (const [k, v] of Object.entries(node.$defs)) go(v, `${at}/$defs/${k}`, level, "$defs");
  };
  go(root, "", 0, "");
  return out;
}

/** The tool shape every checker reads (an MCP Tool as `tools/list` returns it). */
export interface ListedTool {
  name: string;
  description?: string;
  inputSchema: Schema;
}
