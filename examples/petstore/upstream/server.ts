/**
 * A small, real Swagger Petstore upstream on `node:http`, implementing every operation of
 * ../openapi.yaml (OpenAPI 3.0, 19 operations) under the base path `/api/v3`, like
 * https://petstore3.swagger.io/api/v3. Data lives in memory (./store.ts), seeded deterministically.
 *
 * Spec behaviour:
 * - Bodies of addPet, updatePet, placeOrder, createUser and updateUser may be `application/json` or
 *   `application/x-www-form-urlencoded`; XML is answered 415. In form bodies arrays repeat their key
 *   (`photoUrls=a&photoUrls=b`), nested values may be JSON text (`tags={"id":1,"name":"x"}`), bracket or
 *   dot keys (`category[name]=Dogs`, `tags[0][name]=x`) or a bare name (`tags=x`, `category=Dogs`); a
 *   repeated scalar keeps its first value.
 * - updatePetWithForm reads `name`/`status` from the query (form-body fields are accepted as a fallback);
 *   uploadFile takes any non-empty body (`application/octet-stream`) plus the `additionalMetadata` query.
 * - loginUser needs a known `username` and its `password` (seeded users: `12345`) and answers a JSON
 *   string with `X-Rate-Limit` and `X-Expires-After` headers. getInventory requires a non-empty
 *   `api_key` header (the spec's apiKey scheme); petstore_auth (OAuth2) is not enforced.
 * - deletePet, deleteOrder, deleteUser and logoutUser answer 200 `text/plain`; updateUser returns the user.
 * - Errors are RFC 9457 `application/problem+json` `{type,title,status,detail}`: 404 for unknown pet,
 *   order, user and route, 405 (with `Allow`) for a known path with another method, 400 for a
 *   non-integer id or an invalid body or parameter, with a `field` member naming it (e.g. `photoUrls`).
 *
 * Routes beyond the spec (for tests and benchmarks):
 * - `limit` and `offset` (non-negative integers) page findPetsByStatus and findPetsByTags in id order;
 *   the `X-Total-Count` header gives the unpaged count.
 * - `GET /api/v3/pet/findByStatus?size=large[&count=N][&itemBytes=B]` and
 *   `GET /api/v3/large[?count=N][&itemBytes=B][&status=s]`: N generated pets (default 10,000, at most
 *   1,000,000; ids from 1,000,001, not in the store) with the requested statuses (all three for `/large`),
 *   each padded to about B bytes when `itemBytes` is given. Bodies are cached; `limit`/`offset` apply.
 * - `GET /api/v3/slow?ms=N` waits N ms (≤ 600,000) then answers `{"waitedMs":N}`.
 * - `GET /api/v3/bench/payload?bytes=N` answers a JSON object of exactly N bytes (N ≥ 40; default 1024),
 *   built once per N and cached; `POST /api/v3/bench/echo` sends the request body back verbatim as
 *   `application/json` (not parsed, so it costs no CPU).
 * - `GET|POST /api/v3/flaky?key=K&failures=N&status=S[&retryAfter=T]`: the first N calls per key (default
 *   key `default`, N 1, status 503) fail with status S (problem+json, `Retry-After: T` when given), then
 *   `{"attempt":n}` with 200.
 * - `GET /healthz` → 200 `ok` (outside the base path).
 * - Option `latencyMs` delays every response; `reset()` clears recorded requests and flaky counters and
 *   restores the seeded store.
 */
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createPayloadJson,
  generatePets,
  InputError,
  orderFromInput,
  PET_STATUSES,
  petFromInput,
  PetStore,
  userFromInput,
  type Pet,
  type PetInput,
  type PetStatus,
  type User,
} from "./store.js";

/** The base path of every spec route, as in the spec's server URL. */
export const BASE_PATH = "/api/v3";

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_GENERATED_BYTES = 256 * 1024 * 1024;
const CACHE_ENTRIES = 16;

/** Options for {@link startPetstoreUpstream}. */
export interface PetstoreUpstreamOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Extra delay before every response, in ms; default 0. */
  latencyMs?: number;
  /** Seed of the in-memory store; default 1. */
  seed?: number;
  /** Record every request in `requests`; default true. Turn off for long benchmarks. */
  record?: boolean;
}

/** One request as the upstream saw it. */
export interface RecordedRequest {
  method: string;
  /** The raw request target, e.g. `/api/v3/pet/findByStatus?status=sold`. */
  url: string;
  /** The path without the query, e.g. `/api/v3/pet/findByStatus`. */
  path: string;
  /** Query parameters; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Headers with lower-case names, as Node parses them. */
  headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8 (empty when there is none). */
  body: string;
}

