/**
 * The runtime's contract: everything the MCP server needs to list a tool and turn a call into one
 * HTTP request. Plain, JSON-serialisable data. `serve` builds these from the IR in memory;
 * `generate` writes them into typed files. This module imports only types: the runtime folder is
 * copied verbatim into generated projects.
 */
import type { DiscoveryDefinition } from "./discovery-definition.js";

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema (draft 2020-12) object, as plain data. */
export type JsonSchema = { [keyword: string]: JsonValue };

/** HTTP methods an OpenAPI Path Item can hold (https://spec.openapis.org/oas/v3.1.0#path-item-object). */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "QUERY";

/** Where a parameter goes (https://spec.openapis.org/oas/v3.1.0#parameter-locations). */
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/**
 * Serialisation styles (https://spec.openapis.org/oas/v3.1.0#style-values), plus `tabDelimited`:
 * internal, Swagger 2.0 only (`collectionFormat: tsv`, https://swagger.io/specification/v2/#parameter-object),
 * which OpenAPI 3 has no style for.
 */
export type ParameterStyle =
  | "simple"
  | "label"
  | "matrix"
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "tabDelimited"
  | "deepObject";

/** An argument that becomes a path, query, header or cookie parameter. */
export interface ParameterTarget {
  in: ParameterLocation;
  /** The parameter's name on the wire (may differ from the argument name). */
  name: string;
  style: ParameterStyle;
  explode: boolean;
  /** Query only: reserved characters (RFC 3986 `:/?#[]@!$&'()*+,;=`) are sent unencoded. */
  allowReserved: boolean;
  /** Set when the parameter uses `content` instead of `schema`: the value is serialised with this media type. */
  contentType?: string;
}

/** An argument that becomes the request body or one property of it. */
export interface BodyTarget {
  in: "body";
  /** The body property this argument fills; absent when the argument is the whole body. */
  property?: string;
}

/** One tool argument and where its value goes in the HTTP request. */
export interface ArgumentBinding {
  /** The argument's name in the tool's input schema (unique within the tool). */
  argument: string;
  target: ParameterTarget | BodyTarget;
  /** The spec marks it required (for a body property: required within a required body). */
  required: boolean;
  /** Set by the curation file: this value is always sent, whatever the model passes. */
  fixedValue?: JsonValue;
  /** Set by the curation file: sent when the model omits the argument. */
  defaultValue?: JsonValue;
  /** Hidden arguments are absent from the input schema (only meaningful with fixedValue). */
  hidden?: boolean;
}

/** Serialisation of one property of a form or multipart body (https://spec.openapis.org/oas/v3.1.0#encoding-object). */
export interface PropertyEncoding {
  contentType?: string;
  style?: ParameterStyle;
  explode?: boolean;
  allowReserved?: boolean;
}

/** The request body of an operation. */
export interface BodyBinding {
  /** The media type the runtime sends. */
  contentType: string;
  /** Every media type the operation accepts, in spec order. */
  mediaTypes: string[];
  required: boolean;
  /** Per-property encoding for form and multipart bodies. */
  encoding?: Record<string, PropertyEncoding>;
  /** Properties that carry binary content (multipart file fields, octet-stream): the argument is base64 or a data URL. */
  binaryProperties?: string[];
}

/** How a tool call becomes an HTTP request. */
export interface HttpBinding {
  method: HttpMethod;
  /** The path template, e.g. `/pets/{petId}`, relative to the server URL. */
  path: string;
  /** Operation-level server URL when the operation overrides the API's (already resolved and absolute when possible). */
  serverUrl?: string;
  arguments: ArgumentBinding[];
  body?: BodyBinding;
  /**
   * Media types of the operation's success (2xx) responses, in spec order
   * (https://spec.openapis.org/oas/v3.1.0#response-object); absent when none declares content.
   * They become the default `Accept` header, joined by ", ".
   */
  responseMediaTypes?: string[];
}

/** MCP tool annotations (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** Per-tool runtime policy, fully defaulted by the curation step. */
export interface ToolPolicy {
  /** Deadline for the whole call, all attempts included. */
  timeoutMs: number;
  /** Retries after the first attempt, for retry-safe calls only. */
  retries: number;
  /** Budget for the tool result, estimated at 4 characters per token. */
  maxResponseTokens: number;
  /** Header carrying an idempotency key: makes POST/PATCH retry-safe, one key reused on every attempt. */
  idempotencyKeyHeader?: string;
}

/**
 * One alternative of an OpenAPI Security Requirement: scheme name → scopes. A tool's `security` is a
 * list of alternatives; an empty list means no credentials; `[{}]` means credentials are optional.
 */
export type SecurityRequirement = Record<string, string[]>;

/** A security scheme, reduced to what the runtime needs (https://spec.openapis.org/oas/v3.1.0#security-scheme-object). */
export type SecuritySchemeDefinition =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string; description?: string }
  | { type: "http"; scheme: string; bearerFormat?: string; description?: string }
  | {
      type: "oauth2";
      flows: {
        clientCredentials?: { tokenUrl: string; scopes: Record<string, string> };
        authorizationCode?: { authorizationUrl: string; tokenUrl: string; scopes: Record<string, string> };
        implicit?: { authorizationUrl: string; scopes: Record<string, string> };
        password?: { tokenUrl: string; scopes: Record<string, string> };
      };
      description?: string;
    }
  | { type: "openIdConnect"; openIdConnectUrl: string; description?: string }
  | { type: "mutualTLS"; description?: string };

