/**
 * `tools/list`, `server/discover` and 2025-era `ping` answered from bytes serialised once
 * (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/tools#listing-tools,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle).
 *
 * The listing's pages are fixed for the life of the process (tool-pages.ts), and so is everything
 * `server/discover` says. Through the SDK a page costs a server instance (2026 over HTTP), a zod
 * pass over the request and another over the whole result, then `JSON.stringify` of up to a
 * quarter megabyte — per request. Here each page is serialised once per era, as the SDK stamps it
 * (2026: `resultType`, the cache hint `ttlMs`/`cacheScope`, the server's identity in `_meta`;
 * 2025: the page as it is), and an answer is that buffer between a fixed prefix and the request's
 * id. A cursor this listing did not issue gets {@link listTools}'s own InvalidParams error, in
 * band, as from the SDK. The differential test (test/integration/lean-differential.test.ts)
 * compares every page, in both eras, with the SDK's bytes.
 */
import type { ServerResponse } from "node:http";
import { listTools, SERVER_CAPABILITIES, TOOLS_LIST_CACHE_HINT, type PreparedServer } from "./create-server.js";
import { MODERN_REVISION } from "./modern-answer.js";
import { errorObject } from "./tool-call-lane.js";
import type { ToolPage } from "./tool-pages.js";

/** The protocol era an answer is shaped for. */
export type ListingEra = "2025" | "2026";

/** One whole JSON-RPC response: its bytes in order (a shared prefix, then the request's own tail). */
export interface LeanResponse {
  status: number;
  chunks: Array<Buffer | string>;
  /** Byte length of all chunks together. */
  length: number;
}

/** The pre-serialised answers of one prepared server. */
export interface ListingAnswers {
  /** The response to `tools/list` with `cursor` (undefined: the first page). */
  toolsList(era: ListingEra, id: string | number, cursor: string | undefined): LeanResponse;
  /** The response to a 2026-07-28 `server/discover`. */
  discover(id: string | number): LeanResponse;
  /** The response to a 2025-era `ping`: an empty result. */
  ping(id: string | number): LeanResponse;
}

const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/** Creates the answers; each page is serialised on first use, then kept. */
export function createListingAnswers(prepared: PreparedServer): ListingAnswers {
  const identity = { name: prepared.definition.name, version: prepared.definition.version };
  const modernStamp = { resultType: "complete", ttlMs: TOOLS_LIST_CACHE_HINT.ttlMs, cacheScope: TOOLS_LIST_CACHE_HINT.cacheScope, _meta: { [SERVER_INFO]: identity } };
  const heads: Record<ListingEra, Map<ToolPage, Buffer>> = { "2025": new Map(), "2026": new Map() };
  const pageHead = (era: ListingEra, page: ToolPage): Buffer => {
    let head = heads[era].get(page);
    if (head === undefined) {
      head = resultHead(era === "2026" ? { ...page, ...modernStamp } : page);
      heads[era].set(page, head);
    }
    return head;
  };
  const instructions = prepared.definition.instructions;
  const discoverHead = resultHead({
    supportedVersions: [MODERN_REVISION],
    capabilities: SERVER_CAPABILITIES,
    ...(instructions ? { instructions } : {}),
    ...modernStamp,
  });
  const pingHead = resultHead({});
  return {
    toolsList(era, id, cursor) {
      let page: ToolPage;
      try {
        page = listTools(prepared, cursor);
      } catch (error) {
        return { status: 200, ...whole(JSON.stringify({ jsonrpc: "2.0", id, error: errorObject(error) })) };
      }
      return withId(pageHead(era, page), id);
    },
    discover: (id) => withId(discoverHead, id),
    ping: (id) => withId(pingHead, id),
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

function whole(text: string): { chunks: string[]; length: number } {
  return { chunks: [text], length: Buffer.byteLength(text) };
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
