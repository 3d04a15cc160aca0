/**
 * Budgeted shrinking of a parsed JSON tree: returns a copy whose compact JSON text fits a character
 * budget, recording every cut. Recursion is bounded by MAX_DEPTH; sizing is iterative.
 */

/** A parsed JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One place where content was removed. `original`/`kept` count items, keys or characters. */
export interface Cut {
  path: string;
  kind: "array" | "object" | "string";
  original: number;
  kept: number;
}

/** A shrunk value and the exact length of its compact JSON text. */
export interface Shrunk {
  value: Json;
  size: number;
}

/** Containers deeper than this are emptied when they must be shrunk ("deep nesting reduced"). */
export const MAX_DEPTH = 24;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_PATH = 120;
/** `"` `\\` and the control characters JSON writes as two-character escapes (\b \t \n \f \r). */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Length of `JSON.stringify(text)` for a string, counting its escapes. */
function escapedWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (SHORT_ESCAPES.has(code)) return 2;
  if (code < 0x20) return 6;
  if (code >= 0xd800 && code <= 0xdfff) {
    const pairs = code <= 0xdbff ? (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 : (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    return pairs ? 1 : 6; // lone surrogates are written as \udXXX
  }
  return 1;
}

/** Appends a key or index to a JSONPath-like path, e.g. `$.data.items[3]["odd key"]`. */
export function childPath(path: string, key: string | number): string {
  const segment = typeof key === "number" ? `[${key}]` : IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  const next = path + segment;
  return next.length > MAX_PATH ? `${next.slice(0, MAX_PATH - 1)}…` : next;
}

function isContainer(node: Json): node is Json[] | { [key: string]: Json } {
  return typeof node === "object" && node !== null;
}

/**
 * Shrinks one parsed JSON document against character budgets; reusable across passes. Sizes are
 * measured lazily and capped: a walk stops as soon as it exceeds the size being asked about, so a pass
 * costs about its budget, not the size of the input.
 */
export class JsonShrinker {
  /** Exact compact-JSON lengths of fully measured containers. */
  private readonly exact = new WeakMap<object, number>();
  /** Lower bounds for containers whose measuring stopped early. */
  private readonly atLeast = new WeakMap<object, number>();
  /** Cuts recorded since the last {@link JsonShrinker.reset}, after the initial ones. */
  cuts: Cut[];

  /** `initialCuts` were made before shrinking (e.g. by {@link limitDepth}) and survive every reset. */
  constructor(private readonly initialCuts: readonly Cut[] = []) {
    this.cuts = [...initialCuts];
  }

  /** Forgets the cuts of the previous pass before a new one. */
  reset(): void {
    this.cuts = [...this.initialCuts];
  }

  private primitiveSize(node: Json): number {
    if (node === null) return 4;
    if (typeof node === "boolean") return node ? 4 : 5;
    if (typeof node === "number") return Number.isFinite(node) ? String(node).length : 4;
    return JSON.stringify(node).length;
  }

  /**
   * The compact-JSON length of `node` when it is at most `cap`; otherwise some number above `cap`.
   * Iterative, so arbitrarily deep documents cannot overflow the stack.
   */
  sizeAtMost(node: Json, cap: number): number {
    if (!isContainer(node)) return this.primitiveSize(node);
    const known = this.exact.get(node);
    if (known !== undefined) return known;
    const bound = this.atLeast.get(node);
    if (bound !== undefined && bound > cap) return bound;
    let total = 0;
    const stack: Json[] = [node];
    while (stack.length > 0) {
      const current = stack.pop() as Json;
      if (!isContainer(current)) total += this.primitiveSize(current);
      else if (Array.isArray(current)) {
        total += 2 + Math.max(0, current.length - 1);
        for (let i = current.length - 1; i >= 0; i--) stack.push(current[i] as Json);
      } else {
        const keys = Object.keys(current);
        total += 2 + Math.max(0, keys.length - 1);
        for (const key of keys) {
          total += JSON.stringify(key).length + 1;
          stack.push(current[key] as Json);
        }
      }
      if (total > cap) {
        this.atLeast.set(node, total);
        return total;
      }
    }
    this.exact.set(node, total);
    return total;
  }

  /** Returns `node` or a shrunk copy whose JSON length is ≤ `budget`; `undefined` if nothing fits. */
  shrink(node: Json, budget: number, path: string, depth = 0): Shrunk | undefined {
    const size = this.sizeAtMost(node, budget);
    if (size <= budget) return { value: node, size };
    if (typeof node === "string") return this.shrinkString(node, budget, path);
    if (!isContainer(node)) return budget >= 3 ? { value: "…", size: 3 } : undefined;
    if (budget < 2) return undefined;
    if (depth >= MAX_DEPTH) {
      const original = Array.isArray(node) ? node.length : Object.keys(node).length;
      this.cuts.push({ path, kind: Array.isArray(node) ? "array" : "object", original, kept: 0 });
      return { value: Array.isArray(node) ? [] : {}, size: 2 };
    }
    return Array.isArray(node) ? this.shrinkArray(node, budget, path, depth) : this.shrinkObject(node, budget, path, depth);
  }

  /** Cuts a string to fit, ending it with `…[N more chars]`. */
  shrinkString(text: string, budget: number, path: string): Shrunk | undefined {
    const suffixWidth = `…[${text.length} more chars]`.length; // digits of the full length bound the real suffix
    const room = budget - 2 - suffixWidth;
    if (room < 1) return budget >= 3 ? this.recordString(text, path, "…", 0) : undefined;
    let used = 0;
    let end = 0;
    while (end < text.length) {
      const width = escapedWidth(text, end);
      const isPair = width === 1 && (text.charCodeAt(end) & 0xfc00) === 0xd800;
      const step = isPair ? 2 : 1;
      if (used + width * step > room) break;
      used += width * step;
      end += step;
    }
    return this.recordString(text, path, `${text.slice(0, end)}…[${text.length - end} more chars]`, end);
  }

  private recordString(text: string, path: string, value: string, kept: number): Shrunk {
    this.cuts.push({ path, kind: "string", original: text.length, kept });
    return { value, size: JSON.stringify(value).length };
  }

  /** Keeps the longest prefix of whole items that fits; if not even one fits, a shrunk first item. */
  shrinkArray(items: Json[], budget: number, path: string, depth: number): Shrunk {
    const kept: Json[] = [];
    let used = 2;
    for (const item of items) {
      const separator = kept.length > 0 ? 1 : 0;
      const extra = this.sizeAtMost(item, budget - used - separator) + separator;
      if (used + extra > budget) break;
      kept.push(item);
      used += extra;
    }
    if (kept.length === 0 && items.length > 0) {
      const first = this.shrink(items[0] as Json, budget - 2, childPath(path, 0), depth + 1);
      if (first !== undefined) {
        kept.push(first.value);
        used += first.size;
      }
    }
    if (kept.length < items.length) this.cuts.push({ path, kind: "array", original: items.length, kept: kept.length });
    return { value: kept, size: used };
  }

  /**
   * Keeps a prefix of the keys (each costed at its size, capped at an eighth of the budget), then
   * shares the budget among their values smallest-first: small values stay whole, large ones are shrunk
   * with a fair share plus whatever the smaller ones left over.
   */
  shrinkObject(node: { [key: string]: Json }, budget: number, path: string, depth: number): Shrunk {
    const keys = Object.keys(node);
    const slot = Math.max(3, Math.floor(budget / 8));
    const keyWidths: number[] = [];
    let overhead = 2;
    let floor = 0;
    for (const key of keys) {
      const width = JSON.stringify(key).length + 1 + (keyWidths.length > 0 ? 1 : 0);
      const minimum = Math.min(this.sizeAtMost(node[key] as Json, slot), slot);
      if (overhead + floor + width + minimum > budget) break;
      keyWidths.push(width);
      overhead += width;
      floor += minimum;
    }
    const count = keyWidths.length;
    const sizes = keys.slice(0, count).map((key) => this.sizeAtMost(node[key] as Json, budget));
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (sizes[a] as number) - (sizes[b] as number));
    const results = new Array<Shrunk | undefined>(count);
    let remaining = budget - overhead;
    order.forEach((index, position) => {
      const key = keys[index] as string;
      const fair = Math.floor(remaining / (count - position));
      const result = this.shrink(node[key] as Json, fair, childPath(path, key), depth + 1);
      results[index] = result;
      if (result !== undefined) remaining -= result.size;
    });
    const value: { [key: string]: Json } = {};
    let size = 2;
    let kept = 0;
    results.forEach((result, index) => {
      if (result === undefined) return;
      const key = keys[index] as string;
      // defineProperty: a plain assignment to "__proto__" would set the prototype instead of a key.
      Object.defineProperty(value, key, { value: result.value, enumerable: true, writable: true, configurable: true });
      size += JSON.stringify(key).length + 1 + result.size + (kept > 0 ? 1 : 0);
      kept++;
    });
    if (kept < keys.length) this.cuts.push({ path, kind: "object", original: keys.length, kept });
    return { value, size };
  }
}

