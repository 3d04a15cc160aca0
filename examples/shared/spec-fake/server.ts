/**
 * The example-driven fake upstream: a loopback `node:http` server that answers the operations it is
 * given from the spec alone. Each request is matched on method and path template; then, in the order a
 * real API works: the dialect's screen (e.g. a required User-Agent), the credential, the route (else
 * 404), the resources it knows (a path parameter listed in `known` with another value is a 404), the
 * request's shape (./check-request.ts), and finally the operation's 2xx example or a value synthesised
 * from its schema (./success-response.ts). Every request is recorded, with the status it got.
 *
 * It is not a mock server: it holds no state, a write changes nothing, and it answers the same example
 * whatever the arguments — the point is to show and check what the bridge sends, and what a model
 * would read back.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest } from "./check-request.js";
import type { DialectRequest, FakeDialect, FakeReply } from "./dialect.js";
import { compileRoutes, matchRoute, type RouteMatch } from "./route-table.js";
import { isObject, type JsonValue, type SpecDocument } from "./spec-document.js";
import { successResponse, type SuccessResponse } from "./success-response.js";
import type { SeedValues } from "./synthesise-value.js";

/** What a hook sees when it may reshape a success reply. */
export interface RespondContext {
  match: RouteMatch;
  request: DialectRequest;
  query: URLSearchParams;
  /** The reply the spec gives; the hook may return a different one. */
  success: SuccessResponse;
}

/** Options for {@link startSpecFake}. */
export interface SpecFakeOptions {
  /** The loaded spec (./spec-document.ts). */
  spec: SpecDocument;
  /** operationIds to serve; every one must exist in the spec. */
  operations: readonly string[];
  /** The vendor's refusals (./dialect.ts). */
  dialect: FakeDialect;
  /**
   * Resources that exist, by path parameter name: `{ owner: ["octocat"], repo: ["Hello-World"] }`.
   * A request naming another value answers the dialect's 404; parameters not listed accept any value.
   */
  known?: Readonly<Record<string, readonly string[]>>;
  /** Values for synthesised properties, by name or `<component schema>.<property>` (./synthesise-value.ts). */
  seeds?: SeedValues;
  /** Per operationId, a hook that replaces the success reply (return undefined to keep it). */
  respond?: Readonly<Record<string, (context: RespondContext) => FakeReply | undefined>>;
  /** Interface to listen on; default 127.0.0.1. Port is always chosen by the system. */
  host?: string;
}

/** One request as the fake received it, and how it answered. */
export interface FakeRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/customers?expand%5B0%5D=data.tax`. */
  url: string;
  /** The path without the query, percent-encoding kept. */
  path: string;
  /** Query parameters as URLSearchParams reads them; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Lower-case names, as Node parses them. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text; empty when none was sent. */
  body: string;
  /** The operation matched, if any. */
  operationId: string | undefined;
  /** Decoded path parameters of the matched operation. */
  params: Record<string, string>;
  /** The status the fake answered. */
  status: number;
}

/** A running fake. */
export interface SpecFake {
  /** `http://127.0.0.1:<port>` — set it as OPENAPI_MCP_BASE_URL. */
  origin: string;
  /** Every request since start or the last {@link SpecFake.reset}. */
  requests: FakeRequest[];
  /** Forgets recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. Throws at once if an operationId is not in the spec. */
export async function startSpecFake(options: SpecFakeOptions): Promise<SpecFake> {
  const routes = compileRoutes(options.spec, options.operations);
  const requests: FakeRequest[] = [];

  const answer = (req: IncomingMessage, body: string, record: FakeRequest): FakeReply => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const request: DialectRequest = { method: record.method, path: url.pathname, headers: req.headers };
    const screened = options.dialect.screen?.(request);
    if (screened !== undefined) return screened;
    const authorized = options.dialect.authorize(request);
    if (authorized !== "ok") return options.dialect.unauthorized(request, authorized);
    const match = matchRoute(routes, record.method, url.pathname);
    if (match === undefined) return options.dialect.notFound(request, { kind: "route" });
    record.operationId = match.route.operationId;
    record.params = match.params;
    for (const [parameter, value] of Object.entries(match.params)) {
      const known = options.known?.[parameter];
      if (known !== undefined && !known.includes(value)) return options.dialect.notFound(request, { kind: "resource", route: match.route, parameter, value });
    }
    const problem = checkRequest(options.spec, match.route, url.searchParams, body, req.headers["content-type"]);
    if (problem !== undefined) return options.dialect.invalid(request, match.route, problem);
    const spec = successResponse(options.spec, match.route.operation, req.headers.accept, options.seeds);
    const success = spec.source === "schema" ? { ...spec, value: addressedId(spec.value, match) } : spec;
    const hooked = options.respond?.[match.route.operationId]?.({ match, request, query: url.searchParams, success });
    return hooked ?? { status: success.status, body: success.value ?? null, contentType: success.mediaType };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const record: FakeRequest = { method: req.method ?? "GET", url: req.url ?? "/", path: url.pathname, query: queryRecord(url.searchParams), headers: { ...req.headers }, body, operationId: undefined, params: {}, status: 0 };
      requests.push(record);
      let reply: FakeReply;
      try {
        reply = answer(req, body, record);
      } catch (error) {
        reply = { status: 500, body: { message: `spec fake: ${error instanceof Error ? error.message : String(error)}` } };
      }
      record.status = reply.status;
      send(res, reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${options.host ?? "127.0.0.1"}:${port}`,
    requests,
    reset(): void {
      requests.length = 0;
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A synthesised resource fetched by id reads as that resource: when the path ends in a parameter
 * (`/v1/customers/{customer}`) and the value is an object with a string `id`, the id is the one asked
 * for. Examples written by the spec's authors are left exactly as written.
 */
function addressedId(value: JsonValue | undefined, match: RouteMatch): JsonValue | undefined {
  const last = match.route.template.match(/\{([^}]+)\}$/)?.[1];
  const id = last === undefined ? undefined : match.params[last];
  if (id === undefined || !isObject(value) || typeof value.id !== "string") return value;
  return { ...value, id };
}

/**
 * Writes a reply. A string body with a non-JSON media type goes out as text; anything else as JSON.
 * A reply with neither body nor media type (a 204) goes out empty, without Content-Type.
 */
function send(res: ServerResponse, reply: FakeReply): void {
  const empty = reply.body === null && reply.contentType === undefined;
  const asText = typeof reply.body === "string" && reply.contentType !== undefined && !/json/i.test(reply.contentType);
  const text = empty ? "" : asText ? (reply.body as string) : JSON.stringify(reply.body);
  const headers: Record<string, string | number> = { "content-length": Buffer.byteLength(text) };
  if (!empty) {
    const type = reply.contentType ?? "application/json";
    headers["content-type"] = /charset=/i.test(type) ? type : `${type}; charset=utf-8`;
  }
  res.writeHead(reply.status, { ...headers, ...reply.headers });
  res.end(text);
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of query) {
    const prior = out[name];
    out[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}
