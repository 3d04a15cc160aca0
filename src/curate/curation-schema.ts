/**
 * The curation file's shape, defined once as a zod schema. It validates loaded files
 * (`load-curation.ts`) and is exported as `curation.schema.json` for editors
 * (`scripts/export-curation-schema.ts`). Every object is strict: an unknown key is an error.
 */
import { z } from "zod";
import { PublishSchema } from "./publish-schema.js";
import { ServeOpsSchema } from "./serve-ops-schema.js";

/** Tool names MCP clients accept: `[A-Za-z0-9_-]`, 1 to 64 characters. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An HTTP header name (RFC 9110 `token`). */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const toolName = z
  .string()
  .regex(TOOL_NAME_PATTERN, { error: 'must be 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-"' })
  .describe("Tool name shown to the model: 1 to 64 characters from A-Z, a-z, 0-9, _ and -.");

/** Accepted spellings of the HTTP methods (upper or lower case); matching ignores case. */
const method = z
  .enum(
    [
      "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY",
      "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    ],
    { error: "must be an HTTP method: GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE or QUERY" },
  )
  .describe("HTTP method, upper or lower case.");

const operationRef = z
  .string()
  .min(1)
  .describe('An operationId, or "METHOD /path" with the path exactly as written in the spec.');

const timeoutMs = z
  .number()
  .int()
  .positive()
  .max(600_000)
  .describe("Deadline for the whole call, all attempts included, in milliseconds (at most 600000).");
const retries = z.number().int().min(0).max(10).describe("Retries after the first attempt, for retry-safe calls only.");
const maxResponseTokens = z
  .number()
  .int()
  .min(100)
  .describe("Budget for the tool result, estimated at 4 characters per token.");
const maxToolTokens = z
  .number()
  .int()
  .min(50)
  .describe("Most o200k tokens this tool's listed definition may cost: the schemas of its deepest optional arguments give way to a note until it fits (arguments are still validated in full).");
const idempotencyKeyHeader = z
  .string()
  .regex(HEADER_NAME_PATTERN, { error: "must be an HTTP header name" })
  .describe("Header carrying an idempotency key; makes POST and PATCH retry-safe.");
const outputSchema = z
  .boolean()
  .describe("Declare the JSON response schema (loosened) as the tool's outputSchema.");

/**
 * One OpenAPI Security Requirement alternative: scheme name → scopes
 * (https://spec.openapis.org/oas/v3.1.0#security-requirement-object).
 */
const securityRequirements = z
  .array(z.record(z.string(), z.array(z.string())))
  .describe("Security Requirement Objects: any one alternative satisfies it; [] means no credentials, [{}] optional.");

/** No CR, LF or other controls (header injection), and only Latin-1 (what HTTP/1.1 can carry). */
const HEADER_VALUE_PATTERN = /^[^\u0000-\u0008\u000A-\u001F\u007F\u0100-\uFFFF]*$/;

/** Static headers: a valid name each, a value without control characters; `${env:NAME}` reads the environment at start. */
const headers = z
  .record(
    z.string().regex(HEADER_NAME_PATTERN, { error: "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)" }),
    z.string().regex(HEADER_VALUE_PATTERN, { error: "must not contain CR, LF or other control characters, or characters beyond Latin-1" }),
  )
  .describe('Headers sent on every request; "${env:NAME}" in a value reads the environment at start, and such values are secrets.');

const scopes = z.record(z.string(), z.string());
const description = z.string().optional();

/** An OpenAPI Security Scheme Object (https://spec.openapis.org/oas/v3.1.0#security-scheme-object). */
export const SecuritySchemeSchema = z
  .discriminatedUnion(
    "type",
    [
      // A query or cookie name may be anything; a header name is checked by `schemeProblems` (apply-security.ts).
      z.strictObject({ type: z.literal("apiKey"), name: z.string().min(1), in: z.enum(["header", "query", "cookie"]), description }),
      z.strictObject({ type: z.literal("http"), scheme: z.string().min(1), bearerFormat: z.string().optional(), description }),
      z.strictObject({
        type: z.literal("oauth2"),
        flows: z.strictObject({
          clientCredentials: z.strictObject({ tokenUrl: z.string(), refreshUrl: z.string().optional(), scopes }).optional(),
          authorizationCode: z.strictObject({ authorizationUrl: z.string(), tokenUrl: z.string(), refreshUrl: z.string().optional(), scopes }).optional(),
          implicit: z.strictObject({ authorizationUrl: z.string(), refreshUrl: z.string().optional(), scopes }).optional(),
          password: z.strictObject({ tokenUrl: z.string(), refreshUrl: z.string().optional(), scopes }).optional(),
        }),
        description,
      }),
      z.strictObject({ type: z.literal("openIdConnect"), openIdConnectUrl: z.string(), description }),
      z.strictObject({ type: z.literal("mutualTLS"), description }),
    ],
    { error: "must be a Security Scheme Object with type apiKey, http, oauth2, openIdConnect or mutualTLS" },
  )
  .describe("An OpenAPI Security Scheme Object.");

/** Any JSON value (a fixed or default argument value). */
const jsonValue = z.json();

/** Picks operations by tag, method, path glob or reference. */
export const SelectorSchema = z
  .strictObject({
    tags: z.array(z.string()).optional().describe("Operation tags (exact names)."),
    methods: z.array(method).optional(),
    paths: z
      .array(z.string().min(1))
      .optional()
      .describe('Path globs: "*" matches one segment, "**" any number; "{param}" is literal.'),
    operations: z.array(operationRef).optional(),
  })
  .describe("Operation selector.");

/** Changes to one tool argument. */
export const ArgumentEditSchema = z.strictObject({
  description: z.string().optional().describe("Replaces the argument's description."),
  default: jsonValue.optional().describe("Sent when the model omits the argument; also shown as the schema default."),
  value: jsonValue.optional().describe("Always sent, whatever the model passes; hides the argument unless hidden is false."),
  hidden: z.boolean().optional().describe("Remove the argument from the input schema."),
});

/** MCP tool annotations that override the derived ones. */
export const AnnotationsSchema = z.strictObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

/** An OAuth scope token (RFC 6749 §3.3). */
const oauthScope = z.string().min(1).regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { error: "must be an OAuth scope token (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes)" });

