/**
 * The TypeScript clients of the interop matrix, each behind the {@link CellClient} the cell
 * procedure drives: the v1 SDK client (`@modelcontextprotocol/sdk`, the 2025 era) and the v2 client
 * (`@modelcontextprotocol/client` 2.4) in its default, `auto` and pinned-2026 negotiation modes.
 * Each is configured only through its own public options (see `ClientOptions.versionNegotiation` in
 * the v2 client's types), so the matrix tests what a user of that client gets.
 */
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioTransportV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioTransportV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as HttpTransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CellClient } from "./cell-procedure.js";

/** Where the server is: a command to spawn (stdio) or an endpoint URL (Streamable HTTP). */
export type ServerTarget =
  | { transport: "stdio"; command: string; args: string[]; env: Record<string, string> }
  | { transport: "http"; url: string };

/** The v2 client's negotiation setting; `undefined` is its default (no option given). */
export type V2Mode = undefined | "auto" | { pin: string };

const CLIENT_INFO = { name: "interop-matrix", version: "1.0.0" };

function textOf(result: object): { isError: boolean; text: string } {
  const { content, isError } = result as { content?: unknown; isError?: unknown };
  const blocks = Array.isArray(content) ? (content as Array<{ type?: string; text?: string }>) : [];
  return { isError: isError === true, text: blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("\n") };
}

/** Counts the `tools/list` requests a transport sends, so a client's own page walk can be measured. */
function countListRequests<T extends { send(message: unknown, options?: unknown): Promise<void> }>(transport: T): { transport: T; pages: () => number } {
  let pages = 0;
  const send = transport.send.bind(transport);
  transport.send = (message: unknown, options?: unknown): Promise<void> => {
    if ((message as { method?: unknown }).method === "tools/list") pages++;
    return send(message, options);
  };
  return { transport, pages: () => pages };
}

/**
 * Records the protocol version the server's `initialize` result names, for clients (v1) that do not
 * expose it: the client sets `onmessage` before it starts the transport, so wrapping `start` sees
 * every incoming message first.
 */
function recordInitializeVersion<T extends { start(): Promise<void>; onmessage?: (message: never, extra?: never) => void }>(transport: T): () => string | undefined {
  let version: string | undefined;
  const start = transport.start.bind(transport);
  transport.start = (): Promise<void> => {
    const inner = transport.onmessage;
    transport.onmessage = ((message: { result?: { protocolVersion?: unknown } }, extra?: never) => {
      if (version === undefined && typeof message.result?.protocolVersion === "string") version = message.result.protocolVersion;
      inner?.(message as never, extra);
    }) as T["onmessage"];
    return start();
  };
  return () => version;
}

/** The v1 SDK client; it walks pages itself, following `nextCursor`. */
export function v1Client(target: ServerTarget): CellClient {
  const client = new ClientV1(CLIENT_INFO);
  const transport =
    target.transport === "stdio"
      ? new StdioTransportV1({ command: target.command, args: target.args, env: target.env, stderr: "ignore" })
      : new HttpTransportV1(new URL(target.url));
  const negotiated = recordInitializeVersion(transport);
  return {
    async connect() {
      await client.connect(transport);
      return { protocolVersion: negotiated() };
    },
    async listAll() {
      const names: string[] = [];
      let pages = 0;
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        pages++;
        names.push(...page.tools.map((t) => t.name));
        cursor = page.nextCursor;
      } while (cursor !== undefined && pages < 100);
      return { pages, names };
    },
    async call(name, args, signal) {
      return textOf(await client.callTool({ name, arguments: args }, undefined, signal === undefined ? {} : { signal }));
    },
    close: () => client.close(),
  };
}

/** The v2 client in `mode`; its no-cursor `listTools()` walks every page itself (counted on the wire). */
export function v2Client(target: ServerTarget, mode: V2Mode): CellClient {
  const client = new ClientV2(CLIENT_INFO, mode === undefined ? {} : { versionNegotiation: { mode } });
  const { transport, pages } = countListRequests(
    target.transport === "stdio"
      ? new StdioTransportV2({ command: target.command, args: target.args, env: target.env, stderr: "ignore" })
      : new HttpTransportV2(new URL(target.url)),
  );
  return {
    async connect() {
      await client.connect(transport);
      return { protocolVersion: client.getNegotiatedProtocolVersion() };
    },
    async listAll() {
      const before = pages();
      const { tools } = await client.listTools(undefined, { cacheMode: "bypass" });
      return { pages: pages() - before, names: tools.map((t) => t.name) };
    },
    async call(name, args, signal) {
      return textOf(await client.callTool({ name, arguments: args }, signal === undefined ? {} : { signal }));
    },
    close: () => client.close(),
  };
}
