/**
 * Request bodies → a body binding and argument drafts. An object body (JSON, form or multipart)
 * spreads its properties into top-level arguments, which is what models handle best; any other
 * body (array, primitive, free-form, binary, text) becomes one `body` argument.
 * See https://spec.openapis.org/oas/v3.1.0#request-body-object.
 */
import type { BodyBinding, JsonSchema } from "../runtime/core/tool-definition.js";
import type { ArgumentDraft, BuildContext } from "./build-context.js";
import { capLength, cleanMarkdown } from "./description.js";
import { appendPointer } from "./json-pointer.js";
import { swagger2InlineSchema, type LocatedParameter } from "./parameters.js";
import { flattenToObject, schemaToJsonSchema } from "./schema-to-json-schema.js";

type Raw = Record<string, unknown>;

/** A body binding and the arguments that fill it. */
export interface BodyDraft {
  binding: BodyBinding;
  args: ArgumentDraft[];
}

const DATA_URL_NOTE = "To send a file here, give a data: URL (data:<type>;name=<file name>;base64,...); other text is sent as text.";
const BINARY_DESCRIPTION = "File content: base64 text or a data: URL (data:<type>;base64,...).";

/** Media type preference: what we can send best comes first. */
export function chooseMediaType(mediaTypes: string[]): string | undefined {
  const rank = (type: string): number => {
    const t = type.toLowerCase().split(";")[0]!.trim();
    if (t === "application/json") return 0;
    if (t.endsWith("+json") || t.endsWith("/json")) return 1;
    if (t === "application/x-www-form-urlencoded") return 2;
    if (t === "multipart/form-data") return 3;
    if (t === "text/plain") return 4;
    if (t === "application/octet-stream") return 5;
    if (t === "*/*" || t === "application/*") return 6;
    return 7;
  };
  return [...mediaTypes].sort((a, b) => rank(a) - rank(b))[0];
}

/** True for media types whose body is an object of named fields. */
function isStructured(mediaType: string): boolean {
  const t = mediaType.toLowerCase();
  return t.includes("json") || t === "application/x-www-form-urlencoded" || t === "multipart/form-data" || t === "*/*";
}

function isForm(mediaType: string): boolean {
  return mediaType.toLowerCase().split(";")[0]!.trim() === "application/x-www-form-urlencoded";
}

function isMultipart(mediaType: string): boolean {
  return mediaType.toLowerCase().startsWith("multipart/");
}

/**
 * True when a schema admits only the empty object (`type: object`, no properties, no
 * additionalProperties, or `maxProperties: 0`): a body with nothing in it is no body.
 */
function admitsOnlyEmptyObject(schema: JsonSchema): boolean {
  if (schema.maxProperties === 0) return true;
  const properties = schema.properties;
  const noProperties = properties === undefined || (typeof properties === "object" && properties !== null && Object.keys(properties).length === 0);
  const composed = ["allOf", "oneOf", "anyOf", "patternProperties"].some((keyword) => schema[keyword] !== undefined);
  return schema.type === "object" && noProperties && schema.additionalProperties === false && !composed;
}

/**
 * A form body can carry an object of fields, or a string taken as already-encoded form text
 * (`a=1&b=2`, sent verbatim). Anything else (array, number, boolean) it cannot.
 */
function formCanCarry(schema: JsonSchema): boolean {
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)];
  return types === undefined || types.includes("object") || types.includes("string");
}

function describeType(schema: JsonSchema): string {
  return Array.isArray(schema.type) ? schema.type.map(String).join(" or ") : `type ${String(schema.type)}`;
}

/** True for media types sent as raw bytes. */
function isBinaryMediaType(mediaType: string): boolean {
  const t = mediaType.toLowerCase();
  return !isStructured(t) && !t.startsWith("text/") && !t.includes("xml");
}

