/**
 * How one vendor's API speaks when it refuses a request: its credential check and the status and body
 * of its 401, 404 and validation errors. The example-driven fake is generic; a dialect makes its
 * errors look like the real API's, so a model (and a test) sees what it would see in production.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Route } from "./route-table.js";
import type { JsonValue } from "./spec-document.js";

/** A reply the fake sends. `body` is JSON unless `contentType` says otherwise and it is a string. */
export interface FakeReply {
  status: number;
  body: JsonValue;
  /** Default `application/json; charset=utf-8`. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A request as the dialect sees it. */
export interface DialectRequest {
  method: string;
  /** The path as received, percent-encoding kept. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** Why a request found nothing: no route, or a path parameter naming a resource the fake does not hold. */
export type Miss = { kind: "route" } | { kind: "resource"; route: Route; parameter: string; value: string };

/** A vendor's refusals. */
export interface FakeDialect {
  /** Checks run before anything else (e.g. GitHub's required User-Agent); a reply ends the request. */
  screen?(request: DialectRequest): FakeReply | undefined;
  /** Whether the request carries a credential, and whether it is the one the fake was started with. */
  authorize(request: DialectRequest): "ok" | "missing" | "invalid";
  /** The reply to a missing or wrong credential. */
  unauthorized(request: DialectRequest, reason: "missing" | "invalid"): FakeReply;
  /** The reply when nothing answers to the path, or the addressed resource does not exist. */
  notFound(request: DialectRequest, miss: Miss): FakeReply;
  /** The reply to a request the operation cannot accept (bad JSON, a required field or parameter missing). */
  invalid(request: DialectRequest, route: Route, problem: string): FakeReply;
}

/**
 * Reads an `Authorization` header against one secret, as APIs that take a token do: `Bearer <secret>`
 * (RFC 6750 §2.1), GitHub's older `token <secret>`, or HTTP Basic with the secret as the user name and
 * an empty password (RFC 7617; Stripe documents this form).
 */
export function authorizationMatches(headers: IncomingHttpHeaders, secret: string): "ok" | "missing" | "invalid" {
  const value = headers.authorization;
  if (value === undefined || value.trim() === "") return "missing";
  const [scheme = "", credential = ""] = value.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case "bearer":
    case "token":
      return credential === secret ? "ok" : "invalid";
    case "basic":
      return Buffer.from(credential, "base64").toString("utf8") === `${secret}:` ? "ok" : "invalid";
    default:
      return "invalid";
  }
}