/** One `tools` entry: selects an operation and reshapes the tool it becomes. */
export const ToolEntrySchema = z.strictObject({
  operation: operationRef,
  name: toolName.optional(),
  title: z.string().min(1).optional().describe("Tool title, for client UIs (tools have none by default: the description opens with the summary)."),
  description: z.string().min(1).optional().describe("Replaces the tool description."),
  arguments: z.record(z.string(), ArgumentEditSchema).optional().describe("Edits keyed by argument name."),
  annotations: AnnotationsSchema.optional(),
  timeoutMs: timeoutMs.optional(),
  retries: retries.optional(),
  maxResponseTokens: maxResponseTokens.optional(),
  maxToolTokens: maxToolTokens.optional(),
  idempotencyKeyHeader: idempotencyKeyHeader.optional(),
  outputSchema: outputSchema.optional(),
  fields: z
    .boolean()
    .optional()
    .describe("Adds an optional `fields` argument (dotted paths such as items.title) that keeps only those fields of a JSON answer, before it is cut to the response budget."),
  baseUrl: z
    .url({ error: "must be an absolute URL, e.g. https://uploads.example.com/v1" })
    .optional()
    .describe("This tool's upstream base URL; beats the file's baseUrl and the spec's servers (--base-url and OPENAPI_MCP_BASE_URL beat it)."),
  security: securityRequirements.optional().describe("This tool's Security Requirement; beats the spec's and the file's."),
  headers: headers.optional().describe("Headers for this tool only; beat the file's headers of the same name."),
  scopes: z
    .array(oauthScope)
    .optional()
    .describe("OAuth scopes a caller's access token needs to call this tool (with serve.oauth); without them tools/call is answered 403 insufficient_scope."),
});

/** Policy defaults for every tool (a tools entry overrides them). */
export const PolicyDefaultsSchema = z.strictObject({
  timeoutMs: timeoutMs.optional(),
  retries: retries.optional(),
  maxResponseTokens: maxResponseTokens.optional(),
  maxToolTokens: maxToolTokens.optional(),
  idempotencyKeyHeader: idempotencyKeyHeader.optional(),
  outputSchema: outputSchema.optional(),
});

