import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../../src/cli/args.js";
import { ConfigError } from "../../../src/errors.js";

describe("parseCommandLine", () => {
  const cases: Array<[string, { given: string[]; want: unknown }]> = [
    ["no arguments is help", { given: [], want: { command: "help" } }],
    ["list with everything", {
      given: ["list", "s.yaml", "--curation", "c.yaml", "--base-url", "https://x.io/v1/", "--json", "--strict", "--max-name-length", "40"],
      want: { command: "list", spec: "s.yaml", curation: "c.yaml", baseUrl: "https://x.io/v1", json: true, strict: true, validate: false, maxNameLength: 40 },
    }],
    ["list minimal", { given: ["list", "s.yaml"], want: { command: "list", spec: "s.yaml", json: false, strict: false, validate: false } }],
    ["init", { given: ["init", "s.yaml", "--out", "c.yaml"], want: { command: "init", spec: "s.yaml", out: "c.yaml", force: false } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(parseCommandLine(given), want));

  const errors: Array<[string, { given: string[]; want: RegExp }]> = [
    ["unknown command", { given: ["frobnicate"], want: /unknown command "frobnicate"/ }],
    ["missing spec", { given: ["list"], want: /list needs a spec path or URL/ }],
    ["two specs", { given: ["list", "a", "b"], want: /takes one spec/ }],
    ["unknown flag", { given: ["list", "a", "--nope"], want: /Unknown option '--nope'/ }],
    ["relative base URL", { given: ["list", "a", "--base-url", "/v1"], want: /--base-url must be an absolute http\(s\) URL/ }],
    ["name limit out of range", { given: ["list", "a", "--max-name-length", "3"], want: /from 8 to 256/ }],
  ];
  for (const [name, { given, want }] of errors) {
    it(`refuses ${name}`, () => assert.throws(() => parseCommandLine(given), (e: unknown) => e instanceof ConfigError && want.test(e.message)));
  }
});
