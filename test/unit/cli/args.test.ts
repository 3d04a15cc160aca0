import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommandLine } from "../../../src/cli/args.js";
import { COMMANDS, commandHelpText, optionNames } from "../../../src/cli/help.js";
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
    ["--help after a command is that command's help", { given: ["list", "s.yaml", "--curation", "c.yaml", "--help"], want: { command: "help", topic: "list" } }],
    ["-h before anything else", { given: ["serve", "-h"], want: { command: "help", topic: "serve" } }],
    ["help <command>", { given: ["help", "call"], want: { command: "help", topic: "call" } }],
    ["call with everything", {
      given: ["call", "s.yaml", "--curation", "c.yaml", "get_pet", '{"petId": 1}', "--base-url", "http://127.0.0.1:9/", "--json"],
      want: { command: "call", spec: "s.yaml", curation: "c.yaml", baseUrl: "http://127.0.0.1:9", tool: "get_pet", arguments: { petId: 1 }, json: true },
    }],
    ["call without arguments sends {}", { given: ["call", "s.yaml", "t"], want: { command: "call", spec: "s.yaml", tool: "t", arguments: {}, json: false } }],
    ["list --client", { given: ["list", "s.yaml", "--client", "openai"], want: { command: "list", spec: "s.yaml", json: false, strict: false, validate: false, client: "openai" } }],
    ["generate --client", { given: ["generate", "s.yaml", "--out", "o", "--client", "gemini"], want: { command: "generate", spec: "s.yaml", out: "o", check: false, force: false, client: "gemini" } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(parseCommandLine(given), want));
  it("serve --client is the pipeline's, not a server setting", () => {
    const options = parseCommandLine(["serve", "s.yaml", "--client", "cursor"]);
    assert.equal(options.command === "serve" && options.client, "cursor");
  });

  const errors: Array<[string, { given: string[]; want: RegExp }]> = [
    ["unknown command", { given: ["frobnicate"], want: /unknown command "frobnicate"/ }],
    ["missing spec", { given: ["list"], want: /list needs a spec path or URL/ }],
    ["two specs", { given: ["list", "a", "b"], want: /takes one spec/ }],
    ["unknown flag", { given: ["list", "a", "--nope"], want: /^unknown option --nope for list$/ }],
    ["a misspelt flag, with a did-you-mean", { given: ["list", "a", "--curaton", "c.yaml"], want: /^unknown option --curaton for list: did you mean --curation\?$/ }],
    ["a flag of another command", { given: ["init", "a", "--curation", "c.yaml"], want: /^unknown option --curation for init$/ }],
    ["a misspelt command, with a did-you-mean", { given: ["lsit", "a"], want: /^unknown command "lsit": did you mean "list"\?$/ }],
    ["help for an unknown command", { given: ["help", "serv"], want: /^unknown command "serv": did you mean "serve"\?$/ }],
    ["call without a tool", { given: ["call", "s.yaml"], want: /call needs a tool name after the spec/ }],
    ["call with arguments that are not JSON", { given: ["call", "s.yaml", "t", "{petId: 1}"], want: /^the tool arguments are not valid JSON \(.+\): \{petId: 1\}$/ }],
    ["--help after --, which is an argument, not a request for help", { given: ["call", "s.yaml", "t", "--", "--help"], want: /^the tool arguments are not valid JSON \(.+\): --help$/ }],
    ["call with a JSON array", { given: ["call", "s.yaml", "t", "[1]"], want: /^the tool arguments must be a JSON object, got an array$/ }],
    ["call with unquoted JSON split into words", { given: ["call", "s.yaml", "t", "{}", "x"], want: /call takes a spec, a tool and one JSON argument object/ }],
    ["relative base URL", { given: ["list", "a", "--base-url", "/v1"], want: /--base-url must be an absolute http\(s\) URL/ }],
    ["name limit out of range", { given: ["list", "a", "--max-name-length", "3"], want: /from 8 to 256/ }],
    ["an unknown client, with a did-you-mean", { given: ["serve", "a", "--client", "opnai"], want: /^--client must be one of openai, gemini, anthropic, cursor, got "opnai": did you mean "openai"\?$/ }],
  ];
  for (const [name, { given, want }] of errors) {
    it(`refuses ${name}`, () => assert.throws(() => parseCommandLine(given), (e: unknown) => e instanceof ConfigError && want.test(e.message)));
  }
});

describe("every command's help", () => {
  for (const command of COMMANDS) {
    it(`${command}: usage, an example, and every option it lists is one it accepts`, () => {
      const text = commandHelpText(command);
      assert.match(text, new RegExp(`^Usage: openapi-mcp ${command} `, "m"));
      assert.match(text, new RegExp(`^Example:\\n {2}openapi-mcp ${command} `, "m"));
      const options = optionNames(command);
      assert.ok(options.length >= 2);
      for (const option of options) {
        try {
          parseCommandLine([command, "s.yaml", "t", option]);
        } catch (error) {
          assert.doesNotMatch((error as Error).message, /unknown option/, `${command} --help lists ${option}`);
        }
      }
    });
  }
});
