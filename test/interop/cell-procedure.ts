/**
 * What one interop-matrix cell does and what it reports: connect, list every page, a call, an
 * argument error, an upstream error, and a cancellation followed by another call. The TypeScript
 * clients run it here through a {@link CellClient}; the Python client runs the same steps in
 * ./python_client.py and prints the same {@link CellObservations}. Nothing here judges: the matrix
 * test asserts on the observations, so every client is held to one set of assertions.
 */
import { SLOW_TOOL, type SlowRecord } from "./interop-upstream.js";

/** A tool call as the client surfaced it: a result, or a thrown (JSON-RPC or transport) error. */
export interface CallObservation {
  ok: boolean;
  isError?: boolean;
  /** The text content blocks, joined. */
  text?: string;
  error?: string;
}

/** Everything one cell observed. */
export interface CellObservations {
  connected: { ok: boolean; protocolVersion?: string; error?: string };
  list?: { pages: number; names: string[]; error?: string };
  call?: CallObservation;
  argumentError?: CallObservation;
  upstreamError?: CallObservation;
  cancellation?: {
    /** The server's upstream request for the slow call reached the upstream before we cancelled. */
    arrived: boolean;
    /** How the cancelled call ended for the client. */
    callEnded: "cancelled" | "result" | "error" | "pending";
    detail?: string;
    msToEnd?: number;
    /** A call made on the same connection after the cancellation. */
    afterwards: CallObservation;
  };
  /** An error that ended the procedure early (teardown included). */
  failure?: string;
}

/** The calls every cell makes, so the TypeScript and Python cells agree. */
export const CELL_CALLS = {
  call: { name: "find_pets", arguments: { status: "sold" } },
  /** `petId` is an integer: a string is the model's mistake, to be named back to it. */
  argumentError: { name: "get_pet", arguments: { petId: "x" } },
  /** No such pet: the upstream answers 404. */
  upstreamError: { name: "get_pet", arguments: { petId: 987654321 } },
  afterCancel: { name: "get_inventory", arguments: {} },
} as const;

/** One client of the matrix, connected by {@link CellClient.connect}. */
export interface CellClient {
  /** Connects (handshake or discovery, as the client's mode decides); resolves with the negotiated version. */
  connect(): Promise<{ protocolVersion?: string }>;
  /** Lists every page, following `nextCursor`. */
  listAll(): Promise<{ pages: number; names: string[] }>;
  call(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<{ isError: boolean; text: string }>;
  close(): Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function observeCall(client: CellClient, call: { name: string; arguments: Record<string, unknown> }): Promise<CallObservation> {
  try {
    return { ok: true, ...(await client.call(call.name, { ...call.arguments })) };
  } catch (error) {
    return { ok: false, error: message(error) };
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

async function observeCancellation(client: CellClient, slow: (ms: number) => SlowRecord, ms: number): Promise<CellObservations["cancellation"]> {
  const controller = new AbortController();
  const started = Date.now();
  let ended: { callEnded: "cancelled" | "result" | "error"; detail: string; msToEnd: number } | undefined;
  const pending = client.call(SLOW_TOOL, { ms }, controller.signal).then(
    (result) => (ended = { callEnded: "result", detail: result.text.slice(0, 200), msToEnd: Date.now() - started }),
    (error: unknown) =>
      (ended = { callEnded: controller.signal.aborted ? "cancelled" : "error", detail: message(error), msToEnd: Date.now() - started }),
  );
  // Cancel only once the server's upstream request is in flight, so there is work to give up.
  const arrived = await waitFor(() => slow(ms).arrived || ended !== undefined, 15_000);
  controller.abort(new Error("interop: cancelled by the caller"));
  await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  const afterwards = await observeCall(client, CELL_CALLS.afterCancel);
  return { arrived: arrived && slow(ms).arrived, ...(ended ?? { callEnded: "pending" }), afterwards };
}

/** Runs the cell procedure with a TypeScript client; `slowMs` is this cell's own `/slow?ms=` value. */
export async function runCell(client: CellClient, slow: (ms: number) => SlowRecord, slowMs: number): Promise<CellObservations> {
  const observations: CellObservations = { connected: { ok: false } };
  try {
    observations.connected = { ok: true, ...(await client.connect()) };
  } catch (error) {
    observations.connected = { ok: false, error: message(error) };
    await client.close().catch(() => undefined);
    return observations;
  }
  try {
    try {
      observations.list = await client.listAll();
    } catch (error) {
      observations.list = { pages: 0, names: [], error: message(error) };
    }
    observations.call = await observeCall(client, CELL_CALLS.call);
    observations.argumentError = await observeCall(client, CELL_CALLS.argumentError);
    observations.upstreamError = await observeCall(client, CELL_CALLS.upstreamError);
    observations.cancellation = await observeCancellation(client, slow, slowMs);
  } catch (error) {
    observations.failure = message(error);
  } finally {
    await client.close().catch((error: unknown) => (observations.failure ??= `close: ${message(error)}`));
  }
  return observations;
}
