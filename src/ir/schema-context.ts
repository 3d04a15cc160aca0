/**
 * The context the schema converter reads, and the small interface keyword converters use to
 * recurse into subschemas without knowing about `$ref` expansion, memoisation or size guards.
 */
import type { RefResolver, Resolved } from "./resolve-ref.js";
import type { ReportQuirk } from "./schema-keywords.js";
import type { SchemaValue } from "./schema-json-value.js";
import type { Diagnostic, SpecVersion } from "./types.js";

/** Everything `schemaToJsonSchema` needs besides the schema itself, fully defaulted by the caller. */
export interface SchemaContext {
  /** Follows local `$ref`s; throws `SpecError` for dangling ones. */
  resolver: RefResolver;
  /** Decides the dialect: 2.0/3.0 Schema Objects versus 3.1+ (JSON Schema 2020-12 with OpenAPI vocabulary). */
  specVersion: SpecVersion;
  /** `request` drops `readOnly` properties; `response` drops `writeOnly` ones. */
  direction: "request" | "response";
  /** How many times one `$ref` may appear in the current expansion stack before it is cut (usually 2; below 1 counts as 1). */
  maxRecursionDepth: number;
  /** Worked-around quirks are pushed here (each once per array), with the JSON pointer of the quirk. */
  warnings: Diagnostic[];
  /** Subschemas nested deeper than this are cut (default {@link DEFAULT_MAX_SCHEMA_DEPTH}). */
  maxDepth?: number;
  /**
   * Output schema objects one conversion may produce before the rest is cut (default
   * {@link DEFAULT_MAX_SCHEMA_NODES}). Densely linked specs (Stripe) otherwise unfold into
   * megabytes per operation.
   */
  maxNodes?: number;
}

/** Default nesting limit. */
export const DEFAULT_MAX_SCHEMA_DEPTH = 32;

/** Default size limit, in schema objects. */
export const DEFAULT_MAX_SCHEMA_NODES = 2_000;

/** What a keyword converter may do while converting one schema object. */
export interface SchemaWalker {
  readonly ctx: SchemaContext;
  /** Converts a subschema found at `pointer`, one nesting level deeper. */
  child(raw: unknown, pointer: string): SchemaValue;
  /** Records a worked-around quirk. */
  report: ReportQuirk;
  /** Follows a `$ref` found at `pointer` (cached per document); throws `SpecError` when it dangles. */
  resolve(node: { $ref: string }, pointer: string): Resolved<unknown>;
}
