/**
 * Which operation a request is for: the spec's path templates (OAS 3.1 §4.8.8, "Paths Object") compiled
 * into per-segment matchers for the operations the fake serves. Templates with literal segments win over
 * templated ones where both match (`/v1/customers/search` before `/v1/customers/{customer}`), as the
 * OpenAPI spec requires of concrete paths.
 */
import { HTTP_METHODS, isObject, type JsonObject, type SpecDocument } from "./spec-document.js";

/** One served operation. */
export interface Route {
  /** The operationId, e.g. `issues/get`. */
  operationId: string;
  /** Upper-case method. */
  method: string;
  /** The spec's path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  /** The Operation Object, `$ref`s unresolved. */
  operation: JsonObject;
  /** Parameter names in template order. */
  names: string[];
  /** One matcher per path segment. */
  segments: RegExp[];
  /** Per segment: 0 literal, 1 literal and parameters, 2 parameter only — lower matches first. */
  rank: number[];
}

/** A request matched to a route, with its path parameters decoded. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Compiles the routes of `operationIds` (all of them must exist in `spec`; a missing one throws
 * naming it). With `operationIds` undefined, every operation that has an operationId is served.
 */
export function compileRoutes(spec: SpecDocument, operationIds?: readonly string[]): Route[] {
  const wanted = operationIds === undefined ? undefined : new Set(operationIds);
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation) || typeof operation.operationId !== "string") continue;
      if (wanted !== undefined && !wanted.has(operation.operationId)) continue;
      routes.push(compileRoute(template, method.toUpperCase(), operation.operationId, operation));
    }
  }
  const missing = [...(wanted ?? [])].filter((id) => !routes.some((r) => r.operationId === id));
  if (missing.length > 0) throw new Error(`spec fake: no operation with operationId ${missing.map((m) => `"${m}"`).join(", ")} in the spec — check the spelling against the spec's paths`);
  return routes.sort(byRank);
}

/** The route for `method` and the raw (still percent-encoded) `path`, or undefined. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  const parts = path.split("/").slice(1);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const values: string[] = [];
    let matched = true;
    for (const [i, segment] of route.segments.entries()) {
      const found = segment.exec(parts[i] ?? "");
      if (found === null) {
        matched = false;
        break;
      }
      values.push(...found.slice(1).map((v) => v ?? ""));
    }
    if (!matched) continue;
    const params: Record<string, string> = {};
    for (const [i, name] of route.names.entries()) params[name] = safeDecode(values[i] ?? "");
    return { route, params };
  }
  return undefined;
}

function compileRoute(template: string, method: string, operationId: string, operation: JsonObject): Route {
  const names: string[] = [];
  const segments: RegExp[] = [];
  const rank: number[] = [];
  for (const segment of template.split("/").slice(1)) {
    const pieces = segment.split(/(\{[^}]+\})/).filter((p) => p !== "");
    let source = "";
    for (const piece of pieces) {
      if (piece.startsWith("{")) {
        names.push(piece.slice(1, -1));
        source += "([^/]+?)";
      } else source += piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    segments.push(new RegExp(`^${source}$`));
    const templated = pieces.filter((p) => p.startsWith("{")).length;
    rank.push(templated === 0 ? 0 : templated === pieces.length ? 2 : 1);
  }
  return { operationId, method, template, operation, names, segments, rank };
}

function byRank(a: Route, b: Route): number {
  for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) {
    const diff = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** A path value as the API would read it; a malformed escape is kept as sent. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