/** A running upstream. */
export interface PetstoreUpstream {
  /** Base URL including `/api/v3`, e.g. `http://127.0.0.1:43121/api/v3`. */
  url: string;
  /** Every request seen since start or the last {@link reset}; the array is cleared in place. */
  requests: RecordedRequest[];
  /** The live in-memory data. */
  store: PetStore;
  /** Clears recorded requests and flaky counters and restores the seeded store. */
  reset(): void;
  /** Stops listening and drops open (keep-alive or in-flight) connections. */
  close(): Promise<void>;
}

/** A failure answered as problem+json. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

interface UpstreamRequest {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Resolves after `ms`, or early when the client goes away or the server closes. */
  wait(ms: number): Promise<void>;
}

interface GeneratedList {
  pets: Pet[];
  body: Buffer;
}

interface State {
  store: PetStore;
  attempts: Map<string, number>;
  lists: Map<string, GeneratedList>;
  payloads: Map<number, Buffer>;
}

type Handler = (req: UpstreamRequest, state: State) => Reply | Promise<Reply>;

const json = (value: unknown, headers?: Record<string, string>): Reply => ({ status: 200, type: "application/json", body: JSON.stringify(value), headers });
const text = (body: string): Reply => ({ status: 200, type: "text/plain; charset=utf-8", body });

function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  const body = JSON.stringify({ type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, ...extra });
  return { status, type: "application/problem+json", body, headers };
}

const badRequest = (field: string, message: string): HttpError => new HttpError(400, `${field}: ${message}`, { field });

function notFound(what: string, id: number | string): never {
  throw new HttpError(404, `${what} ${typeof id === "string" ? `"${id}"` : id} not found`);
}

function pathId(req: UpstreamRequest, name: string): number {
  const raw = req.params[name] ?? "";
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw badRequest(name, `must be an integer, got "${raw}"`);
  return Number(raw);
}

function intQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw badRequest(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Values of a repeated and/or comma-separated query parameter (form style, either explode). */
function listQuery(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function petStatus(value: string, field: string): PetStatus {
  if ((PET_STATUSES as readonly string[]).includes(value)) return value as PetStatus;
  throw badRequest(field, `must be one of ${PET_STATUSES.join(", ")}, got "${value}"`);
}

function mediaType(headers: IncomingHttpHeaders): string {
  return (headers["content-type"]?.split(";")[0] ?? "").trim().toLowerCase();
}

/** Which top-level form fields are arrays, and which objects (or arrays of objects) accept a bare name. */
interface FormShape {
  arrays: readonly string[];
  named: readonly string[];
}

function jsonish(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Decodes a form body into nested fields: `a[b]`, `a.b`, `a[0][b]`, `a[]` and repeated keys. */
function formToObject(textBody: string, shape: FormShape): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(textBody)) {
    const segments = key.replace(/\]/g, "").split(/[[.]/);
    if (segments.some((s) => s === "__proto__" || s === "constructor" || s === "prototype")) continue;
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, i) => {
      const container = node as Record<string, unknown>;
      const slot = segment === "" && Array.isArray(node) ? String(node.length) : segment;
      if (i === segments.length - 1) {
        const prior = container[slot];
        container[slot] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
      } else {
        const next = segments[i + 1] ?? "";
        container[slot] ??= /^\d*$/.test(next) ? [] : {};
        node = container[slot] as Record<string, unknown> | unknown[];
      }
    });
  }
  const named = (v: unknown): unknown => (typeof v === "string" ? { name: v } : v);
  for (const [key, value] of Object.entries(root)) {
    const isNamed = shape.named.includes(key);
    if (shape.arrays.includes(key)) {
      const items = (Array.isArray(value) ? value : [value]).map(jsonish);
      root[key] = isNamed ? items.map(named) : items;
    } else {
      const first = Array.isArray(value) && value.every((v) => typeof v === "string") ? value[0] : value;
      root[key] = isNamed ? named(jsonish(first)) : first;
    }
  }
  return root;
}

/** The request body as fields: JSON (also when no Content-Type is sent) or form; anything else is 415. */
function bodyOf(req: UpstreamRequest, shape: FormShape): { value: unknown; coerce: boolean } {
  if (req.body.length === 0) throw badRequest("body", "is required");
  const type = mediaType(req.headers);
  if (type === "" || type === "application/json" || type.endsWith("+json")) {
    try {
      return { value: JSON.parse(req.body.toString("utf8")), coerce: false };
    } catch (error) {
      throw badRequest("body", `is not valid JSON (${(error as Error).message})`);
    }
  }
  if (type === "application/x-www-form-urlencoded") return { value: formToObject(req.body.toString("utf8"), shape), coerce: true };
  throw new HttpError(415, `body: unsupported media type ${type}; send application/json or application/x-www-form-urlencoded`, { field: "body" });
}