/** OpenAPI 3 `requestBody` → body draft. */
export function requestBodyToDraft(operation: Raw, opPointer: string, ctx: BuildContext): BodyDraft | undefined {
  if (operation.requestBody === undefined) return undefined;
  const at = appendPointer(opPointer, "requestBody");
  const { value: body, pointer } = ctx.resolver.resolve(operation.requestBody as Raw, at);
  const content = (body?.content ?? {}) as Raw;
  const mediaTypes = Object.keys(content);
  let chosen = chooseMediaType(mediaTypes);
  if (!chosen) {
    ctx.warnings.push({ pointer: at, message: "request body has no content; it is ignored" });
    return undefined;
  }
  let media = (content[chosen] ?? {}) as Raw;
  let schemaPointer = appendPointer(pointer, "content", chosen, "schema");
  let schema = media.schema === undefined ? {} : schemaToJsonSchema(media.schema, schemaPointer, ctx.requestSchemas);
  // Stripe declares a form body on every GET whose schema admits only `{}`: there is nothing to send.
  if (admitsOnlyEmptyObject(schema)) return undefined;
  if (isForm(chosen) && !formCanCarry(schema)) {
    // A form body is name=value pairs: an array or number schema cannot be one. Another media type may.
    const fallback = chooseMediaType(mediaTypes.filter((type) => !isForm(type) && !isMultipart(type)));
    if (fallback === undefined) {
      ctx.warnings.push({
        pointer: schemaPointer,
        message: `a ${chosen} body must be an object of fields or already-encoded text, not ${describeType(schema)}; the tool takes no body`,
        hint: "declare the body as an object schema, or add a media type that can carry it",
      });
      return undefined;
    }
    chosen = fallback;
    media = (content[chosen] ?? {}) as Raw;
    schemaPointer = appendPointer(pointer, "content", chosen, "schema");
    schema = media.schema === undefined ? {} : schemaToJsonSchema(media.schema, schemaPointer, ctx.requestSchemas);
  }
  const binding: BodyBinding = {
    contentType: chosen === "*/*" || chosen === "application/*" ? "application/json" : chosen,
    mediaTypes,
    required: body.required === true,
  };
  const encoding = encodingOf(media.encoding);
  if (encoding) binding.encoding = encoding;
  const description = typeof body.description === "string" ? capLength(cleanMarkdown(body.description), 512) : "";
  return bodyDraft(binding, schema, description);
}

/** Swagger 2.0 `in: body` and `in: formData` parameters → body draft. */
export function swagger2BodyToDraft(
  params: LocatedParameter[],
  operation: Raw,
  ctx: BuildContext,
): BodyDraft | undefined {
  const bodyParam = params.find((p) => p.param.in === "body");
  const formParams = params.filter((p) => p.param.in === "formData");
  const consumes = (Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(ctx.document.consumes) ? ctx.document.consumes : []).map(String);
  if (bodyParam) {
    const mediaTypes = consumes.length > 0 ? consumes : ["application/json"];
    const chosen = chooseMediaType(mediaTypes) ?? "application/json";
    const schema = bodyParam.param.schema === undefined ? {} : schemaToJsonSchema(bodyParam.param.schema, appendPointer(bodyParam.pointer, "schema"), ctx.requestSchemas);
    const description = typeof bodyParam.param.description === "string" ? capLength(cleanMarkdown(bodyParam.param.description), 512) : "";
    return bodyDraft({ contentType: chosen, mediaTypes, required: bodyParam.param.required === true }, schema, description);
  }
  if (formParams.length === 0) return undefined;
  const hasFile = formParams.some((p) => p.param.type === "file");
  const contentType = hasFile || (consumes.includes("multipart/form-data") && !consumes.includes("application/x-www-form-urlencoded"))
    ? "multipart/form-data"
    : "application/x-www-form-urlencoded";
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const { param, pointer } of formParams) {
    const schema = { ...schemaToJsonSchema(swagger2InlineSchema(param), pointer, ctx.requestSchemas) };
    if (typeof param.description === "string") schema.description = capLength(cleanMarkdown(param.description), 512);
    properties[String(param.name)] = schema;
    if (param.required === true) required.push(String(param.name));
  }
  const schema: JsonSchema = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  return bodyDraft({ contentType, mediaTypes: consumes.length > 0 ? consumes : [contentType], required: required.length > 0 }, schema, "");
}

