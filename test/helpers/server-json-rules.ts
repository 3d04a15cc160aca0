/**
 * A judge for the MCP Registry's server.json, for tests. No npm package ships the registry's
 * published JSON Schema (https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json),
 * and tests fetch nothing, so this is the part of it our files use, written from the registry's
 * documentation — docs/reference/server-json/generic-server-json.md and
 * official-registry-requirements.md in github.com/modelcontextprotocol/registry — not from our
 * emitter: required fields, the name pattern and lengths, exact (non-range) versions, the npm
 * package shape, stdio transport, environment variables. It is stricter than the published schema
 * in one way: unknown properties are errors, so a misspelt field (`secret` for `isSecret`) fails
 * here instead of being silently ignored by the registry.
 */
import { Ajv, type ErrorObject } from "ajv";

/** The published schema says `format: uri`; every URL we write is http(s). */
const HTTP_URL = "^https?://[^\\s]+$";

/** Versions the registry rejects: ranges, wildcards, `latest` (generic-server-json.md, "version"). */
const NOT_A_RANGE = "^(?!latest$)(?![\\^~<>=*])(?!.*\\s-\\s)(?!.*\\|\\|)(?!.*(^|\\.)[xX*](\\.|$)).+$";

const keyValueInput = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1 },
    description: { type: "string" },
    isRequired: { type: "boolean" },
    isSecret: { type: "boolean" },
    format: { enum: ["string", "number", "boolean", "filepath"] },
    default: { type: "string" },
    placeholder: { type: "string" },
    choices: { type: "array", items: { type: "string" } },
    value: { type: "string" },
  },
};

/** The documented subset of server.json, draft-07 like the published schema. */
export const SERVER_JSON_RULES = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  required: ["$schema", "name", "description", "version"],
  properties: {
    $schema: { type: "string", pattern: "^https://static\\.modelcontextprotocol\\.io/schemas/\\d{4}-\\d{2}-\\d{2}/server\\.schema\\.json$" },
    name: { type: "string", minLength: 3, maxLength: 200, pattern: "^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$" },
    title: { type: "string", minLength: 1, maxLength: 100 },
    description: { type: "string", minLength: 1, maxLength: 100 },
    version: { type: "string", minLength: 1, maxLength: 255, pattern: NOT_A_RANGE },
    websiteUrl: { type: "string", pattern: HTTP_URL },
    repository: {
      type: "object",
      additionalProperties: false,
      required: ["url", "source"],
      properties: { url: { type: "string", pattern: HTTP_URL }, source: { type: "string", minLength: 1 }, subfolder: { type: "string" }, id: { type: "string" } },
    },
    packages: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["registryType", "identifier", "version", "transport"],
        properties: {
          registryType: { const: "npm" },
          registryBaseUrl: { type: "string", pattern: HTTP_URL },
          identifier: { type: "string", minLength: 1 },
          version: { type: "string", minLength: 1, pattern: NOT_A_RANGE },
          runtimeHint: { type: "string" },
          transport: { type: "object", additionalProperties: false, required: ["type"], properties: { type: { const: "stdio" } } },
          environmentVariables: { type: "array", items: keyValueInput },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(SERVER_JSON_RULES);

/** Every rule `document` breaks, as `instancePath message` lines; empty when it passes. */
export function serverJsonProblems(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
}
