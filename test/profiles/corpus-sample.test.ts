/**
 * Every client profile over a representative sample of real specs — GitHub's whole REST API
 * (Octokit's spec, 1,000+ operations), Stripe, Google Sheets (tools of ~100k tokens), Xero accounting
 * (13 MB of schema) and the edge-case fixtures — with no curation: every tool the profile lists must
 * pass that vendor's checker (test/profiles/checkers/, written from the vendors' pages). The whole
 * corpus runs in bench/profiles/run-profiles.ts. Each spec is converted once and shaped for all four
 * clients as the pipeline shapes it; `list --client X --json` itself runs on the edge cases.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runList } from "../../src/cli/list-command.js";
import { runPipeline } from "../../src/pipeline.js";
import { applyClientProfile } from "../../src/profile/apply-profile.js";
import { CLIENT_NAMES } from "../../src/profile/client-profiles.js";
import { toMcpTool } from "../../src/runtime/mcp/mcp-tool.js";
import { checkListedTool } from "./checkers/check-listed.js";
import type { ListedTool } from "./checkers/walk.js";

const LARGE = [
  "node_modules/@octokit/openapi/generated/api.github.com.json",
  "fixtures/vendor/stripe-2025-10-15.json",
  "fixtures/corpus/googleapis-sheets-v4.json",
  "fixtures/corpus/xero-accounting.yaml",
];
const EDGE_CASES = [
  "fixtures/specs/client-profiles.yaml",
  "fixtures/specs/openapi31-types.yaml",
  "fixtures/specs/circular-refs.yaml",
  "fixtures/specs/parameter-styles.yaml",
  "fixtures/specs/form-bodies.yaml",
  "fixtures/specs/colliding-params.yaml",
  "fixtures/specs/swagger2.yaml",
  "fixtures/corpus/readme-3.1-schema-types.yaml",
  "fixtures/corpus/hey-api-3.1-faker.yaml",
];

describe("client profiles over real specs: every listed tool passes the vendor's checker", () => {
  for (const spec of LARGE) {
    it(spec, async () => {
      const plain = await runPipeline({ spec });
      assert.ok(plain.server.tools.length > 0);
      for (const client of CLIENT_NAMES) {
        const { server, report } = applyClientProfile(plain.server, client);
        const failures = server.tools.map(toMcpTool).flatMap((tool) => checkListedTool(client, tool, server.name).map((p) => `${tool.name}: ${p}`));
        assert.deepEqual(failures.slice(0, 5), [], `${client}: ${failures.length} problems`);
        assert.deepEqual(report.overLimit, []);
        if (client !== "anthropic") assert.ok(report.transformed > 0, `${client} reshapes some of ${spec}`);
      }
    });
  }

  for (const spec of EDGE_CASES) {
    it(`list --client X --json: ${spec}`, async () => {
      for (const client of CLIENT_NAMES) {
        const out: string[] = [];
        const code = await runList({ command: "list", spec, json: true, strict: false, validate: false, client }, { stdout: (line) => out.push(line), stderr: () => {} });
        assert.equal(code, 0);
        const listed = JSON.parse(out.join("\n")) as { tools: ListedTool[]; profile: { client: string; serverName: string } };
        assert.equal(listed.profile.client, client);
        for (const tool of listed.tools) assert.deepEqual(checkListedTool(client, tool, listed.profile.serverName), [], `${client} ${tool.name}`);
      }
    });
  }
});
