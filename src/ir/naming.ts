/**
 * Tool and argument names. Tool names are snake_case `[a-z0-9_]` (the curation file may set any
 * `[A-Za-z0-9_-]`), at most `maxLength` characters, unique and the same on every run.
 */
import { createHash } from "node:crypto";

/** Splits camelCase, kebab-case, dotted and slashed words into lower snake_case. */
export function toSnakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/**
 * The tool name an operation gets before any dedupe: its operationId in snake_case, or, without
 * one, the method and the path's words (`GET /pets/{petId}` → `get_pets_by_pet_id`).
 */
export function baseToolName(operationId: string | undefined, method: string, path: string): string {
  const fromId = operationId ? toSnakeCase(operationId) : "";
  if (fromId) return fromId;
  const words = path
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param?.[1] ? `by_${toSnakeCase(param[1])}` : toSnakeCase(segment);
    })
    .filter((word) => word !== "" && word !== "by_");
  return [method.toLowerCase(), ...words].join("_") || method.toLowerCase();
}

/**
 * Shortens a name to `maxLength`, keeping it unique by ending it with a short hash of the full
 * name (`very_long_name_…_3f2a1b`), so two long names that share a prefix stay apart.
 */
export function shortenName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 6);
  const head = name.slice(0, Math.max(1, maxLength - hash.length - 1)).replace(/_+$/, "");
  return `${head}_${hash}`;
}

/**
 * Makes names unique in the order given: the second `list_pets` becomes `list_pets_2`, then `_3`.
 * Spec order is stable, so the result is the same on every run.
 */
export function dedupeNames(names: string[], maxLength: number): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = `${name.slice(0, maxLength - suffix.length)}${suffix}`;
    }
    taken.add(candidate);
    return candidate;
  });
}

/**
 * An argument name that every client accepts (`^[A-Za-z0-9_.-]{1,64}$`, the strictest rule among
 * Anthropic, OpenAI and Gemini): `filter[status]` → `filter_status`, `$top` → `top`.
 */
export function toArgumentName(wireName: string): string {
  const cleaned = wireName
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_.-]+|[_.-]+$/g, "");
  return shortenName(cleaned || "arg", 64);
}
