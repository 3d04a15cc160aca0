/**
 * The profile benchmark's per-spec worker: the spec's whole tool list (no curation, as `list`
 * without a curation file) shaped for each client profile, exactly as `list --client X --json`
 * lists it, and every tool held to that vendor's checker from the test suite. Prints one JSON line
 * per spec.
 *
 *   node --import tsx bench/profiles/profile-one.ts <spec>...
 */
import { runPipeline } from "../../src/pipeline.js";
import { applyClientProfile } from "../../src/profile/apply-profile.js";
import { CLIENT_NAMES } from "../../src/profile/client-profiles.js";
import type { ClientName } from "../../src/runtime/core/tool-definition.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";
import { checkListedTool } from "../../test/profiles/checkers/check-listed.js";

/** One spec's figures for one client. */
export interface ClientFigures {
  transformed: number;
  renamed: number;
  notes: number;
  /** Tools the vendor's checker refuses. */
  failures: number;
  failureSample: string[];
  overLimit: string[];
  ms: number;
}

/** What the worker prints. */
export interface ProfileWorkerReport {
  spec: string;
  tools: number;
  clients?: Record<ClientName, ClientFigures>;
  error?: string;
}

async function main(spec: string): Promise<ProfileWorkerReport> {
  let plain;
  try {
    plain = await runPipeline({ spec });
  } catch (error) {
    return { spec, tools: 0, error: (error instanceof Error ? error.message : String(error)).slice(0, 300) };
  }
  const clients = {} as Record<ClientName, ClientFigures>;
  for (const client of CLIENT_NAMES) {
    const start = performance.now();
    const { server, report } = applyClientProfile(plain.server, client);
    const ms = performance.now() - start;
    const failureSample: string[] = [];
    let failures = 0;
    for (const tool of server.tools.map(toMcpTool)) {
      const problems = checkListedTool(client, tool, server.name);
      if (problems.length === 0) continue;
      failures++;
      if (failureSample.length < 5) failureSample.push(`${tool.name}: ${problems.slice(0, 3).join("; ")}`);
    }
    clients[client] = { transformed: report.transformed, renamed: report.renamed, notes: report.notes, failures, failureSample, overLimit: report.overLimit, ms: Math.round(ms) };
  }
  return { spec, tools: plain.server.tools.length, clients };
}

const specs = process.argv.slice(2);
if (specs.length === 0) {
  process.stderr.write("usage: node --import tsx bench/profiles/profile-one.ts <spec>...\n");
  process.exit(2);
}
// Several specs per process spare the TypeScript loader's start-up for each; one line per spec.
for (const spec of specs) process.stdout.write(`${JSON.stringify(await main(spec))}\n`);
