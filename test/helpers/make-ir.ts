/**
 * Small hand-built IRs for unit tests: an operation from its method, path, operationId and
 * arguments, with a plain tool definition like the IR builder's.
 */
import type { ApiIr, OperationIr } from "../../src/ir/types.js";
import type {
  ArgumentBinding,
  HttpMethod,
  JsonSchema,
  ParameterLocation,
  ToolAnnotations,
} from "../../src/runtime/core/tool-definition.js";

/** One argument: where it goes, whether it is required, its schema. */
export interface ArgSpec {
  name: string;
  /** Default: `path` when the path has `{name}`, else `query`. */
  in?: ParameterLocation | "body";
  /** Default: true for path parameters, else false. */
  required?: boolean;
  /** Default: `{ type: "string", description: "The <name>." }`. */
  schema?: JsonSchema;
}

/** What a test says about an operation; everything but `path` has a default. */
export interface OperationSpec {
  method?: HttpMethod;
  path: string;
  operationId?: string;
  tags?: string[];
  /** Names (defaults for the rest) or full specs. Path parameters missing here are added. */
  args?: Array<string | ArgSpec>;
  /** Tool name; default: the operationId, else `method_path` slugged. */
  name?: string;
  responseSchema?: JsonSchema;
  pagingArguments?: string[];
}

/** An OperationIr with a simple tool: one input property and one binding per argument. */
export function makeOperation(spec: OperationSpec): OperationIr {
  const method = spec.method ?? "GET";
  const pathParams = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const args: ArgSpec[] = (spec.args ?? []).map((arg) => (typeof arg === "string" ? { name: arg } : arg));
  for (const name of pathParams) if (!args.some((arg) => arg.name === name)) args.unshift({ name });

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const bindings: ArgumentBinding[] = args.map((arg) => {
    const location = arg.in ?? (pathParams.includes(arg.name) ? "path" : "query");
    const isRequired = arg.required ?? location === "path";
    properties[arg.name] = arg.schema ?? { type: "string", description: `The ${arg.name}.` };
    if (isRequired) required.push(arg.name);
    return {
      argument: arg.name,
      target:
        location === "body"
          ? { in: "body", property: arg.name }
          : { in: location, name: arg.name, style: location === "query" ? "form" : "simple", explode: location === "query", allowReserved: false },
      required: isRequired,
    };
  });
  const inputSchema: JsonSchema = { type: "object", properties };
  if (required.length > 0) inputSchema.required = required;

  const operation: OperationIr = {
    pointer: `#/paths/${spec.path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method.toLowerCase()}`,
    method,
    path: spec.path,
    tags: spec.tags ?? [],
    deprecated: false,
    tool: {
      name: spec.name ?? spec.operationId ?? `${method}_${spec.path}`.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/_+$/, ""),
      description: `${method} ${spec.path}`,
      inputSchema,
      annotations: annotationsFor(method),
      http: { method, path: spec.path, arguments: bindings },
      security: [],
      policy: { timeoutMs: 30_000, retries: 2, maxResponseTokens: 20_000 },
      pagingArguments: spec.pagingArguments ?? [],
    },
  };
  if (spec.operationId !== undefined) operation.operationId = spec.operationId;
  if (spec.responseSchema !== undefined) {
    const pointer = `#/test-responses/${testResponseSchemas.size}`;
    testResponseSchemas.set(pointer, spec.responseSchema);
    operation.response = { pointer, contentType: "application/json" };
  }
  return operation;
}

/** Response schemas given to {@link makeOperation}, by the pointer recorded on the operation. */
const testResponseSchemas = new Map<string, JsonSchema>();

/** Looks up a test operation's response schema, as `createResponseSchemaSource` does for real specs. */
export function testResponseSchemaOf(operation: OperationIr): JsonSchema | undefined {
  return operation.response ? testResponseSchemas.get(operation.response.pointer) : undefined;
}

/** An ApiIr around the given operations (specs are turned into operations). */
export function makeIr(operations: Array<OperationIr | OperationSpec>, overrides: Partial<ApiIr> = {}): ApiIr {
  return {
    source: "test.yaml",
    specVersion: "3.1",
    title: "Test API",
    version: "1.2.3",
    securitySchemes: {},
    operations: operations.map((operation) => ("tool" in operation ? operation : makeOperation(operation))),
    warnings: [],
    ...overrides,
  };
}

/** A small pet store: the operations most curation tests select from. */
export function makePetstoreIr(overrides: Partial<ApiIr> = {}): ApiIr {
  return makeIr(
    [
      { method: "GET", path: "/pet/findByStatus", operationId: "findPetsByStatus", tags: ["pet"], args: ["status"] },
      { method: "GET", path: "/pet/{petId}", operationId: "getPetById", tags: ["pet"], args: [{ name: "api_key", in: "header" }] },
      { method: "POST", path: "/pet", operationId: "addPet", tags: ["pet"], args: [{ name: "name", in: "body", required: true }] },
      { method: "DELETE", path: "/pet/{petId}", operationId: "deletePet", tags: ["pet"] },
      { method: "GET", path: "/store/inventory", operationId: "getInventory", tags: ["store"] },
      { method: "POST", path: "/store/order", operationId: "placeOrder", tags: ["store"] },
      { method: "GET", path: "/user/{username}", operationId: "getUserByName", tags: ["user"] },
      { method: "GET", path: "/health", tags: [] },
    ],
    { title: "Swagger Petstore - OpenAPI 3.0", version: "1.0.27", serverUrl: "https://petstore3.swagger.io/api/v3", ...overrides },
  );
}

function annotationsFor(method: HttpMethod): ToolAnnotations {
  return {
    readOnlyHint: method === "GET" || method === "HEAD",
    destructiveHint: method === "DELETE",
    idempotentHint: method === "GET" || method === "HEAD" || method === "PUT" || method === "DELETE",
    openWorldHint: true,
  };
}
