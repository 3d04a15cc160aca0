/**
 * OpenAPI Schema Object → self-contained JSON Schema 2020-12, as MCP clients expect tool schemas
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool).
 *
 * This file owns the walk: `$ref` inlining with a recursion cut, memoisation of converted
 * references, and the depth and size guards. Keyword conversion lives in `schema-object.ts`.
 *
 * Outputs are shared: a memoised reference is returned as the same object every time it is used,
 * and `enum`/`default`/`examples` values are the spec's own objects. Clone before mutating.
 */
import type { JsonSchema } from "../runtime/core/tool-definition.js";
import { mergeAllOf } from "./merge-all-of.js";
import { isRef, type RefResolver, type Resolved } from "./resolve-ref.js";
import { DEFAULT_MAX_SCHEMA_DEPTH, DEFAULT_MAX_SCHEMA_NODES, type SchemaContext, type SchemaWalker } from "./schema-context.js";
import { isPlainObject, lastPointerToken, typeList, type SchemaValue } from "./schema-json-value.js";
import { normaliseType, orderKeywords } from "./schema-keywords.js";
import { makeNullable } from "./schema-nullable.js";
import { objectToJsonSchema } from "./schema-object.js";
import type { Diagnostic, SpecVersion } from "./types.js";

export type { SchemaContext } from "./schema-context.js";
export { mergeAllOf } from "./merge-all-of.js";
export { flattenToObject } from "./flatten-to-object.js";

/** Subschemas nested deeper than this (any path, references or not) are cut, unless the context says otherwise. */
export const MAX_SCHEMA_DEPTH = DEFAULT_MAX_SCHEMA_DEPTH;

/** Output nodes one call may produce, unless the context says otherwise; beyond that, remaining subtrees are cut. */
export const MAX_SCHEMA_NODES = DEFAULT_MAX_SCHEMA_NODES;

/** One converted reference target, reusable wherever the reference appears. */
interface MemoEntry {
  schema: SchemaValue;
  /** Output nodes it holds, charged against the size guard on every reuse. */
  nodes: number;
  /** Nesting levels below its root, checked against the depth guard on every reuse. */
  height: number;
  /** Quirks found inside it, reported again to callers that did not see them. */
  warnings: Diagnostic[];
}

/** State of one `schemaToJsonSchema` call. */
interface Walk {
  ctx: SchemaContext;
  memo: Map<string, MemoEntry>;
  refs: Map<string, Resolved<unknown>>;
  walkers: SchemaWalker[];
  /** Pointers of the reference targets being expanded, outermost first. */
  refStack: string[];
  nodes: number;
  /** Deepest level reached so far (reset around each reference to measure its height). */
  deepest: number;
  /** Cut nodes emitted so far: a subtree holding one depends on where it was reached, so it is not memoised. */
  cuts: number;
  /** Every quirk reported in this call, including replays, so that memo entries can record theirs. */
  reported: Diagnostic[];
  depthWarned: boolean;
  sizeWarned: boolean;
  maxDepth: number;
  maxNodes: number;
}

/**
 * Memo per resolver (so per document), keyed by dialect, recursion limit, direction and target
 * pointer. A target is memoised only when its conversion hit no cut: such a subtree contains no
 * reference to anything on the stack above it, so its conversion does not depend on where it is
 * reached (except for the depth and size guards, which are re-checked on every reuse).
 */
const memos = new WeakMap<RefResolver, Map<string, Map<string, MemoEntry>>>();

/** Resolved `$ref` strings per resolver: local references resolve the same from anywhere. */
const resolvedRefs = new WeakMap<RefResolver, Map<string, Resolved<unknown>>>();

/** Pointer+message of quirks already in a warnings array, so each appears once. */
const seenWarnings = new WeakMap<Diagnostic[], Set<string>>();

/**
 * Converts the Schema Object `schema`, found at `pointer` in the document, into a JSON Schema 2020-12
 * object with no `$ref`, only whitelisted keywords, and values that Ajv compiles in strict mode.
 * A boolean schema at the top becomes `{}` (true) or `{not: {}}` (false).
 *
 * Recursive references are expanded until one target would appear more than
 * `ctx.maxRecursionDepth` times on the current stack; that occurrence becomes a cut node:
 * `{type?, description: "<Name> (recursive; nested levels beyond this one are not described)"}`.
 * The result may share objects with other results: clone before mutating.
 */