const PET_FORM: FormShape = { arrays: ["photoUrls", "tags"], named: ["category", "tags"] };
const PLAIN_FORM: FormShape = { arrays: [], named: [] };

function petBody(req: UpstreamRequest): PetInput {
  const { value, coerce } = bodyOf(req, PET_FORM);
  return petFromInput(value, { coerce });
}

const petOf = (store: PetStore, id: number): Pet => store.pets.get(id) ?? notFound("Pet", id);

/** Pages `items` by the `limit`/`offset` query parameters (beyond the spec). */
function page(query: URLSearchParams, items: Pet[]): Reply {
  const offset = intQuery(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intQuery(query, "limit", items.length, 0, Number.MAX_SAFE_INTEGER);
  return json(items.slice(offset, offset + limit), { "x-total-count": String(items.length) });
}

function remember<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as K);
  return value;
}

/** Generated pets for `size=large` and `/large`, cached per shape. */
function largeList(req: UpstreamRequest, state: State, statuses: PetStatus[]): Reply {
  const count = intQuery(req.query, "count", 10_000, 0, 1_000_000);
  const itemBytes = req.query.has("itemBytes") ? intQuery(req.query, "itemBytes", 0, 1, 1024 * 1024) : undefined;
  if (count * (itemBytes ?? 200) > MAX_GENERATED_BYTES) throw badRequest("count", "count × itemBytes exceeds 256 MiB");
  const list = remember(state.lists, `${statuses.join(",")}|${count}|${itemBytes ?? ""}`, () => {
    const pets = generatePets(count, statuses, itemBytes);
    return { pets, body: Buffer.from(JSON.stringify(pets)) };
  });
  if (req.query.has("limit") || req.query.has("offset")) return page(req.query, list.pets);
  return { status: 200, type: "application/json", body: list.body, headers: { "x-total-count": String(count) } };
}

const findPetsByStatus: Handler = (req, state) => {
  const given = listQuery(req.query, "status");
  const statuses = (given.length === 0 ? ["available"] : given).map((s) => petStatus(s, "status"));
  const size = req.query.get("size");
  if (size !== null) {
    if (size !== "large") throw badRequest("size", `must be "large", got "${size}"`);
    return largeList(req, state, statuses);
  }
  return page(req.query, state.store.listPets().filter((p) => p.status !== undefined && statuses.includes(p.status)));
};

const findPetsByTags: Handler = (req, { store }) => {
  const tags = listQuery(req.query, "tags");
  if (tags.length === 0) throw badRequest("tags", "at least one tag is required");
  return page(req.query, store.listPets().filter((p) => p.tags?.some((t) => t.name !== undefined && tags.includes(t.name))));
};

const updatePet: Handler = (req, { store }) => {
  const input = petBody(req);
  if (input.id === undefined) throw badRequest("id", "is required to update a pet");
  petOf(store, input.id);
  return json(store.addPet(input));
};

const updatePetWithForm: Handler = (req, { store }) => {
  const pet = petOf(store, pathId(req, "petId"));
  const form = mediaType(req.headers) === "application/x-www-form-urlencoded" ? new URLSearchParams(req.body.toString("utf8")) : undefined;
  const name = req.query.get("name") ?? form?.get("name") ?? undefined;
  const status = req.query.get("status") ?? form?.get("status") ?? undefined;
  if (name === "") throw badRequest("name", "must not be empty");
  const newStatus = status === undefined || status === "" ? undefined : petStatus(status, "status");
  if (name !== undefined) pet.name = name;
  if (newStatus !== undefined) pet.status = newStatus;
  return json(pet);
};

const uploadFile: Handler = (req, { store }) => {
  const id = pathId(req, "petId");
  const pet = petOf(store, id);
  if (req.body.length === 0) throw badRequest("body", "no file uploaded");
  pet.photoUrls.push(`https://petstore.example/images/${id}/upload-${pet.photoUrls.length + 1}`);
  const metadata = req.query.get("additionalMetadata");
  const prefix = metadata === null ? "" : `additionalMetadata: ${metadata}\n`;
  return json({ code: 200, type: "unknown", message: `${prefix}File uploaded, ${req.body.length} bytes` });
};

const getInventory: Handler = (req, { store }) => {
  const key = req.headers["api_key"];
  if (typeof key !== "string" || key === "") {
    throw new HttpError(401, "api_key header is required (security scheme api_key)", { field: "api_key" });
  }
  return json(store.inventory());
};

