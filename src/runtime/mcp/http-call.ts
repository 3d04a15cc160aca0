/**
 * A `tools/call` answered on an HTTP response
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http):
 * run behind the call gate, and cancelled when the client goes away before the answer is written
 * ("client disconnected", the reason the multiplex gave), which aborts the upstream request. The
 * front's plain 2025 path (legacy-http-call.ts) and the 2026 plain path (modern-http.ts) share it;
 * each writes its own era's answer from the outcome.
 */
import type { ServerResponse } from "node:http";
import { CallCancellation } from "../core/call-cancellation.js";
import type { Principal } from "../core/principal.js";
import { callTool, type PreparedServer } from "./create-server.js";

/** What a call came to: its result, or what it threw (a JSON-RPC error to answer with). */
export type HttpCallOutcome = { ok: true; result: Awaited<ReturnType<typeof callTool>> } | { ok: false; error: unknown };

/**
 * Runs a call for `res`, as `caller`. `cancelled` says whether the client went away meanwhile (the
 * call was then told to stop, and whatever it came to is not the client's answer any more).
 */
export async function callForHttpAnswer(prepared: PreparedServer, res: ServerResponse, params: unknown, caller: Principal | undefined): Promise<{ outcome: HttpCallOutcome; cancelled: boolean }> {
  const cancellation = new CallCancellation();
  const onClose = (): void => {
    if (!res.writableFinished) cancellation.cancel("client disconnected");
  };
  res.once("close", onClose);
  try {
    const result = await prepared.gate.run(() => callTool(prepared, params, cancellation, caller));
    return { outcome: { ok: true, result }, cancelled: cancellation.aborted };
  } catch (error) {
    return { outcome: { ok: false, error }, cancelled: cancellation.aborted };
  } finally {
    res.off("close", onClose);
  }
}
