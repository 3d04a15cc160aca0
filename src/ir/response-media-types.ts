/**
 * The media types an operation's success responses carry, for the default `Accept` header: an API's
 * own SDK asks for what the operation answers with (Octokit sends GitHub's JSON media type), and some
 * APIs pick the representation from `Accept`. OpenAPI 3: the `content` keys of every 2xx response
 * (https://spec.openapis.org/oas/v3.1.0#response-object); Swagger 2.0: `produces` when a 2xx
 * response has a schema (https://swagger.io/specification/v2/#operation-object).
 */
import type { BuildContext } from "./build-context.js";
import { appendPointer } from "./json-pointer.js";

type Raw = Record<string, unknown>;

/**
 * Every media type of the operation's 2xx responses (`200` … `299`, `2XX`), deduplicated in spec
 * order; empty when none declares a body (a 204-only operation). Broken references are skipped:
 * the response schema step reports them.
 */
export function successMediaTypes(operation: Raw, opPointer: string, ctx: BuildContext): string[] {
  const responses = operation.responses;
  if (!responses || typeof responses !== "object") return [];
  const out = new Set<string>();
  for (const code of Object.keys(responses).filter((c) => /^2(\d\d|XX)$/i.test(c)).sort()) {
    let response: Raw;
    try {
      response = ctx.resolver.resolve((responses as Raw)[code] as Raw, appendPointer(opPointer, "responses", code)).value;
    } catch {
      continue;
    }
    if (!response || typeof response !== "object") continue;
    if (ctx.specVersion === "2.0") {
      if (response.schema === undefined) continue;
      const produces = Array.isArray(operation.produces) ? operation.produces : Array.isArray(ctx.document.produces) ? ctx.document.produces : ["application/json"];
      for (const type of produces) out.add(String(type));
      continue;
    }
    const content = response.content;
    if (content && typeof content === "object") for (const type of Object.keys(content)) out.add(type);
  }
  return [...out];
}
