import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSearchIndex, OperationSearch, type SearchSource } from "../../../../src/runtime/discovery/search-index.js";

function source(name: string, method: string, path: string, summary: string, extra: Partial<SearchSource> = {}): SearchSource {
  return { name, method, path, summary, description: summary, tags: [], parameters: [], readOnly: method === "GET", destructive: method === "DELETE", ...extra };
}

const SOURCES: SearchSource[] = [
  source("pulls_list", "GET", "/repos/{owner}/{repo}/pulls", "List pull requests", { tags: ["pulls"], parameters: ["owner", "repo", "state"] }),
  source("pulls_create", "POST", "/repos/{owner}/{repo}/pulls", "Create a pull request", { tags: ["pulls"] }),
  source("issues_create", "POST", "/repos/{owner}/{repo}/issues", "Create an issue", { tags: ["issues"] }),
  source("issues_update", "PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", "Update an issue", { tags: ["issues"] }),
  source("issues_list_for_repo", "GET", "/repos/{owner}/{repo}/issues", "List repository issues", { tags: ["issues"] }),
  source("repos_delete", "DELETE", "/repos/{owner}/{repo}", "Delete a repository", { tags: ["repos"] }),
  source("post_refunds", "POST", "/v1/refunds", "Create a refund", { description: "When you create a new refund, you must specify a Charge or a PaymentIntent object on which to create it." }),
  source("get_charges", "GET", "/v1/charges", "List all charges"),
];

const engine = new OperationSearch(buildSearchIndex(SOURCES));
const top = (query: string, limit = 3): string[] => engine.search(query, limit).map((hit) => hit.name);

describe("OperationSearch", () => {
  const cases: Array<[string, { query: string; want: string }]> = [
    ["an abbreviation (PR → pull request) and a plural asks for a list", { query: "show my open PRs", want: "pulls_list" }],
    ["an action verb picks the method (open → create → POST)", { query: "open a PR", want: "pulls_create" }],
    ["a user's word for the resource (ticket → issue)", { query: "file a new ticket", want: "issues_create" }],
    ["close is an update", { query: "close a ticket", want: "issues_update" }],
    ["an idiom (money back → refund)", { query: "give the customer their money back", want: "post_refunds" }],
    ["slang for delete", { query: "remove the repo", want: "repos_delete" }],
  ];
  for (const [name, { query, want }] of cases) it(name, () => assert.equal(top(query, 1)[0], want, `${query}: ${top(query).join(", ")}`));

  it("an operation's exact name comes first, in any case or with - for _", () => {
    assert.equal(top("Issues-Update", 1)[0], "issues_update");
  });
  it("answers nothing for words no operation has", () => {
    assert.deepEqual(engine.search("zzz qqq", 5), []);
  });
  it("respects the limit and orders by score", () => {
    const hits = engine.search("issue", 2);
    assert.equal(hits.length, 2);
    assert.ok(hits[0]!.score >= hits[1]!.score);
  });
  it("searches again from a clean slate (scores do not carry over)", () => {
    const first = engine.search("refund", 5);
    engine.search("pull request", 5);
    assert.deepEqual(engine.search("refund", 5), first);
  });
  it("each hit line has method, path, summary and the read-only/destructive hint", () => {
    const [hit] = engine.search("delete repository", 1);
    assert.equal(hit!.line, "DELETE /repos/{owner}/{repo} — Delete a repository [destructive]");
    assert.equal(engine.search("list charges", 1)[0]!.line, "GET /v1/charges — List all charges [read-only]");
  });
  it("an index read back from JSON ranks the same, and words like constructor are just words", () => {
    const revived = new OperationSearch(JSON.parse(JSON.stringify(buildSearchIndex(SOURCES))));
    for (const query of ["open a PR", "close a ticket", "refund"]) assert.deepEqual(revived.search(query, 5), engine.search(query, 5));
    assert.deepEqual(revived.search("constructor toString __proto__", 5), []);
  });
  it("refuses an index of another format version", () => {
    assert.throws(() => new OperationSearch({ ...buildSearchIndex(SOURCES), version: 2 as 1 }), /version 2 .*regenerate/);
  });
  it("plain analysis (the benchmark's baseline) matches words as they are", () => {
    const plain = new OperationSearch(buildSearchIndex(SOURCES, { plain: true }), { plain: true });
    assert.deepEqual(plain.search("PR", 5), [], "no vocabulary: PR means nothing");
    assert.equal(plain.search("refund", 1)[0]!.name, "post_refunds");
  });
});