const createUsersWithListInput: Handler = (req, { store }) => {
  const { value, coerce } = bodyOf(req, PLAIN_FORM);
  if (!Array.isArray(value) || value.length === 0) throw badRequest("body", "must be a non-empty array of users");
  const users = value.map((item, i) => userFromInput(item, { coerce }, `[${i}]`));
  return json(users.map((user) => store.putUser(user)).at(-1));
};

const loginUser: Handler = (req, { store }) => {
  const username = req.query.get("username");
  const password = req.query.get("password");
  if (username === null || username === "") throw badRequest("username", "is required");
  if (password === null) throw badRequest("password", "is required");
  const user = store.users.get(username);
  if (user === undefined || user.password !== password) throw new HttpError(400, "Invalid username/password supplied", { field: "password" });
  const expires = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  return json(store.nextSessionToken(), { "x-rate-limit": "5000", "x-expires-after": expires });
};

const userOf = (store: PetStore, username: string): User => store.users.get(username) ?? notFound("User", username);

const slow: Handler = async (req) => {
  const ms = intQuery(req.query, "ms", 0, 0, 600_000);
  await req.wait(ms);
  return json({ waitedMs: ms });
};

const flaky: Handler = (req, { attempts }) => {
  const key = req.query.get("key") ?? "default";
  const failures = intQuery(req.query, "failures", 1, 0, 1_000_000);
  const status = intQuery(req.query, "status", 503, 400, 599);
  const attempt = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, attempt);
  if (attempt > failures) return json({ attempt });
  const retryAfter = req.query.has("retryAfter") ? intQuery(req.query, "retryAfter", 0, 0, 86_400) : undefined;
  const headers = retryAfter === undefined ? undefined : { "retry-after": String(retryAfter) };
  return problem(status, `planned failure ${attempt} of ${failures} for key "${key}"`, { attempt }, headers);
};

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

const route = (method: string, pattern: string, handler: Handler): Route => ({ method, segments: pattern.split("/").slice(1), handler });

/** Every route under {@link BASE_PATH}; `{name}` segments are path parameters. */
const ROUTES: Route[] = [
  route("PUT", "/pet", updatePet),
  route("POST", "/pet", (req, { store }) => json(store.addPet(petBody(req)))),
  route("GET", "/pet/findByStatus", findPetsByStatus),
  route("GET", "/pet/findByTags", findPetsByTags),
  route("GET", "/pet/{petId}", (req, { store }) => json(petOf(store, pathId(req, "petId")))),
  route("POST", "/pet/{petId}", updatePetWithForm),
  route("DELETE", "/pet/{petId}", (req, { store }) => {
    const id = pathId(req, "petId");
    petOf(store, id);
    store.pets.delete(id);
    return text("Pet deleted");
  }),
  route("POST", "/pet/{petId}/uploadImage", uploadFile),
  route("GET", "/store/inventory", getInventory),
  route("POST", "/store/order", (req, { store }) => {
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.addOrder(orderFromInput(value, { coerce })));
  }),
  route("GET", "/store/order/{orderId}", (req, { store }) => {
    const id = pathId(req, "orderId");
    return json(store.orders.get(id) ?? notFound("Order", id));
  }),
  route("DELETE", "/store/order/{orderId}", (req, { store }) => {
    const id = pathId(req, "orderId");
    if (!store.orders.delete(id)) notFound("Order", id);
    return text("Order deleted");
  }),
  route("POST", "/user", (req, { store }) => {
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.putUser(userFromInput(value, { coerce })));
  }),
  route("POST", "/user/createWithList", createUsersWithListInput),
  route("GET", "/user/login", loginUser),
  route("GET", "/user/logout", () => text("User logged out")),
  route("GET", "/user/{username}", (req, { store }) => json(userOf(store, req.params.username ?? ""))),
  route("PUT", "/user/{username}", (req, { store }) => {
    const username = req.params.username ?? "";
    userOf(store, username);
    const { value, coerce } = bodyOf(req, PLAIN_FORM);
    return json(store.putUser(userFromInput(value, { coerce }), username));
  }),
  route("DELETE", "/user/{username}", (req, { store }) => {
    const username = req.params.username ?? "";
    if (!store.users.delete(username)) notFound("User", username);
    return text("User deleted");
  }),
  route("GET", "/large", (req, state) => {
    const statuses = listQuery(req.query, "status").map((s) => petStatus(s, "status"));
    return largeList(req, state, statuses.length === 0 ? [...PET_STATUSES] : statuses);
  }),
  route("GET", "/slow", slow),
  route("GET", "/bench/payload", (req, { payloads }) => {
    const bytes = intQuery(req.query, "bytes", 1024, 0, MAX_GENERATED_BYTES);
    return { status: 200, type: "application/json", body: remember(payloads, bytes, () => Buffer.from(createPayloadJson(bytes))) };
  }),
  route("POST", "/bench/echo", (req) => {
    if (req.body.length === 0) throw badRequest("body", "is required");
    return { status: 200, type: "application/json", body: req.body };
  }),
  route("GET", "/flaky", flaky),
  route("POST", "/flaky", flaky),
];