/** `serve.oauth`: the HTTP endpoint as an OAuth 2.1 resource server (README "OAuth"). */
export const ServeOAuthSchema = z
  .strictObject({
    issuer: z
      .url({ error: "must be the authorization server's issuer URL, e.g. https://auth.example.com" })
      .describe("The authorization server's issuer; its metadata (RFC 8414, else OpenID Connect discovery) is fetched at start. https:, or http: on a loopback address."),
    audience: z
      .url({ error: "must be this server's canonical URL, e.g. https://mcp.example.com/mcp" })
      .describe("This server's canonical URI (RFC 8707 resource): access tokens must name it in aud."),
    requiredScopes: z.array(oauthScope).optional().describe("Scopes every request's access token must carry."),
    introspection: z.boolean().optional().describe("Accept opaque access tokens through the issuer's RFC 7662 introspection endpoint (needs OPENAPI_MCP_OAUTH_CLIENT_ID and _SECRET)."),
  })
  .describe("OAuth 2.1 resource server for the HTTP endpoint; the --oauth-* flags beat these keys.");

/** The whole curation file. */
export const CurationSchema = z.strictObject({
  $schema: z.string().optional().describe("Path or URL of this JSON Schema, for editors."),
  server: z
    .strictObject({
      name: z.string().min(1).optional().describe("Server name; defaults to the spec title, slugged."),
      version: z.string().min(1).optional().describe("Server version; defaults to the spec's info.version."),
      instructions: z.string().optional().describe("MCP instructions returned by initialize."),
    })
    .optional(),
  baseUrl: z
    .url({ error: "must be an absolute URL, e.g. https://api.example.com/v1" })
    .optional()
    .describe("Upstream base URL; overrides the spec's servers (the --base-url option overrides this)."),
  securitySchemes: z
    .record(z.string().min(1), SecuritySchemeSchema)
    .optional()
    .describe("Security Scheme Objects added to the spec's; one with the same name replaces the spec's."),
  security: securityRequirements
    .optional()
    .describe("Security Requirement for operations the spec leaves without one (no security field on the operation or the document)."),
  headers: headers.optional(),
  include: SelectorSchema.optional(),
  exclude: SelectorSchema.optional(),
  // `tools:` with every entry commented out (as `init` writes it) is null: a choice of nothing.
  tools: z
    .array(ToolEntrySchema)
    .nullable()
    .optional()
    .describe("The operations to serve, one entry each; null or [] selects none (unless include does)."),
  defaults: PolicyDefaultsSchema.optional(),
  client: z
    .enum(["openai", "gemini", "anthropic", "cursor"])
    .optional()
    .describe("Shape the listed tools for one client's tool-calling rules (names, schema subset, limits); the --client option beats it. Calls are still validated against the full schema."),
  discovery: z
    .boolean()
    .optional()
    .describe(
      "Discovery mode: list three tools (search_operations, describe_operation, call_operation) that reach every operation include and exclude allow; tools entries are listed beside them. The --discovery option turns it on too.",
    ),
  maxDescriptionLength: z
    .number()
    .int()
    .min(64)
    .max(100_000)
    .optional()
    .describe("Longest tool description in characters, after markup is cleaned (default 1024); longer ones are cut at a sentence or word."),
  publish: PublishSchema.optional().describe("Who publishes the generated project: its MCP Registry name, npm package, author."),
  readOnly: z.boolean().optional().describe("Keep only tools with readOnlyHint: true (GET operations, and those annotated so); as --read-only."),
  serve: ServeOpsSchema.extend({ oauth: ServeOAuthSchema.optional() })
    .optional()
    .describe("How the server runs (serve and generated projects): OAuth, per-caller rate limits, audit log, metrics; command-line flags beat these keys."),
});

/** A validated curation file. */
export type Curation = z.infer<typeof CurationSchema>;
/** `include` or `exclude`. */
export type Selector = z.infer<typeof SelectorSchema>;
/** The `publish` block. */
export type Publish = z.infer<typeof PublishSchema>;
/** One `tools` entry. */
export type ToolEntry = z.infer<typeof ToolEntrySchema>;
/** One entry of `tools[].arguments`. */
export type ArgumentEdit = z.infer<typeof ArgumentEditSchema>;
/** One `securitySchemes` entry. */
export type CurationSecurityScheme = z.infer<typeof SecuritySchemeSchema>;
/** The `defaults` block. */
export type PolicyDefaults = z.infer<typeof PolicyDefaultsSchema>;
