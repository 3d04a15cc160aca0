/**
 * One OpenAPI operation → one {@link OperationIr}: its arguments, HTTP binding, description,
 * annotations, security and success response. Names are made unique later, across the whole spec.
 */
import type { HttpMethod, ToolAnnotations, ToolDefinition } from "../runtime/core/tool-definition.js";
import type { ArgumentDraft, BuildContext } from "./build-context.js";
import { operationDescription } from "./description.js";
import { assembleInput } from "./input-schema.js";
import { appendPointer } from "./json-pointer.js";
import { collectParameters, parameterToDraft } from "./parameters.js";
import { requestPathOf } from "./request-path.js";
import { requestBodyToDraft, swagger2BodyToDraft, type BodyDraft } from "./request-body.js";
import { successMediaTypes } from "./response-media-types.js";
import { successResponseLocation } from "./response-schema.js";
import { operationSecurity } from "./security.js";
import { serverListToUrl } from "./servers.js";
import type { OperationIr } from "./types.js";

type Raw = Record<string, unknown>;

/** Policy every tool starts with; the curation step overrides it. */
export const DEFAULT_POLICY = { timeoutMs: 30_000, retries: 2, maxResponseTokens: 20_000 } as const;

/** Query parameter names that page through results, compared case-insensitively. */
const PAGING = /^(page|per_?page|page_?size|page_?number|limit|offset|cursor|after|before|starting_after|ending_before|page_?token|next_?token|next_?page_?token|continuation_?token|skip|top|\$top|\$skip|start|marker|since|max_?results)$/i;

/** The operation as found in the document. */
export interface OperationSite {
  path: string;
  method: HttpMethod;
  pathItem: Raw;
  operation: Raw;
  /** Pointer of the path item (`#/paths/~1pets`). */
  pathPointer: string;
}

/** Converts one operation. Throws {@link SpecError} when it cannot be used (the caller skips it). */
export function operationToIr(site: OperationSite, toolName: string, ctx: BuildContext): OperationIr {
  const { path, method, pathItem, operation, pathPointer } = site;
  const pointer = appendPointer(pathPointer, method.toLowerCase());
  const params = collectParameters(pathItem, operation, pathPointer, pointer, ctx);
  const drafts: ArgumentDraft[] = pathPlaceholderDrafts(path, params.map((p) => p.param), pointer, ctx);
  for (const located of params) {
    const where = located.param.in;
    if (where === "body" || where === "formData") continue;
    if (where === "path" && !path.includes(`{${String(located.param.name)}}`)) {
      ctx.warnings.push({ pointer: located.pointer, message: `path parameter "${String(located.param.name)}" is not in the path template; it is ignored` });
      continue;
    }
    drafts.push(parameterToDraft(located, ctx));
  }
  const body: BodyDraft | undefined = ctx.specVersion === "2.0"
    ? swagger2BodyToDraft(params, operation, ctx)
    : requestBodyToDraft(operation, pointer, ctx);
  if (body) drafts.push(...body.args);

  const { inputSchema, bindings } = assembleInput(drafts);
  const summary = typeof operation.summary === "string" ? operation.summary : undefined;
  const deprecated = operation.deprecated === true;
  const description = operationDescription(
    {
      ...(summary === undefined ? {} : { summary }),
      ...(typeof operation.description === "string" ? { description: operation.description } : {}),
      name: toolName,
      method,
      path,
      deprecated,
      arguments: bindings.filter((b) => b.hidden !== true).map((b) => ({ name: b.argument, in: b.target.in, required: b.required })),
    },
    ctx.options.maxDescriptionLength,
  );
  const serverUrl =
    serverListToUrl(operation.servers, appendPointer(pointer, "servers"), ctx.server) ??
    serverListToUrl(pathItem.servers, appendPointer(pathPointer, "servers"), ctx.server);

  const responseMediaTypes = successMediaTypes(operation, pointer, ctx);
  const tool: ToolDefinition = {
    // No title: the summary opens the description, the one copy a model reads; MCP clients display
    // the name when a tool has no title (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool).
    // A curation file's `title` adds one where a UI wants it.
    name: toolName,
    description,
    inputSchema,
    annotations: annotationsFor(method),
    http: {
      method,
      path: requestPathOf(path, new Set(params.map((p) => String(p.param.name)))),
      ...(serverUrl === undefined ? {} : { serverUrl }),
      arguments: bindings,
      ...(body ? { body: body.binding } : {}),
      ...(responseMediaTypes.length > 0 ? { responseMediaTypes } : {}),
    },
    security: operationSecurity(operation, ctx.document, ctx.securitySchemes, pointer, ctx.warnings),
    policy: { ...DEFAULT_POLICY },
    pagingArguments: bindings
      .filter((b) => b.target.in === "query" && PAGING.test(b.target.name))
      .map((b) => b.argument),
  };
  const response = successResponseLocation(operation, pointer, ctx);
  const tags = Array.isArray(operation.tags) ? operation.tags.map(String) : [];
  return {
    pointer,
    ...(typeof operation.operationId === "string" && operation.operationId !== "" ? { operationId: operation.operationId } : {}),
    method,
    path,
    ...(summary === undefined ? {} : { summary }),
    tags,
    deprecated,
    ...(response ? { response } : {}),
    ...(Array.isArray(operation.security) || Array.isArray(ctx.document.security) ? {} : { securityUndeclared: true as const }),
    tool,
  };
}

/**
 * MCP annotations from the method: GET/HEAD/OPTIONS read only; PUT/DELETE idempotent; DELETE
 * destructive. Every tool reaches an outside system, so openWorldHint is true.
 */
export function annotationsFor(method: HttpMethod): ToolAnnotations {
  const readOnly = method === "GET" || method === "HEAD" || method === "OPTIONS" || method === "QUERY";
  return {
    readOnlyHint: readOnly,
    ...(readOnly ? {} : { destructiveHint: method === "DELETE", idempotentHint: method === "PUT" || method === "DELETE" }),
    openWorldHint: true,
  };
}

/** Path template placeholders that no parameter declares still need an argument (a common spec slip). */
function pathPlaceholderDrafts(path: string, params: Raw[], pointer: string, ctx: BuildContext): ArgumentDraft[] {
  const declared = new Set(params.filter((p) => p.in === "path").map((p) => String(p.name)));
  const drafts: ArgumentDraft[] = [];
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1]!;
    if (declared.has(name)) continue;
    declared.add(name);
    ctx.warnings.push({ pointer, message: `path placeholder {${name}} has no parameter; it is treated as a required string` });
    drafts.push({
      wireName: name,
      location: "path",
      target: { in: "path", name, style: "simple", explode: false, allowReserved: false },
      required: true,
      schema: { type: "string" },
    });
  }
  return drafts;
}
