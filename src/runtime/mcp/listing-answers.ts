/**
 * `tools/list`, `server/discover` and 2025-era `ping`, answered without the SDK's per-request
 * machinery (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/tools#listing-tools,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle).
 *
 * The listing's pages are fixed for the life of the process (tool-pages.ts), and so is everything
 * `server/discover` says. Through the SDK a page costs a server instance (2026 over HTTP), a zod
 * pass over the request and another over the whole result, then `JSON.stringify` of up to a
 * quarter megabyte — per request. Here each page is stamped once per era, as the SDK stamps it
 * (2026: `resultType`, the cache hint `ttlMs`/`cacheScope`, the server's identity in `_meta`;
 * 2025: the page as it is). Over HTTP it is also serialised once, and an answer is that buffer
 * between a fixed prefix and the request's id; over stdio the lane sends the stamped object. A
 * cursor this listing did not issue gets {@link listTools}'s own InvalidParams error, in band, as
 * from the SDK. The differential test (test/integration/lean-differential.test.ts) compares every
 * page, in both eras and over both transports, with the SDK's bytes.
 */
import type { ServerResponse } from "node:http";
import { ProtocolError, ProtocolErrorCode, type CacheHint, type JSONRPCMessage } from "@modelcontextprotocol/server";
import type { PreparedServer } from "./create-server.js";
import { MODERN_REVISION } from "./modern-answer.js";
import type { PlainRequest } from "./plain-requests.js";
import { errorObject } from "./tool-call-lane.js";
import type { ToolPage } from "./tool-pages.js";

/**
 * How long a 2026-era client may reuse a `tools/list` page or the `server/discover` answer
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching): the list
 * only changes with the curation, i.e. at a restart, so minutes of staleness after a redeploy is
 * the whole cost; it is the same for every caller, hence `public`.
 */
export const TOOLS_LIST_CACHE_HINT: CacheHint = { ttlMs: 5 * 60 * 1000, cacheScope: "public" };

/** What this server declares it serves (`initialize` and `server/discover` answer with it): tools only. */
export const SERVER_CAPABILITIES = { tools: {} };

/** The protocol era an answer is shaped for. */
export type ListingEra = "2025" | "2026";

/** One whole JSON-RPC response over HTTP: its bytes in order (a shared prefix, then the request's own tail). */
export interface LeanResponse {
  status: number;
  chunks: Array<Buffer | string>;
  /** Byte length of all chunks together. */
  length: number;
}

/** The listing answers of one prepared server. */
export interface ListingAnswers {
  /** The HTTP response to `tools/list` with `cursor` (undefined: the first page). */
  toolsList(era: ListingEra, id: string | number, cursor: string | undefined): LeanResponse;
  /** The HTTP response to a 2026-07-28 `server/discover`. */
  discover(id: string | number): LeanResponse;
  /** The HTTP response to a 2025-era `ping`: an empty result. */
  ping(id: string | number): LeanResponse;
  /**
   * The answer, as a message, to a plain listing request (`tools/list`, 2026 `server/discover`,
   * 2025 `ping`) for a stdio lane; undefined for any other method.
   */
  message(era: ListingEra, request: PlainRequest): JSONRPCMessage | undefined;
}

/** One page of `tools/list`; an unknown cursor is InvalidParams, as the pagination utility requires. */
export function listTools(prepared: PreparedServer, cursor: unknown): ToolPage {
  if (cursor !== undefined && typeof cursor !== "string") throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid cursor: params.cursor must be a string");
  const page = prepared.listed.pageFor(cursor);
  // The first page is out (written in this same turn): the rest may be built now.
  if (cursor === undefined && prepared.wantRest !== undefined) setImmediate(prepared.wantRest);
  if (page === undefined) throw new ProtocolError(ProtocolErrorCode.InvalidParams, "Invalid cursor: this server did not issue it (list again from the start, without a cursor)");
  return page;
}

/**
 * Whether the page `cursor` names can be answered now: false only for a page that tools still to
 * come will complete (later-tools.ts), which the SDK's handler answers once they are in.
 */
