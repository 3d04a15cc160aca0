/**
 * Lazy resolution of local `$ref`s. External refs were bundled into local ones at load time, so
 * every `$ref` here is a fragment (`#/components/schemas/Pet`). Resolving lazily, instead of
 * dereferencing the whole document up front, keeps large specs fast and lets each error name
 * the place that holds the broken reference.
 */
import { SpecError } from "../errors.js";
import { getAtPointer } from "./json-pointer.js";

/** A resolved node and the pointer where it actually lives. */
export interface Resolved<T> {
  value: T;
  pointer: string;
}

/** Follows `$ref`s within one document. */
export interface RefResolver {
  /** The file the document came from, for error locations. */
  readonly file: string;
  /** The whole document. */
  readonly document: Record<string, unknown>;
  /**
   * Follows a chain of `$ref`s starting at `node` (which lives at `pointer`). Returns the node
   * itself when it is not a reference. Throws {@link SpecError} for a dangling or looping chain.
   */
  resolve<T>(node: T, pointer: string): Resolved<T>;
}

/** True when the node is a Reference Object (`{ $ref: string }`). */
export function isRef(node: unknown): node is { $ref: string } {
  return (
    typeof node === "object" &&
    node !== null &&
    typeof (node as { $ref?: unknown }).$ref === "string"
  );
}

/** Creates a resolver over a loaded document. */
export function createRefResolver(document: Record<string, unknown>, file: string): RefResolver {
  // Where each `$ref` string leads. Every ref here is a fragment of this one document, so it leads to
  // the same place from wherever it is found; large specs repeat the same few hundred refs thousands
  // of times (GitHub: 10,460 `$ref`s). Failures are not kept: they throw, naming the place.
  const chains = new Map<string, Resolved<unknown>>();
  return {
    file,
    document,
    resolve<T>(node: T, pointer: string): Resolved<T> {
      if (!isRef(node)) return { value: node, pointer };
      const known = chains.get(node.$ref);
      if (known !== undefined) return known as Resolved<T>;
      let current: unknown = node;
      let at = pointer;
      const seen = new Set<string>();
      while (isRef(current)) {
        const ref = current.$ref;
        if (!ref.startsWith("#")) {
          throw new SpecError(
            `unresolved external reference "${ref}"`,
            { file, pointer: at },
            "check that the referenced file exists next to the spec",
          );
        }
        if (seen.has(ref)) {
          throw new SpecError(`reference loop through "${ref}"`, { file, pointer: at }, "make one of the references point at a real object");
        }
        seen.add(ref);
        const target = getAtPointer(document, ref);
        if (target === undefined) {
          throw new SpecError(
            `"$ref": "${ref}" points at nothing`,
            { file, pointer: at },
            "fix the reference or add the missing definition",
          );
        }
        current = target;
        at = ref;
      }
      const resolved = { value: current as T, pointer: at };
      chains.set(node.$ref, resolved);
      return resolved;
    },
  };
}
