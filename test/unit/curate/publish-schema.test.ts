/**
 * The curation file's `publish` block: names the registry and npm would refuse are reported at
 * generate time, with their line, rather than by `mcp-publisher` or `npm publish` later.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CurationError } from "../../../src/errors.js";
import { parseCuration } from "../../../src/load/load-curation.js";

const cases: Array<[string, { given: string; want: { path: string; line: number; message: RegExp } | "ok" }]> = [
  ["a GitHub namespace", { given: "publish:\n  registryName: io.github.acme/petstore", want: "ok" }],
  ["a domain namespace, scoped npm name, author, links", {
    given: [
      "publish:",
      "  registryName: com.example.api/petstore-mcp",
      "  npmPackage: '@acme/petstore-mcp'",
      "  author: { name: Acme, email: mcp@acme.example, url: 'https://acme.example' }",
      "  repository: https://github.com/acme/petstore-mcp",
      "  license: MIT",
    ].join("\n"),
    want: "ok",
  }],
  ["a registry name without a namespace", { given: "publish:\n  registryName: petstore", want: { path: "publish.registryName", line: 2, message: /reverse-DNS namespace, one \// } }],
  ["a registry name with two slashes", { given: "publish:\n  registryName: io.github.acme/pet/store", want: { path: "publish.registryName", line: 2, message: /reverse-DNS/ } }],
  ["an npm name with capitals", { given: "publish:\n  npmPackage: PetStore", want: { path: "publish.npmPackage", line: 2, message: /npm package name/ } }],
  ["a description over the registry's 100 characters", { given: `publish:\n  description: ${"x".repeat(101)}`, want: { path: "publish.description", line: 2, message: /100/ } }],
  ["an author without a name", { given: "publish:\n  author: { url: 'https://acme.example' }", want: { path: "publish.author.name", line: 2, message: /./ } }],
  ["an unknown key", { given: "publish:\n  namespace: io.github.acme", want: { path: "publish.namespace", line: 2, message: /unknown key/ } }],
];

describe("publish block", () => {
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      if (want === "ok") {
        assert.doesNotThrow(() => parseCuration(given, "c.yaml"));
        return;
      }
      const error = (() => {
        try {
          parseCuration(given, "c.yaml");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof CurationError, String(error));
      const problem = error.problems.find((p) => p.path === want.path);
      assert.ok(problem, JSON.stringify(error.problems));
      assert.equal(problem.line, want.line);
      assert.match(problem.message, want.message);
    });
  }
});
