/**
 * The `fields` argument (issue 11, curation `fields: true`): keep only the named parts of a JSON
 * answer, before it is fitted to the response budget, so a model that needs `number` and
 * `title` of 100 issues gets those instead of the first few whole issues.
 *
 * Paths are dotted (`user.login`); a step that meets an array applies to every element, so
 * `items.title` picks the title of every item of `{"items": [...]}`, and `title` the title of every
 * element of a top-level array. Keys that hold a dot cannot be named (the rare price of a simple
 * syntax). Paths that match nothing are reported beside the data, with the fields that exist.
 */
import type { JsonValue } from "../core/tool-definition.js";

/** A tree of requested paths: `true` keeps the whole value below. */
type FieldTree = { [key: string]: FieldTree | true };

/** What a selection kept and what it could not find. */
export interface FieldSelection {
  value: JsonValue;
  /** Requested paths that matched nothing. */
  missing: string[];
}

/** Most paths a listing of available fields names (they go into a result, so they cost tokens). */
export const MAX_LISTED_FIELDS = 60;
const MAX_FIELD_DEPTH = 3;
/** Array elements sampled for the fields they hold. */
const SAMPLED_ELEMENTS = 20;

function treeOf(paths: string[]): FieldTree {
  const tree: FieldTree = {};
  for (const path of paths) {
    const steps = path.split(".").filter((s) => s !== "");
    let node: FieldTree | true = tree;
    for (const [i, step] of steps.entries()) {
      if (node === true) break; // a parent path already keeps everything below
      if (i === steps.length - 1) node[step] = true;
      else node = node[step] ??= {};
    }
  }
  return tree;
}

function project(value: JsonValue, tree: FieldTree, found: Set<string>, prefix: string): JsonValue {
  if (Array.isArray(value)) return value.map((element) => project(element, tree, found, prefix));
  if (value === null || typeof value !== "object") return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, below] of Object.entries(tree)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    found.add(path);
    out[key] = below === true ? value[key]! : project(value[key]!, below, found, path);
  }
  return out;
}

/** Keeps only `paths` of `value` (see the module comment for the path rules). */
export function selectFields(value: JsonValue, paths: string[]): FieldSelection {
  const found = new Set<string>();
  const tree = treeOf(paths);
  const kept = project(value, tree, found, "");
  const wholes = wholePaths(tree, "");
  // A path below one kept whole is not looked for separately: the whole parent went out.
  const missing = paths.filter((path) => {
    const steps = path.split(".").filter((s) => s !== "");
    return !steps.some((_, i) => found.has(steps.slice(0, i + 1).join(".")) && (i === steps.length - 1 || wholes.has(steps.slice(0, i + 1).join("."))));
  });
  return { value: kept, missing };
}

function wholePaths(tree: FieldTree, prefix: string): Set<string> {
  const out = new Set<string>();
  for (const [key, below] of Object.entries(tree)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (below === true) out.add(path);
    else for (const p of wholePaths(below, path)) out.add(p);
  }
  return out;
}

/**
 * The dotted paths a value offers, breadth first and at most {@link MAX_LISTED_FIELDS}, arrays
 * looked through (their first elements sampled), down to three steps: what a model can pass as
 * `fields` next time.
 */
export function availableFields(value: unknown): string[] {
  const paths: string[] = [];
  const seen = new Set<string>();
  let level: Array<{ node: unknown; prefix: string }> = [{ node: value, prefix: "" }];
  for (let depth = 0; depth < MAX_FIELD_DEPTH && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { node, prefix } of level) {
      for (const object of objectsIn(node)) {
        for (const [key, child] of Object.entries(object)) {
          const path = prefix === "" ? key : `${prefix}.${key}`;
          if (!seen.has(path)) {
            seen.add(path);
            if (paths.length >= MAX_LISTED_FIELDS) return paths;
            paths.push(path);
          }
          if (child !== null && typeof child === "object") next.push({ node: child, prefix: path });
        }
      }
    }
    level = next;
  }
  return paths;
}

function objectsIn(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.slice(0, SAMPLED_ELEMENTS).flatMap(objectsIn);
  return node !== null && typeof node === "object" ? [node as Record<string, unknown>] : [];
}