export function schemaToJsonSchema(schema: unknown, pointer: string, ctx: SchemaContext): JsonSchema {
  const maxDepth = ctx.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH;
  const maxNodes = ctx.maxNodes ?? DEFAULT_MAX_SCHEMA_NODES;
  const walk: Walk = {
    ctx,
    memo: memoFor(ctx, maxDepth, maxNodes),
    refs: resolvedRefsFor(ctx),
    walkers: [],
    refStack: [],
    nodes: 0,
    deepest: 0,
    cuts: 0,
    reported: [],
    depthWarned: false,
    sizeWarned: false,
    maxDepth,
    maxNodes,
  };
  const out = convertNode(schema, pointer, 0, walk);
  if (out === true) return {};
  if (out === false) return { not: {} };
  return out;
}

/**
 * Builds a {@link SchemaContext}. Contexts over the same resolver share the memo of converted
 * references (per direction), so create one per direction per document and reuse it.
 */
export function createSchemaContext(
  resolver: RefResolver,
  specVersion: SpecVersion,
  direction: SchemaContext["direction"],
  maxRecursionDepth: number,
  warnings: Diagnostic[],
  limits: { maxDepth?: number; maxNodes?: number } = {},
): SchemaContext {
  return { resolver, specVersion, direction, maxRecursionDepth, warnings, ...limits };
}

function resolvedRefsFor(ctx: SchemaContext): Map<string, Resolved<unknown>> {
  let byResolver = resolvedRefs.get(ctx.resolver);
  if (byResolver === undefined) {
    byResolver = new Map();
    resolvedRefs.set(ctx.resolver, byResolver);
  }
  return byResolver;
}

/** `ctx.resolver.resolve`, cached by `$ref` string (failures are not cached: they throw). */
function resolveRef(walk: Walk, node: { $ref: string }, pointer: string): Resolved<unknown> {
  const known = walk.refs.get(node.$ref);
  if (known !== undefined) return known;
  const resolved = walk.ctx.resolver.resolve<unknown>(node, pointer);
  walk.refs.set(node.$ref, resolved);
  return resolved;
}

/** One walker per nesting level, shared by every node at that level of this call. */
function walkerAt(depth: number, walk: Walk): SchemaWalker {
  let walker = walk.walkers[depth];
  if (walker === undefined) {
    walker = {
      ctx: walk.ctx,
      child: (child, at) => convertNode(child, at, depth + 1, walk),
      report: (at, message) => report(walk, at, message),
      resolve: (node, at) => resolveRef(walk, node, at),
    };
    walk.walkers[depth] = walker;
  }
  return walker;
}

/** The memo of one resolver for one configuration (dialect, recursion limit, direction, guards). */
function memoFor(ctx: SchemaContext, maxDepth: number, maxNodes: number): Map<string, MemoEntry> {
  let byResolver = memos.get(ctx.resolver);
  if (byResolver === undefined) {
    byResolver = new Map();
    memos.set(ctx.resolver, byResolver);
  }
  const config = `${ctx.specVersion}|${ctx.maxRecursionDepth}|${ctx.direction}|${maxDepth}|${maxNodes}`;
  let memo = byResolver.get(config);
  if (memo === undefined) {
    memo = new Map();
    byResolver.set(config, memo);
  }
  return memo;
}

function convertNode(raw: unknown, pointer: string, depth: number, walk: Walk): SchemaValue {
  if (typeof raw === "boolean") return raw;
  if (!isPlainObject(raw)) {
    report(walk, pointer, "schema is not an object; read as {} (any value)");
    return {};
  }
  if (isRef(raw)) return convertRef(raw, pointer, depth, walk);
  if (depth > walk.maxDepth) return depthCut(raw, pointer, walk);
  if (walk.nodes >= walk.maxNodes) return sizeCut(raw, pointer, walk);
  walk.nodes += 1;
  walk.deepest = Math.max(walk.deepest, depth);
  return objectToJsonSchema(raw, pointer, walkerAt(depth, walk));
}

/**
 * Inlines a reference. In 3.1+ a `$ref` may carry sibling keywords, which apply together with
 * the target (https://spec.openapis.org/oas/v3.1.0#schema-object: the Schema Object is a JSON Schema
 * 2020-12 schema); siblings win for annotations such as `description`. In 2.0 and 3.0 siblings
 * are ignored, as those specs require (https://spec.openapis.org/oas/v3.0.3#reference-object).
 */
