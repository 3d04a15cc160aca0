/**
 * Replies of the petstore upstream: JSON, plain text and RFC 9457 problem+json
 * (https://www.rfc-editor.org/rfc/rfc9457), the error thrown to produce a problem, and writing a reply
 * to the socket.
 */
import { STATUS_CODES, type ServerResponse } from "node:http";

/** A response to send: status, Content-Type, body and extra headers (lower-case names). */
export interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** A failure answered as problem+json; `extra` members join the problem object, `headers` the response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 200 with `value` as `application/json`. */
export const json = (value: unknown, headers?: Record<string, string>): Reply => ({ status: 200, type: "application/json", body: JSON.stringify(value), headers });

/** 200 with `body` as UTF-8 `text/plain`. */
export const text = (body: string): Reply => ({ status: 200, type: "text/plain; charset=utf-8", body });

/** An `application/problem+json` reply `{type,title,status,detail,...extra}` (RFC 9457 §3.1). */
export function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  const body = JSON.stringify({ type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, ...extra });
  return { status, type: "application/problem+json", body, headers };
}

/** A 400 naming the offending `field` (returned, for the caller to throw). */
export const badRequest = (field: string, message: string): HttpError => new HttpError(400, `${field}: ${message}`, { field });

/** Throws a 404 for the `what` (e.g. `Pet`) with this id; string ids are quoted. */
export function notFound(what: string, id: number | string): never {
  throw new HttpError(404, `${what} ${typeof id === "string" ? `"${id}"` : id} not found`);
}

/** Writes `reply` with Content-Type and Content-Length, unless the client has already gone. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || !res.socket || res.socket.destroyed) return;
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { "content-type": reply.type, "content-length": body.length, ...reply.headers });
  res.end(body);
}
