/**
 * A transport decorator that answers 2025-era `tools/call` itself and hands every other message to the SDK.
 *
 * `tools/call` is the one method on the hot path. Through the SDK's `Protocol` each call costs zod
 * passes to classify the message, an `AbortController`, a closure-laden context object and a
 * promise chain, and a per-call abort listener on top: measured at 50 calls in flight over stdio,
 * about 20 µs of CPU per call, a third of what a bare JSON-RPC proxy spends on the whole call (see
 * bench/overhead). The lane keeps the same contract with less: the request goes straight to the
 * handler, its result or JSON-RPC error goes back in the shape (and key order) the SDK would send,
 * and a `notifications/cancelled` for it aborts the call and suppresses the answer, as the SDK does
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation).
 *
 * The era decides the shape. On a 2025-era connection (`era: "legacy"` given, or an `initialize`
 * handshake seen before any 2026 request) the lane answers calls that claim no envelope. On a
 * 2026-07-28 connection (https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle:
 * the first request other than a `server/discover` probe carried the `_meta` envelope) it answers
 * calls whose envelope is plainly valid (plain-requests.ts, as the HTTP fast routing) in the SDK's 2026 shape
 * ({@link modernResult}), when it was given the server's identity to stamp. Anything else goes to
 * the SDK unchanged, which owns the protocol's verdict on it.
 *
 * Everything else (initialize and capability negotiation, server/discover, ping, tools/list,
 * notifications, unknown methods, responses) stays with the SDK's `Server`, which is connected to
 * this decorator as to any transport and keeps its own `tools/call` handler for the calls the lane
 * leaves to it.
 */
import type { JSONRPCMessage, MessageExtraInfo, Transport, TransportSendOptions } from "@modelcontextprotocol/server";
import { CallCancellation } from "../core/call-cancellation.js";
import { RequestTable, type RequestId } from "../core/request-table.js";
import { modernResult, type ServerIdentity } from "./modern-answer.js";
import { plainLegacyMessage, plainModernMessage } from "./plain-requests.js";

/** The `_meta` key through which a 2026-07-28 request claims the per-request envelope. */
const PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion";

/** JSON-RPC error codes the lane emits (https://www.jsonrpc.org/specification#error_object). */
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/** Which era the connection under the lane speaks: known up front (HTTP routes by era) or learnt from the opening (stdio). */
export type LaneEra = "legacy" | "detect";

/** Options of {@link ToolCallLane}. */
export interface LaneOptions {
  /** Default "detect". */
  era?: LaneEra;
  /** The identity 2026 results are stamped with; without it 2026-era calls are left to the SDK. */
  server?: ServerIdentity;
  /**
   * Answers the listing requests (`tools/list`, `server/discover`, `ping`) the lane may answer
   * itself on a connection of known era, or undefined to leave a message to the SDK (listing-answers.ts).
   */
  listing?: (message: JSONRPCMessage, era: "legacy" | "modern") => JSONRPCMessage | undefined;
}

type Id = RequestId;

/**
 * Answers one `tools/call`: resolves with its result, or throws an error with a JSON-RPC `code`.
 * `extra` is what the transport passed with the message (the HTTP transport's caller `principal`).
 */
export type ToolCallHandler = (params: unknown, cancellation: CallCancellation, extra?: MessageExtraInfo) => Promise<unknown>;

interface Request {
  jsonrpc: "2.0";
  id: Id;
  method: string;
  params?: unknown;
}

function isToolCall(message: JSONRPCMessage): message is JSONRPCMessage & Request {
  const m = message as Partial<Request>;
  return m.method === "tools/call" && (typeof m.id === "string" || (typeof m.id === "number" && Number.isFinite(m.id)));
}

/** Whether a message claims the 2026-07-28 per-request envelope (a protocol version in `params._meta`). */
function claimsEnvelope(message: JSONRPCMessage): boolean {
  const meta = (message as { params?: { _meta?: unknown } }).params?._meta;
  return meta !== null && typeof meta === "object" && (meta as Record<string, unknown>)[PROTOCOL_VERSION_META_KEY] !== undefined;
}

