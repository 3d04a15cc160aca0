/**
 * `npm run demo`: the whole bridge on the bundled example, offline. Starts the petstore upstream on
 * a free loopback port, starts `openapi-mcp serve` over stdio as a real process, and drives it with
 * the MCP SDK client: lists the tools and makes a few calls, printing what a person wants to see.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { fileURLToPath } from "node:url";
import { startPetstoreUpstream } from "./upstream/server.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

async function main(): Promise<void> {
  const upstream = await startPetstoreUpstream({ record: false });
  console.log(`Petstore upstream (in memory) listening on ${upstream.url}\n`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [here("../../dist/bin/main.js"), "serve", here("./openapi.yaml"), "--curation", here("./curation.yaml")],
    env: { ...(process.env as Record<string, string>), OPENAPI_MCP_BASE_URL: upstream.url, OPENAPI_MCP_AUTH_API_KEY: "demo-key-1234", OPENAPI_MCP_AUTH_PETSTORE_AUTH: "demo-oauth-token" },
    stderr: "inherit",
  });
  const client = new Client({ name: "openapi-mcp-demo", version: "1.0.0" });
  try {
    await client.connect(transport);
    const server = client.getServerVersion();
    console.log(`Connected to MCP server "${server?.name}" ${server?.version} over stdio.\n`);
    const { tools } = await client.listTools();
    console.log(`tools/list → ${tools.length} tools:`);
    for (const tool of tools) console.log(`  • ${tool.name.padEnd(18)} ${tool.description?.split("\n")[0]}`);

    const calls: Array<[string, string, Record<string, unknown>]> = [
      ["Find available pets (JSON, truncated to the tool's budget if large)", "find_pets", { status: "available" }],
      ["Get pet 1", "get_pet", { petId: 1 }],
      ["Get a pet that does not exist (the API's 404 comes back as an error the model can read)", "get_pet", { petId: 9999 }],
      ["A bad argument is refused before any HTTP request", "get_pet", { petId: "../../admin" }],
      ["Add a pet", "add_pet", { name: "Biscuit", photoUrls: ["https://example.com/biscuit.jpg"], status: "available" }],
      ["Inventory (needs the api_key credential, taken from the environment, never from the model)", "get_inventory", {}],
    ];
    for (const [title, name, args] of calls) {
      console.log(`\n── ${title}\n   tools/call ${name} ${JSON.stringify(args)}`);
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as Array<{ type: string; text?: string }>;
      const text = content.map((c) => c.text ?? `[${c.type}]`).join("\n");
      console.log(`   ${result.isError ? "isError ✗" : "ok ✓"}  ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`);
    }
  } finally {
    await client.close();
    await upstream.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
