/**
 * Validates tool arguments against the tool's input schema before any I/O (JSON Schema 2020-12,
 * Ajv). Each tool's validator is compiled on its first call, so a server with 1,000 tools starts
 * without compiling 1,000 schemas. Formats are not enforced: upstream APIs define their own
 * (`int64`, vendor formats) and are the authority on them.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { JsonSchema } from "./tool-definition.js";

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, logger: false });
const cache = new WeakMap<JsonSchema, ValidateFunction>();

/** Problems with the arguments, one line each, naming the field and what was expected. */
export function argumentProblems(schema: JsonSchema, args: unknown): string[] {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  if (validate(args)) return [];
  return dedupe((validate.errors ?? []).map(describeError));
}

function describeError(error: ErrorObject): string {
  const field = error.instancePath === "" ? "" : error.instancePath.slice(1).replace(/\//g, ".");
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const name = [field, String(params.missingProperty)].filter(Boolean).join(".");
      return `${name}: required argument is missing`;
    }
    case "additionalProperties": {
      const name = [field, String(params.additionalProperty)].filter(Boolean).join(".");
      return `${name}: unknown argument (not in the tool's input schema)`;
    }
    case "type":
      return `${field || "arguments"}: expected ${String(params.type)}`;
    case "enum":
      return `${field}: expected one of ${JSON.stringify(params.allowedValues)}`;
    case "const":
      return `${field}: must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${field || "arguments"}: ${error.message ?? "is invalid"}`;
  }
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}
