/**
 * The little request validation an API does before it looks anything up, taken from the operation:
 * required query parameters present (OAS 3.1 §4.8.12, Parameter Object `required`); a body present
 * when `requestBody.required` says so (§4.8.13), sent as a media type the operation lists, and, when
 * JSON, parsing and carrying the body schema's top-level `required` properties. Deliberately not a
 * schema validator: the fake checks what a wrong bridge would most plausibly get wrong, and leaves
 * the rest to the API's own judgement.
 */
import type { Route } from "./route-table.js";
import { deref, isObject, type SpecDocument } from "./spec-document.js";

/** The first problem with the request, in words the API could use, or undefined when it passes. */
export function checkRequest(spec: SpecDocument, route: Route, query: URLSearchParams, body: string, contentType: string | undefined): string | undefined {
  for (const raw of Array.isArray(route.operation.parameters) ? route.operation.parameters : []) {
    const parameter = deref(spec, raw);
    if (!isObject(parameter) || parameter.in !== "query" || parameter.required !== true) continue;
    const name = String(parameter.name);
    if (!query.has(name) && ![...query.keys()].some((key) => key.startsWith(`${name}[`))) return `query parameter "${name}" is required`;
  }
  const requestBody = deref(spec, route.operation.requestBody);
  if (!isObject(requestBody)) return undefined;
  const content = isObject(requestBody.content) ? requestBody.content : {};
  const jsonType = Object.keys(content).find((type) => /^application\/(.+\+)?json$/i.test(type));
  if (body === "") return requestBody.required === true ? "a request body is required" : undefined;
  const sent = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!Object.keys(content).some((type) => type.toLowerCase() === sent)) return `Content-Type "${sent}" is not one the operation accepts (${Object.keys(content).join(", ")})`;
  if (jsonType === undefined || sent !== jsonType.toLowerCase()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "the body is not valid JSON";
  }
  const media = deref(spec, content[jsonType]);
  const schema = isObject(media) ? deref(spec, media.schema) : undefined;
  if (!isObject(schema) || !Array.isArray(schema.required) || !isObject(value)) return undefined;
  const missing = schema.required.find((name) => typeof name === "string" && !(name in value));
  return missing === undefined ? undefined : `"${String(missing)}" wasn't supplied`;
}
