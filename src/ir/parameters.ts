/**
 * Operation parameters → argument drafts. Path-level and operation-level parameters are merged
 * (the operation's win for the same name and location, https://spec.openapis.org/oas/v3.1.0#path-item-object),
 * styles get their defaults (https://spec.openapis.org/oas/v3.1.0#style-values), and Swagger 2.0's
 * `collectionFormat` maps onto the equivalent style.
 */
import { SERVER_OWNED_HEADERS } from "../runtime/request/server-owned-headers.js";
import type { JsonSchema, ParameterLocation, ParameterStyle, ParameterTarget } from "../runtime/core/tool-definition.js";
import type { ArgumentDraft, BuildContext } from "./build-context.js";
import { capLength, cleanMarkdown } from "./description.js";
import { appendPointer } from "./json-pointer.js";
import { schemaToJsonSchema } from "./schema-to-json-schema.js";

type Raw = Record<string, unknown>;

/** A parameter object with the pointer it was resolved from. */
export interface LocatedParameter {
  param: Raw;
  pointer: string;
}

const LOCATIONS = new Set(["path", "query", "header", "cookie", "body", "formData"]);
/** OpenAPI: header parameters with these names "SHALL be ignored" (the transport owns them). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
/** Merges path-level and operation-level parameters, resolving `$ref`s. */
export function collectParameters(
  pathItem: Raw,
  operation: Raw,
  pathPointer: string,
  opPointer: string,
  ctx: BuildContext,
): LocatedParameter[] {
  const merged = new Map<string, LocatedParameter>();
  const add = (list: unknown, base: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((node, index) => {
      const at = appendPointer(base, "parameters", index);
      const { value, pointer } = ctx.resolver.resolve(node as Raw, at);
      if (!value || typeof value !== "object" || typeof value.name !== "string" || !LOCATIONS.has(String(value.in))) {
        ctx.warnings.push({ pointer: at, message: "parameter without a valid name and location is ignored" });
        return;
      }
      if (value.in === "header" && IGNORED_HEADERS.has(value.name.toLowerCase())) return;
      // A header the runtime would refuse to send (credentials, cookies, framing) would offer the model
      // an argument that can only fail: left out with a warning. (Authorization is ignored just above.)
      if (value.in === "header" && SERVER_OWNED_HEADERS.has(value.name.toLowerCase())) {
        const fix = value.name.toLowerCase() === "cookie"
          ? "declare each cookie as an `in: cookie` parameter instead"
          : "the server or the transport sets it";
        ctx.warnings.push({ pointer, message: `header parameter "${value.name}" is not offered as an argument: the server never sends it from an argument; ${fix}` });
        return;
      }
      merged.set(`${String(value.in)}:${value.name}`, { param: value, pointer });
    });
  };
  add(pathItem.parameters, pathPointer);
  add(operation.parameters, opPointer);
  return [...merged.values()];
}

/** Converts a path, query, header or cookie parameter (not Swagger 2.0 body/formData). */
export function parameterToDraft(located: LocatedParameter, ctx: BuildContext): ArgumentDraft {
  // A shared parameter converts once (its warnings, deduplicated by pointer, are the same each time);
  // each use gets its own top-level objects, as a fresh conversion would give.
  const known = ctx.parameterDrafts?.get(located.pointer);
  if (known !== undefined && known.wireName === located.param.name) return { ...known, target: { ...known.target }, schema: { ...known.schema } };
  const draft = convertParameter(located, ctx);
  ctx.parameterDrafts?.set(located.pointer, draft);
  return { ...draft, target: { ...draft.target }, schema: { ...draft.schema } };
}

function convertParameter({ param, pointer }: LocatedParameter, ctx: BuildContext): ArgumentDraft {
  const location = param.in as ParameterLocation;
  const target = parameterTarget(param, location, ctx);
  const schema = parameterSchema(param, pointer, ctx);
  return {
    wireName: String(param.name),
    location,
    target,
    required: location === "path" ? true : param.required === true,
    schema,
  };
}

function parameterTarget(param: Raw, location: ParameterLocation, ctx: BuildContext): ParameterTarget {
  if (ctx.specVersion === "2.0") return swagger2Target(param, location);
  const defaultStyle: ParameterStyle = location === "query" || location === "cookie" ? "form" : "simple";
  const style = (typeof param.style === "string" ? param.style : defaultStyle) as ParameterStyle;
  const target: ParameterTarget = {
    in: location,
    name: String(param.name),
    style,
    explode: typeof param.explode === "boolean" ? param.explode : style === "form",
    allowReserved: param.allowReserved === true,
  };
  const content = param.content as Raw | undefined;
  if (content && typeof content === "object") {
    const mediaType = Object.keys(content)[0];
    if (mediaType) target.contentType = mediaType;
  }
  return target;
}

/** Swagger 2.0 `collectionFormat` → the equivalent OpenAPI 3 style. */
function swagger2Target(param: Raw, location: ParameterLocation): ParameterTarget {
  const format = typeof param.collectionFormat === "string" ? param.collectionFormat : "csv";
  const base = { in: location, name: String(param.name), allowReserved: false };
  if (location === "path" || location === "header") return { ...base, style: "simple", explode: false };
  switch (format) {
    case "multi":
      return { ...base, style: "form", explode: true };
    case "ssv":
      return { ...base, style: "spaceDelimited", explode: false };
    case "pipes":
      return { ...base, style: "pipeDelimited", explode: false };
    case "tsv":
      return { ...base, style: "tabDelimited", explode: false };
    default:
      return { ...base, style: "form", explode: false };
  }
}

/** The parameter's schema (from `schema`, its first `content` entry, or Swagger 2.0 inline fields), with its description. */
function parameterSchema(param: Raw, pointer: string, ctx: BuildContext): JsonSchema {
  let converted: JsonSchema;
  if (param.schema !== undefined) {
    converted = schemaToJsonSchema(param.schema, appendPointer(pointer, "schema"), ctx.requestSchemas);
  } else if (param.content && typeof param.content === "object") {
    const [mediaType, media] = Object.entries(param.content as Raw)[0] ?? [];
    const schema = (media as Raw | undefined)?.schema;
    converted = mediaType && schema !== undefined
      ? schemaToJsonSchema(schema, appendPointer(pointer, "content", mediaType, "schema"), ctx.requestSchemas)
      : {};
  } else if (ctx.specVersion === "2.0") {
    converted = schemaToJsonSchema(swagger2InlineSchema(param), pointer, ctx.requestSchemas);
  } else {
    converted = { type: "string" };
  }
  const schema: JsonSchema = { ...converted };
  const description = typeof param.description === "string" ? capLength(cleanMarkdown(param.description), 512) : "";
  if (description) schema.description = description;
  if (param.deprecated === true) schema.deprecated = true;
  if (param.example !== undefined && schema.examples === undefined) schema.examples = [param.example as never];
  return schema;
}

/** Swagger 2.0 non-body parameters carry their schema inline. */
export function swagger2InlineSchema(param: Raw): Raw {
  const keys = [
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "multipleOf", "x-nullable",
  ];
  const schema: Raw = {};
  for (const key of keys) if (param[key] !== undefined) schema[key] = param[key];
  if (schema.type === undefined) schema.type = "string";
  return schema;
}