function matchRoute(route: Route, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, pattern] of route.segments.entries()) {
    const actual = segments[i] as string;
    if (pattern.startsWith("{")) params[pattern.slice(1, -1)] = actual;
    else if (pattern !== actual) return undefined;
  }
  return params;
}

async function dispatch(method: string, path: string, req: Omit<UpstreamRequest, "params" | "method">, state: State): Promise<Reply> {
  try {
    if (path === "/healthz" && (method === "GET" || method === "HEAD")) return text("ok");
    if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`)) throw new HttpError(404, `no route for ${method} ${path}`);
    let segments: string[];
    try {
      segments = path.slice(BASE_PATH.length).split("/").slice(1).map(decodeURIComponent);
    } catch {
      throw badRequest("path", "malformed percent-encoding");
    }
    // The most literal pattern wins (`/pet/findByStatus` over `/pet/{petId}`), then the method picks the route.
    let best: Array<{ route: Route; params: Record<string, string> }> = [];
    let bestScore = -1;
    for (const candidate of ROUTES) {
      const params = matchRoute(candidate, segments);
      if (params === undefined) continue;
      const score = candidate.segments.filter((s) => !s.startsWith("{")).length;
      if (score > bestScore) [best, bestScore] = [[], score];
      if (score === bestScore) best.push({ route: candidate, params });
    }
    const found = best.find((m) => m.route.method === method);
    if (found !== undefined) return await found.route.handler({ ...req, method, params: found.params }, state);
    const allowed = best.map((m) => m.route.method);
    if (allowed.length > 0) throw new HttpError(405, `${method} is not allowed on ${path}`, {}, { allow: allowed.join(", ") });
    throw new HttpError(404, `no route for ${method} ${path}`);
  } catch (error) {
    if (error instanceof HttpError) return problem(error.status, error.message, error.extra, error.headers);
    if (error instanceof InputError) return problem(400, error.message, { field: error.field });
    return problem(500, `internal error: ${(error as Error).message}`);
  }
}

/** Reads the body; beyond {@link MAX_BODY_BYTES} the rest is drained and `undefined` returned. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || !res.socket || res.socket.destroyed) return;
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { "content-type": reply.type, "content-length": body.length, ...reply.headers });
  res.end(body);
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of query) {
    const prior = out[name];
    out[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}

/** Starts the petstore upstream; resolves once it is listening. See the file header for its routes. */
export async function startPetstoreUpstream(options: PetstoreUpstreamOptions = {}): Promise<PetstoreUpstream> {
  const latencyMs = options.latencyMs ?? 0;
  const record = options.record ?? true;
  const state: State = { store: new PetStore(options.seed ?? 1), attempts: new Map(), lists: new Map(), payloads: new Map() };
  const requests: RecordedRequest[] = [];
  const waits = new Map<NodeJS.Timeout, () => void>();

  const wait = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        waits.delete(timer);
        res.off("close", finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      waits.set(timer, finish);
      res.on("close", finish);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const target = req.url ?? "/";
    const url = new URL(target, "http://upstream.invalid");
    const method = req.method ?? "GET";
    if (record) {
      const text = body?.toString("utf8") ?? "";
      requests.push({ method, url: target, path: url.pathname, query: queryRecord(url.searchParams), headers: { ...req.headers }, body: text });
    }
    if (latencyMs > 0) await wait(latencyMs, res);
    if (body === undefined) return send(res, problem(413, `body: larger than ${MAX_BODY_BYTES} bytes`, { field: "body" }));
    const request = { query: url.searchParams, headers: req.headers, body, wait: (ms: number) => wait(ms, res) };
    send(res, await dispatch(method, url.pathname, request, state));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, problem(500, `internal error: ${(error as Error).message}`)));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const host = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "::1" : address.address;
  const authority = address.family === "IPv6" || host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${authority}:${address.port}${BASE_PATH}`,
    requests,
    store: state.store,
    reset(): void {
      requests.length = 0;
      state.attempts.clear();
      state.store.reset();
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const finish of [...waits.values()]) finish();
      });
      return closing;
    },
  };
}
