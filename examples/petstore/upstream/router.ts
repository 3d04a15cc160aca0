/**
 * Routing of the petstore upstream: `/healthz`, then every route under {@link BASE_PATH}. The most literal
 * matching pattern wins; a known path with another method is 405 with `Allow`, anything else 404. Thrown
 * errors become problem+json here, so no handler failure escapes as a raw 500.
 */
import { EXTRA_ROUTES } from "./extra-routes.js";
import { badRequest, HttpError, problem, text, type Reply } from "./http-reply.js";
import { PET_ROUTES } from "./pet-routes.js";
import type { Route, State, UpstreamRequest } from "./route.js";
import { InputError } from "./store.js";
import { STORE_ROUTES } from "./store-routes.js";
import { USER_ROUTES } from "./user-routes.js";

/** The base path of every spec route, as in the spec's server URL. */
export const BASE_PATH = "/api/v3";

/** Every route under {@link BASE_PATH}; the order sets the order of methods in `Allow`. */
const ROUTES: Route[] = [...PET_ROUTES, ...STORE_ROUTES, ...USER_ROUTES, ...EXTRA_ROUTES];

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

/** Answers one request for `method` and `path` (without the query); never throws. */
export async function dispatch(method: string, path: string, req: Omit<UpstreamRequest, "params" | "method">, state: State): Promise<Reply> {
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