function convertRef(node: Record<string, unknown> & { $ref: string }, pointer: string, depth: number, walk: Walk): SchemaValue {
  const { ctx } = walk;
  const target = resolveRef(walk, node, pointer);
  const expanded = expandRef(target.value, target.pointer, depth, walk);
  const { $ref, summary, nullable, "x-nullable": xNullable, ...siblings } = node;
  if (ctx.specVersion === "2.0" || ctx.specVersion === "3.0") return expanded;
  let out = expanded;
  if (Object.keys(siblings).length > 0) {
    const own = convertNode(siblings, pointer, depth, walk);
    // Siblings that convert to nothing (`$comment`, `x-*`) leave the memoised target shared.
    if (typeof own !== "boolean" && Object.keys(own).length > 0) {
      out = mergeAllOf({ ...own, allOf: [expanded, ...asList(own.allOf)] });
    }
  }
  if (typeof out !== "boolean") {
    if (typeof summary === "string" && out.description === undefined) out = { ...out, description: summary };
    if (nullable === true || xNullable === true) out = orderKeywords(makeNullable(out));
  }
  return out;
}

function asList(value: unknown): SchemaValue[] {
  return Array.isArray(value) ? (value as SchemaValue[]) : [];
}

/** Expands one reference target, or cuts it when it recurs too often; memoises clean results. */
function expandRef(target: unknown, at: string, depth: number, walk: Walk): SchemaValue {
  const occurrences = walk.refStack.filter((p) => p === at).length;
  if (occurrences >= Math.max(1, walk.ctx.maxRecursionDepth)) {
    walk.cuts += 1;
    return cutNode(target, `${nameOf(at)} (recursive; nested levels beyond this one are not described)`);
  }
  const hit = walk.memo.get(at);
  if (hit !== undefined && depth + hit.height <= walk.maxDepth && walk.nodes + hit.nodes <= walk.maxNodes) {
    walk.nodes += hit.nodes;
    walk.deepest = Math.max(walk.deepest, depth + hit.height);
    for (const warning of hit.warnings) reportDiagnostic(walk, warning);
    return hit.schema;
  }
  const before = { nodes: walk.nodes, cuts: walk.cuts, reported: walk.reported.length, deepest: walk.deepest };
  walk.deepest = depth;
  walk.refStack.push(at);
  let schema: SchemaValue;
  try {
    schema = convertNode(target, at, depth, walk);
  } finally {
    walk.refStack.pop();
  }
  if (walk.cuts === before.cuts) {
    const warnings = walk.reported.slice(before.reported);
    walk.memo.set(at, { schema, nodes: walk.nodes - before.nodes, height: walk.deepest - depth, warnings });
  }
  walk.deepest = Math.max(before.deepest, walk.deepest);
  return schema;
}

function depthCut(raw: Record<string, unknown>, pointer: string, walk: Walk): JsonSchema {
  walk.cuts += 1;
  if (!walk.depthWarned) {
    walk.depthWarned = true;
    report(walk, pointer, `schema nested deeper than ${walk.maxDepth} levels; deeper levels are not described`);
  }
  return cutNode(raw, `${nameOf(pointer)} nested deeper than ${walk.maxDepth} levels; not described`);
}

function sizeCut(raw: Record<string, unknown>, pointer: string, walk: Walk): JsonSchema {
  walk.cuts += 1;
  if (!walk.sizeWarned) {
    walk.sizeWarned = true;
    report(walk, pointer, `schema larger than ${walk.maxNodes} nodes; the rest is not described`);
  }
  return cutNode(raw, `${nameOf(pointer)} not described: the schema is larger than ${walk.maxNodes} nodes`);
}

/**
 * A stand-in for a subtree that is not expanded: the target's own type when it states one
 * (so `{type: "object"}`, a free-form object), and a description saying why.
 */
function cutNode(target: unknown, description: string): JsonSchema {
  let out: JsonSchema = { description };
  const type = isPlainObject(target) && target.type !== undefined ? normaliseType(target.type, "", () => undefined) : undefined;
  if (isPlainObject(target) && type !== undefined) {
    out.type = type.value;
    if (target.nullable === true || target["x-nullable"] === true) out = makeNullable(out);
    if (typeList(out)?.includes("array")) out.items = {};
  }
  return orderKeywords(out);
}

/** The last token of a pointer: the component name for `#/components/schemas/Pet`. */
function nameOf(pointer: string): string {
  return lastPointerToken(pointer) || "Schema";
}

function report(walk: Walk, pointer: string, message: string): void {
  reportDiagnostic(walk, { pointer, message });
}

function reportDiagnostic(walk: Walk, diagnostic: Diagnostic): void {
  walk.reported.push(diagnostic);
  const list = walk.ctx.warnings;
  let seen = seenWarnings.get(list);
  if (seen === undefined) {
    seen = new Set(list.map(warningKey));
    seenWarnings.set(list, seen);
  }
  const key = warningKey(diagnostic);
  if (seen.has(key)) return;
  seen.add(key);
  list.push(diagnostic);
}

function warningKey(d: Diagnostic): string {
  return `${d.pointer}\n${d.message}`;
}
