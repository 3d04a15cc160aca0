/**
 * The overhead benchmark's floor answers both eras (bench/overhead/floor-server.ts), judged by the
 * real clients: the v1 SDK client (2025, handshake) and the v2 client pinned to 2026-07-28 (which
 * validates the 2026 result shapes, cache hints included), plus the bench's own bare 2026 driver
 * (bench/overhead/raw-modern-client.ts) — over stdio and Streamable HTTP, against the petstore upstream.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioTransportV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioTransportV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as HttpTransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { connectRawHttp, connectRawStdio } from "../../../bench/overhead/raw-modern-client.js";
import { startPetstoreUpstream, type PetstoreUpstream } from "../../../examples/petstore/upstream/server.js";
import { repoPath, startProcess, waitForOutput, type StartedProcess } from "../../helpers/start-processes.js";

const TOOL = "bench_payload";
const BYTES = 1024;

function payloadLength(result: object): number {
  const { content, isError } = result as { content?: Array<{ type: string; text?: string }>; isError?: boolean };
  assert.notEqual(isError, true, JSON.stringify(result).slice(0, 300));
  return content?.[0]?.text?.length ?? -1;
}

describe("overhead floor: both eras, both transports", () => {
  let upstream: PetstoreUpstream;
  let floorArgs: string[];
  let httpFloor: StartedProcess;
  let httpUrl: URL;
  before(async () => {
    upstream = await startPetstoreUpstream({ record: false });
    floorArgs = ["--import", "tsx", repoPath("bench/overhead/floor-server.ts"), "--upstream", upstream.url];
    httpFloor = startProcess(process.execPath, [...floorArgs, "--transport", "http", "--port", "0"]);
    httpUrl = new URL((await waitForOutput(httpFloor, "stderr", /floor listening on (\S+)/))[1]!);
  });
  after(async () => {
    await httpFloor?.stop();
    await upstream?.close();
  });

  it("2025: the v1 client's handshake, list and call (stdio and HTTP)", async () => {
    for (const transport of [new StdioTransportV1({ command: process.execPath, args: floorArgs, stderr: "ignore" }), new HttpTransportV1(httpUrl)]) {
      const client = new ClientV1({ name: "floor-test", version: "1" });
      await client.connect(transport);
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name), [TOOL]);
      assert.equal(payloadLength(await client.callTool({ name: TOOL, arguments: { bytes: BYTES } })), BYTES);
      await client.close();
    }
  });

  it("2026-07-28: the pinned v2 client discovers, lists and calls (stdio and HTTP)", async () => {
    for (const transport of [new StdioTransportV2({ command: process.execPath, args: floorArgs, stderr: "ignore" }), new HttpTransportV2(httpUrl)]) {
      const client = new ClientV2({ name: "floor-test", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
      await client.connect(transport);
      assert.equal(client.getProtocolEra(), "modern");
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name), [TOOL]);
      assert.equal(payloadLength(await client.callTool({ name: TOOL, arguments: { bytes: BYTES } })), BYTES);
      await client.close();
    }
  });

  it("2026-07-28: the bench's bare driver gets the same payload (stdio and HTTP)", async () => {
    const env = process.env as Record<string, string>;
    for (const raw of [await connectRawStdio(process.execPath, floorArgs, env, repoPath("."), TOOL), await connectRawHttp(httpUrl, TOOL)]) {
      assert.equal(await raw.call(TOOL, BYTES), BYTES);
      await raw.close();
    }
  });
});