export function pageReady(prepared: PreparedServer, cursor: unknown): boolean {
  return prepared.listed.complete || (cursor !== undefined && typeof cursor !== "string") || prepared.listed.pageFor(cursor) !== undefined;
}

const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

const byPrepared = new WeakMap<PreparedServer, ListingAnswers>();

/** The listing answers of `prepared`, made on first use and shared by every transport. */
export function listingAnswersFor(prepared: PreparedServer): ListingAnswers {
  let answers = byPrepared.get(prepared);
  if (answers === undefined) {
    answers = createListingAnswers(prepared);
    byPrepared.set(prepared, answers);
  }
  return answers;
}

/** Creates the answers; each page is stamped (and serialised) on first use, then kept. */
function createListingAnswers(prepared: PreparedServer): ListingAnswers {
  const identity = { name: prepared.definition.name, version: prepared.definition.version };
  const modernStamp = { resultType: "complete", ttlMs: TOOLS_LIST_CACHE_HINT.ttlMs, cacheScope: TOOLS_LIST_CACHE_HINT.cacheScope, _meta: { [SERVER_INFO]: identity } };
  const stamped: Record<ListingEra, Map<ToolPage, object>> = { "2025": new Map(), "2026": new Map() };
  const heads: Record<ListingEra, Map<ToolPage, Buffer>> = { "2025": new Map(), "2026": new Map() };
  const pageResult = (era: ListingEra, page: ToolPage): object => {
    let result = stamped[era].get(page);
    if (result === undefined) {
      result = era === "2026" ? { ...page, ...modernStamp } : page;
      stamped[era].set(page, result);
    }
    return result;
  };
  const pageHead = (era: ListingEra, page: ToolPage): Buffer => {
    let head = heads[era].get(page);
    if (head === undefined) {
      head = resultHead(pageResult(era, page));
      heads[era].set(page, head);
    }
    return head;
  };
  const instructions = prepared.definition.instructions;
  const discoverResult = { supportedVersions: [MODERN_REVISION], capabilities: SERVER_CAPABILITIES, ...(instructions ? { instructions } : {}), ...modernStamp };
  const discoverHead = resultHead(discoverResult);
  const pingHead = resultHead({});
  return {
    toolsList(era, id, cursor) {
      let page: ToolPage;
      try {
        page = listTools(prepared, cursor);
      } catch (error) {
        const text = JSON.stringify({ jsonrpc: "2.0", id, error: errorObject(error) });
        return { status: 200, chunks: [text], length: Buffer.byteLength(text) };
      }
      return withId(pageHead(era, page), id);
    },
    discover: (id) => withId(discoverHead, id),
    ping: (id) => withId(pingHead, id),
    message(era, request) {
      const { id, method } = request;
      let result: object;
      if (method === "tools/list") {
        if (!pageReady(prepared, request.params?.cursor)) return undefined;
        try {
          result = pageResult(era, listTools(prepared, request.params?.cursor));
        } catch (error) {
          return { jsonrpc: "2.0", id, error: errorObject(error) };
        }
      } else if (method === "server/discover" && era === "2026") result = discoverResult;
      else if (method === "ping" && era === "2025") result = {};
      else return undefined;
      // Key order as the SDK serialises a response.
      return { result, jsonrpc: "2.0", id } as unknown as JSONRPCMessage;
    },
  };
}

/** `{"result":…,"jsonrpc":"2.0","id":` — the SDK's key order for a success response, up to the id. */
function resultHead(result: unknown): Buffer {
  return Buffer.from(`{"result":${JSON.stringify(result)},"jsonrpc":"2.0","id":`);
}

function withId(head: Buffer, id: string | number): LeanResponse {
  const tail = `${JSON.stringify(id)}}`;
  return { status: 200, chunks: [head, tail], length: head.length + Buffer.byteLength(tail) };
}

/**
 * Writes a lean response, headers as the SDK's handler sends them (`content-type`, `content-length`).
 * The flat header array skips the object walk of `writeHead`; the chunks go out as one buffer.
 */
export function sendLean(res: ServerResponse, response: LeanResponse): void {
  if (res.destroyed) return;
  const { chunks } = response;
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)), response.length);
  res.writeHead(response.status, ["content-type", "application/json", "content-length", String(response.length)]).end(body);
}
