/**
 * `npm run demo:stripe`: the Stripe billing-support example, offline. Starts a loopback Stripe built
 * from Stripe's own OpenAPI description (./fake-stripe.ts: values synthesised from the response
 * schemas, seeded with one customer), runs the built `openapi-mcp serve` over stdio with
 * ./curation.yaml, and drives it with the MCP SDK client: lists the tools and makes the calls of
 * ./session.ts, printing each call, the upstream request it caused, and what the model reads back.
 */
import { printSession } from "../shared/run-session.js";
import { runStripeSession } from "./session.js";

async function main(): Promise<void> {
  console.log("Stripe billing-support example — a loopback Stripe built from Stripe's OpenAPI description (read-only tools)\n");
  const headers = ["authorization", "user-agent", "accept"];
  printSession(await runStripeSession({ stderr: "inherit" }), headers);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
