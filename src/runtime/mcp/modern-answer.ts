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

/** A 2026-07-28 success response to request `id`, as the SDK stamps and orders it. */
export function modernResult(id: string | number, result: Record<string, unknown>, server: ServerIdentity): JSONRPCMessage {
  const { _meta, ...rest } = result as { _meta?: Record<string, unknown> };
  const stamped = { ...rest, resultType: "complete", _meta: { [SERVER_INFO]: { name: server.name, version: server.version }, ..._meta } };
  return { result: stamped, jsonrpc: "2.0", id } as unknown as JSONRPCMessage;
}
