import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitWords, stem, textTerms } from "../../../../src/runtime/discovery/search-text.js";

describe("splitWords", () => {
  const cases: Array<[string, { given: string; want: string[] }]> = [
    ["camelCase", { given: "listForAuthenticatedUser", want: ["list", "for", "authenticated", "user"] }],
    ["snake and kebab", { given: "pulls_create-review", want: ["pulls", "create", "review"] }],
    ["a path with parameters", { given: "/repos/{owner}/{repo}/pulls", want: ["repos", "owner", "repo", "pulls"] }],
    ["an acronym before a word", { given: "HTMLParser", want: ["html", "parser"] }],
    ["a plural acronym stays one word", { given: "list my PRs", want: ["list", "my", "prs"] }],
    ["digits", { given: "v1 getV2Items", want: ["v1", "get", "v2", "items"] }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(splitWords(given), want));
});

describe("stem", () => {
  // Pairs that must meet, and words that must stay apart.
  const same: Array<[string, string]> = [
    ["repositories", "repository"],
    ["issues", "issue"],
    ["branches", "branch"],
    ["created", "create"],
    ["creating", "creates"],
    ["running", "run"],
    ["starred", "star"],
    ["charges", "charge"],
    ["deleted", "delete"],
  ];
  for (const [a, b] of same) it(`${a} meets ${b}`, () => assert.equal(stem(a), stem(b)));
  const kept: Array<[string, string]> = [
    ["status", "status"],
    ["access", "access"],
    ["analysis", "analysis"],
    ["pr", "pr"],
  ];
  for (const [word, want] of kept) it(`${word} is not a plural`, () => assert.equal(stem(word), want));
});

describe("textTerms", () => {
  it("drops function words and bare numbers, keeps the rest stemmed", () => {
    assert.deepEqual(textTerms("How do I close the 42 open issues?"), ["clos", "open", "issu"]);
  });
});
