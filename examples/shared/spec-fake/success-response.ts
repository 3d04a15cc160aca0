/**
 * What the fake answers for a served operation: the operation's lowest 2xx Response Object (OAS 3.1
 * §4.8.16-17), in the media type the request's Accept asks for when the response offers it (else
 * `application/json`, else the first one), with the media type's `example`, else its first `examples`
 * entry (OAS 3.1 §4.8.14, Media Type Object), else a value synthesised from its schema.
 */
import { deref, isObject, type JsonObject, type JsonValue, type SpecDocument } from "./spec-document.js";
import { synthesiseValue, type SeedValues } from "./synthesise-value.js";

/** The success reply of an operation. */
export interface SuccessResponse {
  status: number;
  /** The media type chosen, or undefined when the response has no body (e.g. 204). */
  mediaType: string | undefined;
  /** The body value; undefined when there is none. */
  value: JsonValue | undefined;
  /** Where the value came from: the spec's example, or synthesis from the schema. */
  source: "example" | "schema" | "none";
  /** The media type's schema, resolved one level (for hooks that reshape the value). */
  schema: JsonValue | undefined;
}

/** Builds the success reply of `operation` for a request that sent `accept` (may be undefined); `seeds` go to synthesis. */
export function successResponse(spec: SpecDocument, operation: JsonObject, accept: string | undefined, seeds: SeedValues = {}): SuccessResponse {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const status = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
  if (status === undefined) throw new Error(`spec fake: operation ${String(operation.operationId)} declares no 2xx response — the fake answers only what the spec documents`);
  const response = deref(spec, responses[status]);
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const mediaType = chooseMediaType(Object.keys(content), accept);
  if (mediaType === undefined) return { status: Number(status), mediaType: undefined, value: undefined, source: "none", schema: undefined };
  const media = deref(spec, content[mediaType]);
  const schema = isObject(media) ? deref(spec, media.schema) : undefined;
  const example = isObject(media) ? mediaExample(spec, media) : undefined;
  if (example !== undefined) return { status: Number(status), mediaType, value: example, source: "example", schema };
  return { status: Number(status), mediaType, value: synthesiseValue(spec, isObject(media) ? media.schema : undefined, seeds), source: "schema", schema };
}

/** The Accept entry the response offers (ignoring q-values and parameters), else JSON, else the first. */
function chooseMediaType(offered: string[], accept: string | undefined): string | undefined {
  const asked = (accept ?? "").split(",").map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "");
  return offered.find((type) => asked.includes(type.toLowerCase())) ?? offered.find((type) => type === "application/json") ?? offered[0];
}

/** `example`, else the first `examples` entry's `value` (an Example Object, possibly a `$ref`). */
function mediaExample(spec: SpecDocument, media: JsonObject): JsonValue | undefined {
  if (media.example !== undefined) return media.example;
  if (!isObject(media.examples)) return undefined;
  const first = Object.values(media.examples)[0];
  const example = deref(spec, first);
  return isObject(example) ? exampleValue(spec, example.value) : undefined;
}

/**
 * An Example Object's `value`. GitHub's spec sometimes writes `value: {$ref: "#/components/examples/x"}`
 * — a literal by the letter of OAS 3.1 §4.8.19, but plainly meant as a reference — so a `value` that
 * is only a `$ref` to a components/examples entry is followed to that entry's own `value`.
 */
function exampleValue(spec: SpecDocument, value: JsonValue | undefined): JsonValue | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1 || typeof value.$ref !== "string" || !value.$ref.startsWith("#/components/examples/")) return value;
  const target = deref(spec, value);
  return isObject(target) ? target.value : value;
}
