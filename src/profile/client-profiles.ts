/**
 * The four client profiles as data: what each vendor's tool-calling API accepts, read from that
 * vendor's own documentation (cited at each rule). `apply-profile.ts` turns a tool into what the
 * profile accepts; the test suite checks the result with checkers written separately from the
 * same pages (test/profiles/checkers/).
 */
import type { ClientName } from "../runtime/core/tool-definition.js";

/** How one client wants tool names, schemas and tool lists. */
export interface ClientProfile {
  client: ClientName;
  /** Tool names this client accepts. */
  namePattern: RegExp;
  /** Longest tool name; a function of the server name for clients that prefix it. */
  maxNameLength: (serverName: string) => number;
  /** A client that counts the server's name in the tool name's limit: longer server names are cut to this (with a warning). */
  maxServerNameLength?: number;
  /** More tools than this gets a warning (a hard cap or the vendor's guidance, see `toolCountRule`). */
  maxTools: number;
  /** Why `maxTools`, for the warning. */
  toolCountRule: string;
  /** False for a client that takes JSON Schema as it is: only the root is checked (an object, no top-level union). */
  rewriteSchemas: boolean;
  /** Keywords a schema node may keep; every other one moves into the description. */
  keywords: ReadonlySet<string>;
  /** `format` values kept per JSON type; others move into the description. Absent: any format stays. */
  formats?: Readonly<Record<string, ReadonlySet<string>>>;
  /** OpenAI strict: every object closed, every property required, optional ones nullable. */
  strictObjects: boolean;
  /** How "or null" is written: `type: [t, "null"]` (JSON Schema) or `nullable: true` (OpenAPI 3.0). */
  nullStyle: "typeArray" | "nullable";
  /** Unions (`anyOf`/`oneOf`): kept as `anyOf`, or none at all. */
  unions: "anyOf" | "none";
  /** `enum` only on strings (Gemini). */
  enumStringsOnly: boolean;
  /** An object with no declared properties (a map, a free-form object) cannot be described: passed as JSON text. */
  freeFormObjectsAsJson: boolean;
  /** A schema with no type (any JSON value) cannot be described: listed as a string. */
  untypedAsString: boolean;
  /** An array without `items` cannot be described: passed as JSON text. */
  arraysNeedItems: boolean;
  /** Property names must match `^[A-Za-z_][A-Za-z0-9_]{0,63}$`: others are renamed (and renamed back at run time). */
  safePropertyNames: boolean;
  /** Size limits of one tool's schema; past them the largest arguments are passed as JSON text. */
  limits?: SchemaLimits;
}

/** Size limits of one schema (OpenAI Structured Outputs). */
export interface SchemaLimits {
  /** Object properties in the whole schema. */
  maxProperties: number;
  /** Levels of object nesting, the root object being level 1. */
  maxObjectDepth: number;
  /** Characters of all property names, enum values and const values together. */
  maxStringLength: number;
  /** Enum values in the whole schema. */
  maxEnumValues: number;
}

// https://platform.openai.com/docs/guides/function-calling (function `name`: "a-z, A-Z, 0-9, or
// contain underscores and dashes, with a maximum length of 64") and the Chat Completions / Responses
// reference for `tools` ("A max of 128 functions are supported").
const OPENAI_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * OpenAI function calling with `strict: true` (Structured Outputs), as the Agents SDK converts MCP
 * tools (`convert_schemas_to_strict`). Rules from https://platform.openai.com/docs/guides/structured-outputs#supported-schemas:
 * supported types string, number, boolean, integer, object, array, enum, anyOf; string `pattern`,
 * `format` (date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid); number `multipleOf`,
 * `maximum`, `exclusiveMaximum`, `minimum`, `exclusiveMinimum`; array `minItems`, `maxItems`;
 * "all fields must be required" (optional ones as a union with null); "additionalProperties: false
 * must always be set in objects"; the root must be an object, not `anyOf`; composition keywords
 * (`allOf`, `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`) unsupported; at most
 * 5,000 object properties and 10 levels of nesting, 120,000 characters of property names, enum and
 * const values, 1,000 enum values.
 */
export const OPENAI: ClientProfile = {
  client: "openai",
  namePattern: OPENAI_NAME,
  maxNameLength: () => 64,
  maxTools: 128,
  toolCountRule: "OpenAI accepts at most 128 functions per request",
  rewriteSchemas: true,
  keywords: new Set([
    "type", "description", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
    "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "minItems", "maxItems",
  ]),
  formats: { string: new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]) },
  strictObjects: true,
  nullStyle: "typeArray",
  unions: "anyOf",
  enumStringsOnly: false,
  freeFormObjectsAsJson: true,
  untypedAsString: true,
  arraysNeedItems: true,
  safePropertyNames: false,
  limits: { maxProperties: 5000, maxObjectDepth: 10, maxStringLength: 120_000, maxEnumValues: 1000 },
};

