/**
 * The intermediate representation: one plain, JSON-serialisable record per operation, built once
 * from a loaded spec and consumed by curation, `list`, `serve` and `generate` alike.
 */
import type { HttpMethod, SecuritySchemeDefinition, ToolDefinition } from "../runtime/core/tool-definition.js";

/** The OpenAPI major line a document was written in. */
export type SpecVersion = "2.0" | "3.0" | "3.1" | "3.2";

/** A problem found at build time that did not stop the build (a worked-around spec quirk). */
export interface Diagnostic {
  /** JSON pointer into the spec, e.g. `#/paths/~1pets/get/parameters/0`. */
  pointer: string;
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

/** One operation of the spec, with the tool it becomes before curation. */
export interface OperationIr {
  /** JSON pointer of the operation object, e.g. `#/paths/~1pets~1{petId}/get`. */
  pointer: string;
  /** The spec's operationId, when it has one. */
  operationId?: string;
  method: HttpMethod;
  /** Path template as written in the spec, e.g. `/pets/{petId}`. */
  path: string;
  /** The spec's summary, verbatim (for `init` and `list`). */
  summary?: string;
  tags: string[];
  deprecated: boolean;
  /**
   * Where the first 2xx JSON response's schema lives, when the spec declares one. It is converted
   * on demand ({@link createResponseSchemaSource}) rather than here: real response schemas are large
   * (Stripe's come to 72 MB for 417 operations) and only tools that opt into `outputSchema` need them.
   */
  response?: ResponseLocation;
  /**
   * Set when neither the operation nor the document has a `security` field
   * (https://spec.openapis.org/oas/v3.1.0#operation-object): the spec says nothing about its
   * credentials, so the curation file's `security` applies. An explicit `security: []` is a
   * declaration ("public") and does not set this.
   */
  securityUndeclared?: true;
  /** The tool this operation becomes, with default policy; curation may rename and reshape it. */
  tool: ToolDefinition;
}

/** A response schema's place in the spec. */
export interface ResponseLocation {
  /** JSON pointer of the Schema Object. */
  pointer: string;
  /** The response's media type. */
  contentType: string;
}

/** A whole API, ready for curation. */
export interface ApiIr {
  /** Where the spec came from (path or URL), as given by the user. */
  source: string;
  specVersion: SpecVersion;
  title: string;
  version: string;
  description?: string;
  /** `servers[0]` (or Swagger 2.0 `host` + `basePath`) with variable defaults applied; relative URLs resolved against the spec's URL. */
  serverUrl?: string;
  securitySchemes: Record<string, SecuritySchemeDefinition>;
  operations: OperationIr[];
  warnings: Diagnostic[];
}

/** Options for building the IR, fully defaulted by {@link resolveIrOptions}. */
export interface IrOptions {
  /** Longest tool name allowed (clients prefix names: leave room). */
  maxToolNameLength: number;
  /** Longest tool description, in characters. */
  maxDescriptionLength: number;
  /** How many times one schema may recur inside itself before it is cut. */
  maxRecursionDepth: number;
}

export const DEFAULT_IR_OPTIONS: IrOptions = {
  maxToolNameLength: 64,
  maxDescriptionLength: 1024,
  maxRecursionDepth: 2,
};

/** Fills in every option the caller did not set. */
export function resolveIrOptions(partial: Partial<IrOptions> = {}): IrOptions {
  return { ...DEFAULT_IR_OPTIONS, ...partial };
}
