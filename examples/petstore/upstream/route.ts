/**
 * What a route of the petstore upstream is: a method, a path pattern under the base path and a handler
 * that gets the parsed request and the upstream's mutable state.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./http-reply.js";
import type { Pet, PetStore } from "./store.js";

/** A request as handlers see it. */
export interface UpstreamRequest {
  method: string;
  /** Path parameters by name, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Resolves after `ms`, or early when the client goes away or the server closes. */
  wait(ms: number): Promise<void>;
}

/** A generated pet list and its serialised body, cached together. */
export interface GeneratedList {
  pets: Pet[];
  body: Buffer;
}

/** Everything handlers may read or change; `reset()` restores the store and clears `attempts`. */
export interface State {
  store: PetStore;
  /** Calls so far per `/flaky` key. */
  attempts: Map<string, number>;
  /** Generated lists by shape (statuses, count, itemBytes). */
  lists: Map<string, GeneratedList>;
  /** `/bench/payload` bodies by size. */
  payloads: Map<number, Buffer>;
}

/** Answers one request; a thrown `HttpError` or `InputError` becomes a problem reply. */
export type Handler = (req: UpstreamRequest, state: State) => Reply | Promise<Reply>;

/** A route: `segments` are the pattern split on `/`, where `{name}` is a path parameter. */
export interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/** A route for `method` and `pattern` (relative to the base path, e.g. `/pet/{petId}`). */
export const route = (method: string, pattern: string, handler: Handler): Route => ({ method, segments: pattern.split("/").slice(1), handler });
