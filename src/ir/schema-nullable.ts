/**
 * OpenAPI 3.0 `nullable: true` (https://spec.openapis.org/oas/v3.0.3#fixed-fields-19) and the
 * Swagger 2.0 extension `x-nullable: true` have no JSON Schema keyword: 2020-12 says "may be null"
 * by listing `"null"` among the types (https://spec.openapis.org/oas/v3.1.0#schema-object).
 */
import type { JsonSchema } from "../runtime/core/tool-definition.js";
import { typeList } from "./schema-json-value.js";

const ANNOTATIONS = ["title", "description", "default", "examples", "deprecated"] as const;
const APPLICATORS = ["allOf", "anyOf", "oneOf", "not", "if"] as const;

/**
 * Lets a converted schema accept `null` as well:
 * - with `type`: `"null"` is added to it (and to `enum`, which would otherwise refuse it);
 * - with subschemas that could refuse `null` (`allOf`, `oneOf`, ...): wrapped as
 *   `anyOf: [schema, {type: "null"}]`, annotations kept outside so they stay visible;
 * - otherwise (`enum` alone, or keywords that ignore `null` such as `properties`) only `enum` needs
 *   the extra value: the schema already accepts `null`.
 */
export function makeNullable(schema: JsonSchema): JsonSchema {
  if (APPLICATORS.some((k) => schema[k] !== undefined)) return wrapNullable(schema);
  const out: JsonSchema = { ...schema };
  const types = typeList(schema);
  if (types !== undefined && !types.includes("null")) out.type = [...types, "null"];
  if (out.const !== undefined && out.const !== null) {
    out.enum = [out.const, null];
    delete out.const;
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function wrapNullable(schema: JsonSchema): JsonSchema {
  const outside: JsonSchema = {};
  const inside: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if ((ANNOTATIONS as readonly string[]).includes(keyword)) outside[keyword] = value;
    else inside[keyword] = value;
  }
  return { ...outside, anyOf: [inside, { type: "null" }] };
}