/** The clients a schema profile exists for (`--client`, or `client:` in the curation file). */
export type ClientName = "openai" | "gemini" | "anthropic" | "cursor";

/**
 * What the runtime undoes, before validation, in arguments shaped the way a profile's schema
 * invited: each a rule the runtime applies by walking the FULL input schema beside the arguments.
 */
export type ProfileUndo =
  /** A `null` for a property the full schema does not require stands for "absent": removed (OpenAI strict lists every property as required). */
  | "nullMeansAbsent"
  /** A string where the full schema admits no string is JSON text for the value: parsed. */
  | "jsonStrings"
  /** A key the profile renamed (see `profileKey`) is renamed back to the full schema's key. */
  | "renamedKeys";

/**
 * A tool as one client profile lists it. The definition's own `inputSchema` stays the full
 * schema, and every call is validated against it after {@link ProfileUndo} rules are applied.
 */
export interface ToolProfile {
  client: ClientName;
  /** The input schema `tools/list` shows this client. */
  inputSchema: JsonSchema;
  /** The rules that turn arguments shaped by `inputSchema` back into arguments of the full schema. */
  undo: ProfileUndo[];
}

/** One MCP tool: what `tools/list` shows and how `tools/call` reaches the upstream API. */
export interface ToolDefinition {
  /** `[A-Za-z0-9_-]`, unique within the server. */
  name: string;
  title?: string;
  description: string;
  /** Always `type: "object"`, self-contained (no `$ref`), valid JSON Schema 2020-12. */
  inputSchema: JsonSchema;
  /** Declared only when the curation file opts in (`outputSchema: true`) and the response is JSON. */
  outputSchema?: JsonSchema;
  annotations: ToolAnnotations;
  /**
   * Set by the curation file's `fields: true`: the name of the optional argument (a list of dotted
   * paths) that keeps only those fields of a JSON answer. It is never sent upstream.
   */
  resultFields?: string;
  /**
   * Set when the curation file's `maxToolTokens` shortened the listed `inputSchema`: the full input
   * schema, which arguments are validated against.
   */
  argumentSchema?: JsonSchema;
  http: HttpBinding;
  security: SecurityRequirement[];
  policy: ToolPolicy;
  /** Arguments that page through results, named in truncation markers (e.g. `page`, `cursor`). */
  pagingArguments: string[];
  /**
   * Headers the curation file sends with this tool's requests (beating the server's `headers`).
   * A value may read the environment at start with `${env:NAME}`; such values are secrets.
   */
  headers?: Record<string, string>;
  /** Set when a client profile reshaped the listed schema (name and description are rewritten in place). */
  profile?: ToolProfile;
  /**
   * OAuth scopes a caller's access token must carry to call this tool (curation `tools[].scopes`),
   * on top of `serve.oauth.requiredScopes`; only enforced when the HTTP endpoint is OAuth-protected.
   */
  scopes?: string[];
}

/**
 * Inbound OAuth 2.1 (the curation file's `serve.oauth`): the HTTP endpoint is a resource server
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization) that accepts only
 * access tokens this issuer minted for this audience.
 */
export interface OAuthResourceSettings {
  /** The authorization server's issuer identifier; its metadata (RFC 8414, else OIDC discovery) is fetched at start. */
  issuer: string;
  /** This server's canonical URI (RFC 8707 resource indicator): tokens must name it in `aud`. */
  audience: string;
  /** Scopes every request's token must carry. */
  requiredScopes: string[];
  /** Accept opaque (non-JWT) tokens by asking the issuer's RFC 7662 introspection endpoint. */
  introspection?: boolean;
}

/**
 * The curation file's `serve:` operations settings, as data (flags beat them; see ops-settings.ts).
 * Rates are written `N/unit` (`120/min`; units s, min, h).
 */
export interface ServeOpsConfig {
  /** Token buckets per caller and per caller and tool; a cap on each caller's calls in flight. */
  rateLimit?: { perCaller?: string; perTool?: Record<string, string>; concurrentPerCaller?: number };
  /** One JSON line per tool call, to stderr or `file`; argument values only with `arguments: true`. */
  audit?: { enabled: boolean; file?: string; arguments?: boolean };
  /** Prometheus text at `/metrics`, on the MCP listener or on its own `port`. */
  metrics?: { enabled: boolean; port?: number };
}

/** Everything a server needs: identity, upstream, credentials' shapes, tools. */
export interface ServerDefinition {
  name: string;
  version: string;
  /** MCP `instructions` returned by `initialize`. */
  instructions?: string;
  /** Upstream base URL; absent when the spec has none and none was configured (an error at call time). */
  baseUrl?: string;
  securitySchemes: Record<string, SecuritySchemeDefinition>;
  /** Headers the curation file sends with every request; `${env:NAME}` reads the environment at start. */
  headers?: Record<string, string>;
  tools: ToolDefinition[];
  /**
   * Discovery mode: `tools/list` shows `search_operations`, `describe_operation`, `call_operation`
   * and the `listed` tools only; every tool above stays reachable through the three.
   */
  discovery?: DiscoveryDefinition;
  /** The curation file's `serve:` section: how the server itself is run; absent when the file has none. */
  serve?: ServeOpsConfig & { oauth?: OAuthResourceSettings };
}
