/**
 * A plain 2025-era `tools/call` over Streamable HTTP, answered by the front without the SDK's
 * `Server` (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools,
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http).
 *
 * Before, such a call went through the {@link MultiplexTransport} (a copy of the message under a
 * process-unique id, a pending-answer map, a promise per call) into the {@link ToolCallLane}, which
 * judged the body a second time, kept its own in-flight map and cancellation, and sent its answer
 * back through the multiplex (another copy, back under the client's id) to a `Promise.all` over the
 * batch of one. None of that decides anything for a single request the front has already
 * recognised as plain ({@link plainLegacyRequest}: one request object of exactly the standard keys,
 * a safe-integer or string id, no envelope claim): the lane would answer it with the same
 * {@link callTool} behind the same {@link CallGate}, in the same shape. So the front answers it here,
 * with what the lane would send, byte for byte: `{"result":…,"jsonrpc":"2.0","id":…}` (the SDK's key
 * order), or `{"jsonrpc":"2.0","id":…,"error":…}` for a JSON-RPC error. A client that goes away
 * cancels the call ("client disconnected", as the multiplex's cancellation said) and gets nothing.
 *
 * test/integration/lean-differential.test.ts holds this path to the SDK's own dispatch.
 */
import type { ServerResponse } from "node:http";
import type { Principal } from "../core/principal.js";
import type { PreparedServer } from "./create-server.js";
import { callForHttpAnswer } from "./http-call.js";
import type { PlainRequest } from "./plain-requests.js";
import { errorObject } from "./tool-call-lane.js";
import { sendJsonAnswer } from "./answer-bytes.js";

/**
 * Answers `request` (a plain 2025-era `tools/call`) on `res`, running the call as `caller` (the HTTP
 * caller's principal; undefined without per-caller features, as on the lane).
 */
export async function answerLegacyHttpCall(prepared: PreparedServer, res: ServerResponse, request: PlainRequest, caller: Principal | undefined): Promise<void> {
  const { outcome, cancelled } = await callForHttpAnswer(prepared, res, request.params, caller);
  if (cancelled || res.destroyed) return;
  // A large JSON answer's text is written from the upstream body's bytes (answer-bytes.ts).
  sendJsonAnswer(res, outcome.ok ? { result: outcome.result, jsonrpc: "2.0", id: request.id } : { jsonrpc: "2.0", id: request.id, error: errorObject(outcome.error) });
}