/** Spreads an object body into property arguments, or wraps anything else as one `body` argument. */
function bodyDraft(binding: BodyBinding, schema: JsonSchema, description: string): BodyDraft {
  const flat = isStructured(binding.contentType) ? flattenToObject(schema) : undefined;
  const properties = flat?.schema.properties;
  if (flat && properties && typeof properties === "object" && !Array.isArray(properties) && Object.keys(properties).length > 0) {
    const required = new Set(Array.isArray(flat.schema.required) ? flat.schema.required.map(String) : []);
    const binary: string[] = [];
    const args: ArgumentDraft[] = Object.entries(properties).map(([property, propSchema]) => {
      let argSchema: JsonSchema = typeof propSchema === "object" && propSchema !== null && !Array.isArray(propSchema) ? { ...propSchema } : {};
      if (binding.contentType === "multipart/form-data" || binding.contentType === "application/x-www-form-urlencoded") {
        if (isBinarySchema(argSchema)) {
          binary.push(property);
          argSchema = binarySchema(argSchema);
        } else if (binding.contentType === "multipart/form-data" && argSchema.type === "string" && argSchema.enum === undefined && argSchema.format === undefined) {
          // Specs often leave out `format: binary` on file fields (Stripe's `file`): say how to send one.
          const own = typeof argSchema.description === "string" ? `${argSchema.description} ` : "";
          argSchema.description = `${own}${DATA_URL_NOTE}`;
        }
      }
      return {
        wireName: property,
        location: "body",
        target: { in: "body", property },
        required: binding.required && required.has(property),
        schema: argSchema,
      };
    });
    if (binary.length > 0) binding.binaryProperties = binary;
    return { binding, args };
  }
  let bodySchema: JsonSchema = { ...schema };
  if (isForm(binding.contentType) && bodySchema.type === "string") {
    const own = description || (typeof bodySchema.description === "string" ? bodySchema.description : "");
    const note = "Already-encoded form text (name=value pairs joined with &), sent as is.";
    return {
      binding,
      args: [{ wireName: "body", location: "body", target: { in: "body" }, required: binding.required, schema: { ...bodySchema, description: own ? `${own} ${note}` : note } }],
    };
  }
  if (isBinaryMediaType(binding.contentType) || isBinarySchema(bodySchema)) {
    bodySchema = binarySchema(bodySchema);
  } else if (binding.contentType.startsWith("text/") && Object.keys(bodySchema).length === 0) {
    bodySchema = { type: "string" };
  }
  const text = description || (typeof bodySchema.description === "string" ? bodySchema.description : "") || `Request body (${binding.contentType}).`;
  bodySchema.description = text;
  return {
    binding,
    args: [{ wireName: "body", location: "body", target: { in: "body" }, required: binding.required, schema: bodySchema }],
  };
}

function isBinarySchema(schema: JsonSchema): boolean {
  const items = schema.items as JsonSchema | undefined;
  return (
    schema.format === "binary" ||
    schema.contentEncoding !== undefined ||
    schema.contentMediaType !== undefined ||
    (typeof items === "object" && items !== null && !Array.isArray(items) && (items.format === "binary" || items.contentEncoding !== undefined))
  );
}

/** A binary field as models can fill it: base64 text or a data URL. */
function binarySchema(schema: JsonSchema): JsonSchema {
  if (schema.type === "array") {
    return { type: "array", items: { type: "string", contentEncoding: "base64" }, description: `${schema.description ? `${String(schema.description)} ` : ""}Each item: ${BINARY_DESCRIPTION}` };
  }
  const own = typeof schema.description === "string" ? schema.description : "";
  // Swagger 2.0 `type: file` already arrives with a base64 note from the schema converter.
  const description = own.includes("base64") ? own : own ? `${own} ${BINARY_DESCRIPTION}` : BINARY_DESCRIPTION;
  return { type: "string", contentEncoding: "base64", description };
}

function encodingOf(raw: unknown): BodyBinding["encoding"] | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const out: NonNullable<BodyBinding["encoding"]> = {};
  for (const [property, value] of Object.entries(raw as Raw)) {
    if (!value || typeof value !== "object") continue;
    const e = value as Raw;
    out[property] = {
      ...(typeof e.contentType === "string" ? { contentType: e.contentType } : {}),
      ...(typeof e.style === "string" ? { style: e.style as never } : {}),
      ...(typeof e.explode === "boolean" ? { explode: e.explode } : {}),
      ...(typeof e.allowReserved === "boolean" ? { allowReserved: e.allowReserved } : {}),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
