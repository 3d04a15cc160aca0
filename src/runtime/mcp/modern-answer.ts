/**
 * The 2026-07-28 shape of a `tools/call` answer, for the lean paths that answer calls before the
 * SDK sees them (https://modelcontextprotocol.io/specification/2026-07-28/server/tools#calling-tools).
 *
 * The SDK's 2026 codec stamps every result with `resultType: "complete"` and the server's identity
 * under `_meta["io.modelcontextprotocol/serverInfo"]`, and serialises responses as
 * `{"result":…,"jsonrpc":"2.0","id":…}` (errors: `{"jsonrpc":"2.0","id":…,"error":…}`). The lean
 * paths write the same bytes; the differential test (test/integration/lean-differential.test.ts)
 * holds them to it.
 *
 * A lean path answers only calls whose envelope is plainly valid (plain-requests.ts): the exact
 * revision we serve, accepted by the SDK's own envelope validator. Anything unusual — another
 * revision, a missing or malformed key — goes to the SDK, which owns the protocol's verdict on it.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/server";

/** The 2026 revision this runtime answers on its lean paths. */
export const MODERN_REVISION = "2026-07-28";

const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/** The server identity the SDK stamps on 2026 results. */
export interface ServerIdentity {
  name: string;
  version: string;
}

/** The keys of a tool result as this runtime builds them (core/tool-results.ts), in any order. */
const PLAIN_RESULT_KEYS = new Set(["content", "structuredContent", "isError"]);

/** A 2026-07-28 success response to request `id`, as the SDK stamps and orders it. */
export function modernResult(id: string | number, result: Record<string, unknown>, server: ServerIdentity): JSONRPCMessage {
  // The usual result (only the keys our results have, no `_meta`): copied key by key into a literal
  // of fixed shape. Rest and spread with a computed key cost a runtime call per property in V8's
  // optimised code (~1,200 instructions each, ~5,000 per call); the order is the same as theirs.
  let plain = true;
  for (const key in result) {
    if (!PLAIN_RESULT_KEYS.has(key)) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const stamped: Record<string, unknown> = {};
    for (const key in result) stamped[key] = result[key];
    stamped.resultType = "complete";
    stamped._meta = { "io.modelcontextprotocol/serverInfo": { name: server.name, version: server.version } };
    return { result: stamped, jsonrpc: "2.0", id } as unknown as JSONRPCMessage;
  }
  const { _meta, ...rest } = result as { _meta?: Record<string, unknown> };
  const stamped = { ...rest, resultType: "complete", _meta: { [SERVER_INFO]: { name: server.name, version: server.version }, ..._meta } };
  return { result: stamped, jsonrpc: "2.0", id } as unknown as JSONRPCMessage;
}