type Container = unknown[] | { [key: string]: unknown };

/**
 * Copies `value` down to `maxDepth` levels, emptying deeper containers and recording them in `cuts`.
 * Iterative: used when a value is too deep for the recursive `JSON.stringify`.
 */
export function limitDepth(value: unknown, maxDepth: number, cuts: Cut[]): unknown {
  const isBox = (v: unknown): v is Container => typeof v === "object" && v !== null;
  if (!isBox(value)) return value;
  const copyRoot: Container = Array.isArray(value) ? [] : {};
  const stack: Array<[Container, Container, number, string]> = [[value, copyRoot, 0, "$"]];
  while (stack.length > 0) {
    const [source, target, depth, path] = stack.pop() as [Container, Container, number, string];
    const entries: Array<[string | number, unknown]> = Array.isArray(source)
      ? source.map((v, i) => [i, v])
      : Object.entries(source);
    for (const [key, child] of entries) {
      let copy = child;
      if (isBox(child)) {
        copy = Array.isArray(child) ? [] : {};
        const here = childPath(path, key);
        const size = Array.isArray(child) ? child.length : Object.keys(child).length;
        if (depth + 1 < maxDepth) stack.push([child, copy as Container, depth + 1, here]);
        else if (size > 0) cuts.push({ path: here, kind: Array.isArray(child) ? "array" : "object", original: size, kept: 0 });
      }
      Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return copyRoot;
}
