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
 *
 * Layout: this file assembles the server; ./router.ts dispatches to ./pet-routes.ts, ./store-routes.ts,
 * ./user-routes.ts and ./extra-routes.ts; ./http-reply.ts builds replies; ./read-request.ts,
 * ./request-params.ts and ./form-body.ts read requests; ./store.ts holds the data.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { problem, send } from "./http-reply.js";
import { MAX_BODY_BYTES, queryRecord, readBody } from "./read-request.js";
import type { State } from "./route.js";
import { BASE_PATH, dispatch } from "./router.js";
import { PetStore } from "./store.js";

export { BASE_PATH };

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
