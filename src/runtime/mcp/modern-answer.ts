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
 * A lean path answers only calls whose envelope is plainly valid ({@link isPlainModernCall}): the
 * exact revision we serve and a client-capabilities object. Anything unusual — another revision,
 * a missing or malformed key — goes to the SDK, which owns the protocol's verdict on it.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/server";

/** The 2026 revision this runtime answers on its lean paths. */
export const MODERN_REVISION = "2026-07-28";

const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
const CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/** The server identity the SDK stamps on 2026 results. */
export interface ServerIdentity {
  name: string;
  version: string;
}

/** Whether a `tools/call` carries a plainly valid 2026-07-28 envelope (else the SDK decides what it means). */
export function isPlainModernCall(message: JSONRPCMessage): boolean {
  const params = (message as { params?: unknown }).params;
  if (params === null || typeof params !== "object" || Array.isArray(params)) return false;
  const meta = (params as { _meta?: unknown })._meta;
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return false;
  const m = meta as Record<string, unknown>;
  if (m[PROTOCOL_VERSION] !== MODERN_REVISION) return false;
  const capabilities = m[CLIENT_CAPABILITIES];
  if (capabilities === null || typeof capabilities !== "object" || Array.isArray(capabilities)) return false;
  const info = m[CLIENT_INFO];
  if (info !== undefined && (info === null || typeof info !== "object" || Array.isArray(info))) return false;
  return true;
}

/** A 2026-07-28 success response to request `id`, as the SDK stamps and orders it. */
export function modernResult(id: string | number, result: Record<string, unknown>, server: ServerIdentity): JSONRPCMessage {
  const { _meta, ...rest } = result as { _meta?: Record<string, unknown> };
  const stamped = { ...rest, resultType: "complete", _meta: { [SERVER_INFO]: { name: server.name, version: server.version }, ..._meta } };
  return { result: stamped, jsonrpc: "2.0", id } as unknown as JSONRPCMessage;
}
