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
