/** The curation file's `serve.oauth` and `tools[].scopes`: validated, and carried into the server definition. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyCuration } from "../../../src/curate/apply-curation.js";
import { CurationError } from "../../../src/errors.js";
import { parseCuration } from "../../../src/load/load-curation.js";
import { makePetstoreIr } from "../../helpers/make-ir.js";

const curate = (yaml: string) => applyCuration(makePetstoreIr(), parseCuration(yaml, "c.yaml").curation).server;

describe("curation: serve.oauth and tool scopes", () => {
  it("carries serve.oauth (scopes deduplicated) and per-tool scopes into the definition", () => {
    const server = curate(
      "serve:\n  oauth:\n    issuer: https://auth.example.com\n    audience: https://mcp.example.com/mcp\n    requiredScopes: [mcp:tools, mcp:tools]\ntools:\n  - operation: getPetById\n    scopes: [pets:read]\n  - operation: addPet\n",
    );
    assert.deepEqual(server.serve, { oauth: { issuer: "https://auth.example.com", audience: "https://mcp.example.com/mcp", requiredScopes: ["mcp:tools"] } });
    assert.deepEqual(server.tools.map((t) => [t.name, t.scopes]), [["getPetById", ["pets:read"]], ["addPet", undefined]]);
  });

  it("without serve, the definition has none (generated files unchanged)", () => {
    assert.equal("serve" in curate("tools:\n  - operation: getPetById\n"), false);
  });

  const refused: Array<[string, string, RegExp]> = [
    ["an issuer that is not a URL", "serve:\n  oauth:\n    issuer: auth\n    audience: https://m.example/mcp\n", /issuer/],
    ["a missing audience", "serve:\n  oauth:\n    issuer: https://a.example\n", /audience/],
    ["a scope with a space", "tools:\n  - operation: getPetById\n    scopes: ['a b']\n", /OAuth scope token/],
    ["an unknown serve.oauth key", "serve:\n  oauth:\n    issuer: https://a.example\n    audience: https://m.example/mcp\n    audiences: []\n", /audiences/],
  ];
  for (const [name, yaml, message] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(() => curate(yaml), (error: unknown) => error instanceof CurationError && message.test(JSON.stringify(error.problems)));
    });
  }
});