function cancelledRequestId(message: JSONRPCMessage): Id | undefined {
  const m = message as { id?: unknown; method?: unknown; params?: { requestId?: unknown } };
  if (m.method !== "notifications/cancelled" || m.id !== undefined) return undefined;
  const id = m.params?.requestId;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/** The JSON-RPC error object for a thrown value, as the SDK's Protocol builds it. */
export function errorObject(error: unknown): { code: number; message: string; data?: unknown } {
  const e = error as { code?: unknown; message?: unknown; data?: unknown } | null;
  const code = typeof e?.code === "number" && Number.isSafeInteger(e.code) ? e.code : INTERNAL_ERROR;
  const message = typeof e?.message === "string" && e.message !== "" ? e.message : "Internal error";
  return e?.data === undefined ? { code, message } : { code, message, data: e.data };
}

/** Wraps `inner` so that 2025-era `tools/call` requests are answered by `handle`; connect the SDK server to the result. */
export class ToolCallLane implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  /** Calls in flight, by request id (not a Map: see request-table.ts). */
  private readonly inFlight = new RequestTable<CallCancellation>();
  /** The connection's era: decided by its opening when not given. */
  private era: "legacy" | "modern" | undefined;
  private readonly server: ServerIdentity | undefined;
  private readonly listing: LaneOptions["listing"];

  constructor(
    private readonly inner: Transport,
    private readonly handle: ToolCallHandler,
    options: LaneOptions = {},
  ) {
    if (options.era === "legacy") this.era = "legacy";
    this.server = options.server;
    this.listing = options.listing;
    inner.onmessage = (message, extra) => this.route(message, extra);
    inner.onerror = (error) => this.onerror?.(error);
    inner.onclose = () => {
      const cancellations = this.inFlight.values();
      this.inFlight.clear();
      for (const cancellation of cancellations) cancellation.cancel("the connection closed");
      this.onclose?.();
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.inner.setSupportedProtocolVersions?.(versions);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private route(message: JSONRPCMessage, extra: MessageExtraInfo | undefined): void {
    const era = this.era;
    if (era === undefined) {
      // The message that decides the era goes to the SDK, which decides its own era from it (a
      // 2026 call answered here as the opening would leave the SDK's era undecided).
      this.learnEra(message);
    } else {
      if (this.listing !== undefined) {
        const listed = this.listing(message, era);
        if (listed !== undefined) {
          this.reply(listed);
          return;
        }
      }
      // Calls the lane answers pass the same body checks as the HTTP fast routing's
      // (plain-requests.ts): an extra top-level key, an id the SDK does not take (a fraction,
      // beyond the safe integers) or an envelope it would refuse is the SDK's to answer.
      if (isToolCall(message)) {
        if (era === "legacy" && plainLegacyMessage(message) !== undefined) {
          this.call(message, undefined, extra);
          return;
        }
        if (era === "modern" && this.server !== undefined && plainModernMessage(message) !== undefined) {
          this.call(message, this.server, extra);
          return;
        }
      }
    }
    const cancelled = cancelledRequestId(message);
    if (cancelled !== undefined) {
      const cancellation = this.inFlight.get(cancelled);
      if (cancellation !== undefined) {
        this.inFlight.delete(cancelled);
        const reason = (message as { params?: { reason?: unknown } }).params?.reason;
        cancellation.cancel(typeof reason === "string" ? reason : "cancelled by the client");
        return;
      }
    }
    this.onmessage?.(message, extra);
  }

  /**
   * Over stdio the opening decides the era, as the SDK's `serveStdio` does: an `initialize`
   * handshake makes it 2025-era; a 2026 request (other than a `server/discover` probe, after which
   * a client may still fall back to `initialize`) makes it 2026-era for good.
   */
  private learnEra(message: JSONRPCMessage): void {
    const method = (message as { method?: unknown }).method;
    if (typeof method !== "string" || (message as { id?: unknown }).id === undefined) return;
    if (method === "initialize" && !claimsEnvelope(message)) this.era = "legacy";
    else if (method !== "server/discover" && claimsEnvelope(message)) this.era = "modern";
  }

  /** Runs one call; `modern` is the identity to stamp a 2026 result with (undefined: 2025 shape). */
  private call(request: Request, modern: ServerIdentity | undefined, extra: MessageExtraInfo | undefined): void {
    const id = request.id;
    if (this.inFlight.has(id)) {
      // Same rule as for any JSON-RPC request: an id must not be reused while it is pending.
      this.reply({ jsonrpc: "2.0", id, error: { code: INVALID_REQUEST, message: `Request id ${JSON.stringify(id)} is already in use` } });
      return;
    }
    const cancellation = new CallCancellation();
    this.inFlight.set(id, cancellation);
    let answer: Promise<unknown>;
    try {
      answer = this.handle(request.params, cancellation, extra);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (result) => {
        // Key order as the SDK serialises a result, so both paths answer byte for byte the same.
        if (!this.settle(id, cancellation)) return;
        this.reply(modern === undefined ? ({ result, jsonrpc: "2.0", id } as JSONRPCMessage) : modernResult(id, result as Record<string, unknown>, modern));
      },
      (error: unknown) => {
        if (this.settle(id, cancellation)) this.reply({ jsonrpc: "2.0", id, error: errorObject(error) });
      },
    );
  }

  /** Forgets a finished call; false when it was cancelled (then nothing is sent). */
  private settle(id: Id, cancellation: CallCancellation): boolean {
    if (this.inFlight.get(id) === cancellation) this.inFlight.delete(id);
    return !cancellation.aborted;
  }

  private reply(message: JSONRPCMessage): void {
    this.inner.send(message).catch((error: unknown) => {
      this.onerror?.(new Error(`Failed to send the answer to a tools/call: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
}
