/**
 * Every `tools/call` over HTTP runs as its HTTP caller — the principal per-caller limits count
 * against and the audit line names — whichever path answers it: the 2026 fast routing, the 2025
 * lane, or the SDK's own dispatch (a 2026 request the fast routing leaves to the SDK, and every
 * call of a server without the lean paths, 2025 ones through the multiplex). The SDK's dispatch
 * once ran such calls as the local (stdio) principal.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../examples/petstore/upstream/server.js";
import { runPipeline } from "../../src/pipeline.js";
import type { PreparedServer } from "../../src/runtime/mcp/create-server.js";
import { startHttpServer, type RunningHttpServer } from "../../src/runtime/mcp/http-transport.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";

const MODERN = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientInfo": { name: "who", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };

let upstream: PetstoreUpstream;
/** The principal id of each call, as the call log saw it. */
const seen: string[] = [];
let prepared: PreparedServer;

before(async () => {
  upstream = await startPetstoreUpstream({ record: false });
  const result = await runPipeline({ spec: "examples/petstore/openapi.yaml", curationFile: "examples/petstore/curation.yaml" });
  const base = prepareRuntime(result.server, { OPENAPI_MCP_LOG_LEVEL: "error", OPENAPI_MCP_AUTH_API_KEY: "k", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "t" }, { baseUrl: upstream.url, writeLog: () => {} }).prepared;
  prepared = {
    ...base,
    // Operations features on (none configured): the front then names each caller.
    ops: { metricsOnListener: false, close: async () => {} },
    invoke: { ...base.invoke, logCall: (_tool, _outcome, _ms, _isError, caller) => void seen.push(caller?.id ?? "(none)") },
  };
});
after(() => upstream.close());

let nextId = 1;
async function callOver(server: RunningHttpServer, era: "2025-11-25" | typeof MODERN, meta?: Record<string, unknown>): Promise<string> {
  const params: Record<string, unknown> = { name: "get_pet", arguments: { petId: 1 } };
  if (meta !== undefined) params._meta = meta;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": era };
  if (era === MODERN) Object.assign(headers, { "mcp-method": "tools/call", "mcp-name": "get_pet" });
  const response = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method: "tools/call", params }) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.match(text, /"result":\{"content":\[\{"type":"text","text":"\{\\"id\\":1/, "the call succeeded");
  return seen.at(-1)!;
}

for (const lean of [true, false]) {
  describe(`a server ${lean ? "with" : "without"} the lean paths`, () => {
    let server: RunningHttpServer;
    before(async () => {
      server = await startHttpServer(prepared, { host: "127.0.0.1", port: 0, lean });
    });
    after(() => server.close());

    const cases: Array<[string, "2025-11-25" | typeof MODERN, Record<string, unknown> | undefined]> = [
      ["2026-07-28, a plain call", MODERN, META],
      ["2026-07-28, a call with a progress token (the SDK's dispatch)", MODERN, { ...META, progressToken: 7 }],
      ["2025-11-25, a plain call", "2025-11-25", undefined],
    ];
    for (const [name, era, meta] of cases) {
      it(`${name}: runs as the HTTP caller`, async () => {
        const before = seen.length;
        const principal = await callOver(server, era, meta);
        assert.equal(seen.length, before + 1, "one call logged");
        assert.equal(principal, "addr:127.0.0.1");
      });
    }
  });
}
