/**
 * The success response an operation declares: the first 2xx response with a JSON body.
 * See https://spec.openapis.org/oas/v3.1.0#responses-object.
 */
import type { JsonSchema } from "../runtime/tool-definition.js";
import type { BuildContext } from "./build-context.js";
import { appendPointer } from "./json-pointer.js";
import { schemaToJsonSchema } from "./schema-to-json-schema.js";

type Raw = Record<string, unknown>;

/** The converted schema and its media type, or undefined when no 2xx JSON response is declared. */
export function successResponseSchema(
  operation: Raw,
  opPointer: string,
  ctx: BuildContext,
): { schema: JsonSchema; contentType: string } | undefined {
  const responses = operation.responses;
  if (!responses || typeof responses !== "object") return undefined;
  const codes = Object.keys(responses).filter((code) => /^2(\d\d|XX)$/i.test(code)).sort();
  for (const code of codes) {
    const at = appendPointer(opPointer, "responses", code);
    const { value: response, pointer } = ctx.resolver.resolve((responses as Raw)[code] as Raw, at);
    if (!response || typeof response !== "object") continue;
    if (ctx.specVersion === "2.0") {
      if (response.schema === undefined) continue;
      const produces = (Array.isArray(operation.produces) ? operation.produces : Array.isArray(ctx.document.produces) ? ctx.document.produces : ["application/json"]).map(String);
      const json = produces.find((t) => t.includes("json")) ?? (produces.length === 0 ? "application/json" : undefined);
      if (!json) continue;
      return { schema: schemaToJsonSchema(response.schema, appendPointer(pointer, "schema"), ctx.responseSchemas), contentType: json };
    }
    const content = (response.content ?? {}) as Raw;
    const json = Object.keys(content).find((t) => t.toLowerCase().includes("json"));
    const schema = json ? (content[json] as Raw | undefined)?.schema : undefined;
    if (!json || schema === undefined) continue;
    return { schema: schemaToJsonSchema(schema, appendPointer(pointer, "content", json, "schema"), ctx.responseSchemas), contentType: json };
  }
  return undefined;
}
