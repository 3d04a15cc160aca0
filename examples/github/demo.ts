/**
 * `npm run demo:github`: the GitHub triage example, offline. Starts a loopback GitHub built from
 * GitHub's own OpenAPI description and its examples (./fake-github.ts), runs the built
 * `openapi-mcp serve` over stdio with ./curation.yaml, and drives it with the MCP SDK client: lists
 * the tools and makes the calls of ./session.ts, printing each call, the upstream request it caused,
 * and what the model reads back.
 */
import { printSession } from "../shared/run-session.js";
import { runGitHubSession } from "./session.js";

async function main(): Promise<void> {
  console.log("GitHub triage example — a loopback GitHub built from api.github.com.json's examples (octocat/Hello-World)\n");
  const headers = ["authorization", "user-agent", "x-github-api-version", "accept"];
  printSession(await runGitHubSession({ stderr: "inherit" }), headers);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
