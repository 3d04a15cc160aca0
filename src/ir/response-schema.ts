/**
 * The success response an operation declares: the first 2xx response with a JSON body
 * (https://spec.openapis.org/oas/v3.1.0#responses-object). The IR records where its schema lives;
 * {@link createResponseSchemaSource} converts it when a tool opts into an output schema.
 */
import { BridgeError } from "../errors.js";
import type { LoadedSpec } from "../load/load-spec.js";
import type { JsonSchema } from "../runtime/core/tool-definition.js";
import type { BuildContext } from "./build-context.js";
import { getAtPointer, appendPointer } from "./json-pointer.js";
import { createRefResolver } from "./resolve-ref.js";
import { createSchemaContext, schemaToJsonSchema } from "./schema-to-json-schema.js";
import { resolveIrOptions, type Diagnostic, type IrOptions, type OperationIr, type ResponseLocation } from "./types.js";

type Raw = Record<string, unknown>;

/** Finds the schema of the first 2xx JSON response, without converting it. */
export function successResponseLocation(operation: Raw, opPointer: string, ctx: BuildContext): ResponseLocation | undefined {
  const responses = operation.responses;
  if (!responses || typeof responses !== "object") return undefined;
  const codes = Object.keys(responses).filter((code) => /^2(\d\d|XX)$/i.test(code)).sort();
  for (const code of codes) {
    const at = appendPointer(opPointer, "responses", code);
    let resolved;
    try {
      resolved = ctx.resolver.resolve((responses as Raw)[code] as Raw, at);
    } catch {
      continue; // A broken response reference only matters to an output schema; it is reported there.
    }
    const { value: response, pointer } = resolved;
    if (!response || typeof response !== "object") continue;
    if (ctx.specVersion === "2.0") {
      if (response.schema === undefined) continue;
      const produces = (Array.isArray(operation.produces) ? operation.produces : Array.isArray(ctx.document.produces) ? ctx.document.produces : ["application/json"]).map(String);
      const json = produces.find((t) => t.includes("json")) ?? (produces.length === 0 ? "application/json" : undefined);
      if (!json) continue;
      return { pointer: appendPointer(pointer, "schema"), contentType: json };
    }
    const content = (response.content ?? {}) as Raw;
    const json = Object.keys(content).find((t) => t.toLowerCase().includes("json"));
    if (!json || (content[json] as Raw | undefined)?.schema === undefined) continue;
    return { pointer: appendPointer(pointer, "content", json, "schema"), contentType: json };
  }
  return undefined;
}

/** Converts an operation's response schema on demand; undefined when it has none. */
export type ResponseSchemaSource = (operation: OperationIr) => JsonSchema | undefined;

/**
 * A converter of response schemas for one loaded spec, memoised per pointer. Response schemas get
 * a smaller budget than inputs (depth 12, 1,000 schema objects): output schemas are loosened
 * anyway, and densely linked specs would otherwise unfold into megabytes per operation.
 */
export function createResponseSchemaSource(spec: LoadedSpec, partial: Partial<IrOptions> = {}, warnings: Diagnostic[] = []): ResponseSchemaSource {
  const options = resolveIrOptions(partial);
  const resolver = createRefResolver(spec.document, spec.source);
  const ctx = createSchemaContext(resolver, spec.specVersion, "response", options.maxRecursionDepth, warnings, { maxDepth: 12, maxNodes: 1_000 });
  const memo = new Map<string, JsonSchema | undefined>();
  return (operation) => {
    const location = operation.response;
    if (!location) return undefined;
    if (!memo.has(location.pointer)) {
      const node = getAtPointer(spec.document, location.pointer);
      let schema: JsonSchema | undefined;
      try {
        schema = node === undefined ? undefined : schemaToJsonSchema(node, location.pointer, ctx);
      } catch (error) {
        // A broken reference inside a response only costs that tool its output schema.
        if (!(error instanceof BridgeError)) throw error;
        warnings.push({ pointer: error.location?.pointer ?? location.pointer, message: `response schema of ${operation.method} ${operation.path} cannot be used: ${error.message}` });
      }
      memo.set(location.pointer, schema);
    }
    return memo.get(location.pointer);
  };
}
