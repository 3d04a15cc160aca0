/**
 * The runtime's contract: everything the MCP server needs to list a tool and turn a call into one
 * HTTP request. Plain, JSON-serialisable data. `serve` builds these from the IR in memory;
 * `generate` writes them into typed files. This module imports nothing: the runtime folder is
 * copied verbatim into generated projects.
 */

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
  /** Rate limits, audit log and metrics from the curation file's `serve:` section; absent: all off. */
  serve?: ServeOpsConfig;
}