/**
 * Gemini function declarations (`parameters`, "a select subset of an OpenAPI 3.0 schema object"):
 * https://ai.google.dev/gemini-api/docs/function-calling#function_declarations and the Schema
 * reference https://ai.google.dev/api/caching#Schema — fields type (one value), format, title,
 * description, nullable, enum ("possible values of the element of Type.STRING"), maxItems,
 * minItems, properties, required, minProperties, maxProperties, minLength, maxLength, pattern,
 * example, anyOf, propertyOrdering, default, items, minimum, maximum; no `$ref`,
 * `additionalProperties`, `oneOf`, `allOf`, `const`. Formats: "for NUMBER type: float, double; for
 * INTEGER type: int32, int64; for STRING type: enum, date-time". Function name: starts with a
 * letter or underscore, then a-z, A-Z, 0-9, underscores, dots or dashes, at most 64 characters
 * (https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/FunctionDeclaration; the older
 * Gemini page says 63, the limit kept here); parameter names "must start with a letter or an
 * underscore and must only contain chars a-z, A-Z, 0-9, or underscores with a maximum length of 64".
 * An OBJECT needs properties and an ARRAY needs items.
 */
export const GEMINI: ClientProfile = {
  client: "gemini",
  namePattern: /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/,
  maxNameLength: () => 63,
  // No published cap on declarations; Google's guidance is to keep the active set small (10-20).
  maxTools: 128,
  toolCountRule: "Gemini's function-calling guide advises keeping the set of active functions small (ideally 10-20)",
  rewriteSchemas: true,
  keywords: new Set([
    "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
    "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "anyOf", "default", "items", "minimum", "maximum",
  ]),
  formats: { number: new Set(["float", "double"]), integer: new Set(["int32", "int64"]), string: new Set(["enum", "date-time"]) },
  strictObjects: false,
  nullStyle: "nullable",
  unions: "anyOf",
  enumStringsOnly: true,
  freeFormObjectsAsJson: true,
  untypedAsString: true,
  arraysNeedItems: true,
  safePropertyNames: true,
};

/**
 * Anthropic tool use: https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 * — `name` "must match the regex ^[a-zA-Z0-9_-]{1,64}$"; `input_schema` "a JSON Schema object"
 * (draft 2020-12), and the API refuses `oneOf`, `allOf` or `anyOf` at its top level. Otherwise
 * JSON Schema is accepted as it is, so this profile changes little — which is the finding.
 */
export const ANTHROPIC: ClientProfile = {
  client: "anthropic",
  namePattern: /^[a-zA-Z0-9_-]{1,64}$/,
  maxNameLength: () => 64,
  // No published cap on tools; past OpenAI's 128 the list is surely too long to choose from well.
  maxTools: 128,
  toolCountRule: "Anthropic publishes no cap, but models choose worse from long tool lists",
  rewriteSchemas: false,
  keywords: new Set([
    "title", "description", "type", "enum", "const", "format", "contentMediaType", "contentEncoding", "minimum", "exclusiveMinimum",
    "maximum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "properties", "required", "additionalProperties",
    "patternProperties", "propertyNames", "minProperties", "maxProperties", "dependentRequired", "prefixItems", "items", "contains",
    "minItems", "maxItems", "uniqueItems", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "default", "examples", "deprecated",
  ]),
  strictObjects: false,
  nullStyle: "typeArray",
  unions: "anyOf",
  enumStringsOnly: false,
  freeFormObjectsAsJson: false,
  untypedAsString: false,
  arraysNeedItems: false,
  safePropertyNames: false,
};

/**
 * Cursor: https://docs.cursor.com/context/model-context-protocol — the agent sends the tools of
 * every enabled server to the model (at most about 40 tools are active, the documented limit); a
 * tool's name with its server's name must fit 60 characters (the server's name is the key in
 * mcp.json, assumed to be the server's own name, cut to 30 characters to leave tools 30 or more); Cursor forwards schemas to several
 * model vendors and users report unions (`anyOf`/`oneOf`) refused, so a union becomes one shape.
 */
export const CURSOR: ClientProfile = {
  client: "cursor",
  namePattern: /^[A-Za-z0-9_-]{1,60}$/,
  maxNameLength: (serverName) => 60 - serverName.length,
  maxServerNameLength: 30,
  maxTools: 40,
  toolCountRule: "Cursor sends at most about 40 MCP tools to the agent",
  rewriteSchemas: true,
  keywords: new Set([
    "title", "description", "type", "enum", "const", "format", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum",
    "multipleOf", "minLength", "maxLength", "pattern", "properties", "required", "additionalProperties", "items", "minItems",
    "maxItems", "uniqueItems", "default", "examples", "deprecated",
  ]),
  strictObjects: false,
  nullStyle: "typeArray",
  unions: "none",
  enumStringsOnly: false,
  freeFormObjectsAsJson: false,
  untypedAsString: false,
  arraysNeedItems: false,
  safePropertyNames: false,
};

/** The profiles by client name. */
export const CLIENT_PROFILES: Readonly<Record<ClientName, ClientProfile>> = { openai: OPENAI, gemini: GEMINI, anthropic: ANTHROPIC, cursor: CURSOR };

/** The client names, for flags and the curation schema. */
export const CLIENT_NAMES = ["openai", "gemini", "anthropic", "cursor"] as const satisfies readonly ClientName[];
