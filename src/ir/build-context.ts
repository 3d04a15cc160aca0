/**
 * What every converter in `ir/` receives: the document, its resolver, the options, and the list
 * warnings go to. Built once per spec by {@link buildIr}.
 */
import type { JsonSchema, SecuritySchemeDefinition } from "../runtime/core/tool-definition.js";
import type { RefResolver } from "./resolve-ref.js";
import type { SchemaContext } from "./schema-to-json-schema.js";
import type { ServerContext } from "./servers.js";
import type { Diagnostic, IrOptions, SpecVersion } from "./types.js";

/** Shared state for converting one spec. */
export interface BuildContext {
  document: Record<string, unknown>;
  resolver: RefResolver;
  specVersion: SpecVersion;
  options: IrOptions;
  warnings: Diagnostic[];
  server: ServerContext;
  securitySchemes: Record<string, SecuritySchemeDefinition>;
  /** Schema conversion for request shapes (readOnly properties dropped). */
  requestSchemas: SchemaContext;
  /**
   * Converted parameters by the pointer where they live. A parameter under `components` (or a path
   * item's) is used by many operations — GitHub's 209 component parameters are referenced 3,153
   * times — and converts the same each time, so once is enough. Copy before mutating.
   */
  parameterDrafts?: Map<string, ArgumentDraft>;
}

/** One tool argument before names are made unique across locations. */
export interface ArgumentDraft {
  /** The parameter's wire name, a body property name, or `body` for a whole body. */
  wireName: string;
  /** Where it goes; `body` covers both a property and the whole body. */
  location: "path" | "query" | "header" | "cookie" | "body";
  target: import("../runtime/core/tool-definition.js").ParameterTarget | import("../runtime/core/tool-definition.js").BodyTarget;
  required: boolean;
  /** The argument's JSON Schema, owned by this draft (safe to mutate). */
  schema: JsonSchema;
}
