/**
 * The general concept vocabulary (src/runtime/discovery/concept-vocabulary.ts): its line syntax,
 * that the shipped table parses, and how the search uses it — a user's word the API does not use
 * reaches the API's word, the more so when the API does not name things with it; the user's own
 * word outranks a concept; a phrase reaches only documents
 * holding all its terms; a concept with many names scores its best one, not their sum; a lone stop
 * word is no concept; and the fitted table keeps its reading of a word where the API has its words.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONCEPT_GROUPS, parseConceptGroups } from "../../../../src/runtime/discovery/concept-vocabulary.js";
import { buildSearchIndex, OperationSearch, type SearchSource } from "../../../../src/runtime/discovery/search-index.js";

function source(name: string, method: string, path: string, summary: string, extra: Partial<SearchSource> = {}): SearchSource {
  return { name, method, path, summary, description: summary, tags: [], parameters: [], readOnly: method === "GET", destructive: method === "DELETE", ...extra };
}
const names = (sources: SearchSource[], query: string, limit = 5): string[] =>
  new OperationSearch(buildSearchIndex(sources)).search(query, limit).map((hit) => hit.name);

describe("concept vocabulary: syntax", () => {
  it("reads rings, related rings, directed and directed-related lines", () => {
    assert.deepEqual(parseConceptGroups(["a, b c, d"]), [{ words: ["a", "b c", "d"], means: ["a", "b c", "d"], related: false }]);
    assert.deepEqual(parseConceptGroups(["~ a, b"]), [{ words: ["a", "b"], means: ["a", "b"], related: true }]);
    assert.deepEqual(parseConceptGroups(["x, y z > p q, r"]), [{ words: ["x", "y z"], means: ["p q", "r"], related: false }]);
    assert.deepEqual(parseConceptGroups(["x ~> p"]), [{ words: ["x"], means: ["p"], related: true }]);
  });

  it("names the malformed line and what a line needs", () => {
    assert.throws(() => parseConceptGroups(["a, b", "lonely"]), /CONCEPT_GROUPS\[1\] "lonely": a group needs two members, or words > meanings/);
    assert.throws(() => parseConceptGroups([" > p"]), /CONCEPT_GROUPS\[0\]/);
  });

  it("the shipped table parses and holds several hundred groups", () => {
    const rules = parseConceptGroups(CONCEPT_GROUPS);
    assert.ok(rules.length >= 300, `${rules.length} groups`);
  });
});

describe("concept vocabulary: search", () => {
  const stripeLike = [
    source("post_customers_customer_tax_ids", "POST", "/v1/customers/{customer}/tax_ids", "Create a tax ID"),
    source("post_tax_rates", "POST", "/v1/tax_rates", "Create a tax rate"),
    source("post_customers_customer", "POST", "/v1/customers/{customer}", "Update a customer"),
    source("post_refunds", "POST", "/v1/refunds", "Create a refund"),
  ];

  it("a word the API does not use reaches the API's word (VAT number → tax ID)", () => {
    assert.deepEqual(names(stripeLike, "VAT number"), ["post_customers_customer_tax_ids"]);
    // Without the concept no operation holds "vat" or "number": plain BM25 finds nothing.
    assert.deepEqual(new OperationSearch(buildSearchIndex(stripeLike, { plain: true }), { plain: true }).search("VAT number", 5), []);
  });

  it("a phrase reaches only documents holding all of its terms (the tax rate has no id)", () => {
    assert.ok(!names(stripeLike, "VAT number").includes("post_tax_rates"));
  });

  it("the user's own word outranks a concept for it (receipts before invoices)", () => {
    const sources = [
      source("get_invoices", "GET", "/invoices", "List invoices"),
      source("get_receipts", "GET", "/receipts", "List receipts"),
    ];
    assert.equal(names(sources, "list receipts")[0], "get_receipts");
    // And the concept still reaches the invoices, below.
    assert.deepEqual(names(sources, "list receipts"), ["get_receipts", "get_invoices"]);
  });

  it("a concept weighs more when the API only mentions the user's word than when it names things with it", () => {
    const quotes = source("get_quotes", "GET", "/quotes", "List quotes");
    const scoreOfQuotes = (other: SearchSource): number =>
      new OperationSearch(buildSearchIndex([quotes, other])).search("show estimates", 5).find((hit) => hit.name === "get_quotes")!.score;
    const mentioned = scoreOfQuotes(source("get_payouts", "GET", "/payouts", "List payouts", { description: "Payouts follow estimates." }));
    const named = scoreOfQuotes(source("get_estimates", "GET", "/estimates", "List estimates"));
    assert.ok(mentioned > 2 * named, `quotes score ${mentioned} when "estimate" is only mentioned, ${named} when an operation is named by it`);
  });

  it("a concept with many names scores its best one, not their sum", () => {
    const sources = [
      source("post_refunds", "POST", "/v1/refunds", "Create a refund"),
      // Four names of the refund concept, none of them the user's word.
      source("post_claims", "POST", "/claims", "Create a claim", { description: "A reimbursement, repayment or money back claim: repay a member." }),
    ];
    assert.equal(names(sources, "create a refund")[0], "post_refunds");
  });

  it("a lone stop word is no concept ('did' is also a telephony term)", () => {
    const sources = [
      source("list_phone_numbers", "GET", "/phone_numbers", "List phone numbers"),
      source("list_builds", "GET", "/builds", "List builds"),
    ];
    assert.deepEqual(names(sources, "did the build pass"), ["list_builds"]);
  });

  describe("a tracker's words", () => {
    const tracker = [
      source("do_transition", "POST", "/issue/{issueIdOrKey}/transitions", "Transition issue"),
      source("move_version", "POST", "/version/{id}/move", "Move version"),
      source("edit_issue", "PUT", "/issue/{issueIdOrKey}", "Edit issue"),
      source("get_issue", "GET", "/issue/{issueIdOrKey}", "Get issue"),
      source("add_watcher", "POST", "/issue/{issueIdOrKey}/watchers", "Add watcher"),
      source("add_comment", "POST", "/issue/{issueIdOrKey}/comment", "Add comment"),
    ];
    it("moving work to a workflow state is a transition, above what the word 'move' names; a key between verb and state does not part them", () => {
      const ranked = names(tracker, "move ABC-9 to done");
      assert.ok(ranked.indexOf("do_transition") < ranked.indexOf("move_version"), ranked.join(", "));
    });
    it("asking to hear about a thing's changes is watching it", () => {
      assert.equal(names(tracker, "keep me posted on ABC-9")[0], "add_watcher");
    });
  });

  it("idioms are found whole, also with the API's own words in them (thumbs-up → reaction)", () => {
    const sources = [
      source("reactions_create", "POST", "/comments/{id}/reactions", "Create a reaction for a comment"),
      source("comments_update", "PATCH", "/comments/{id}", "Update a comment"),
    ];
    assert.equal(names(sources, "give a comment a thumbs-up")[0], "reactions_create");
  });

  it("the fitted table keeps its reading of a word (PR stays a pull request, not a purchase order)", () => {
    const sources = [
      source("pulls_create", "POST", "/pulls", "Create a pull request"),
      source("create_purchase_orders", "POST", "/PurchaseOrders", "Creates one or more purchase orders"),
    ];
    assert.equal(names(sources, "open a PR")[0], "pulls_create");
    const concepts = new OperationSearch(buildSearchIndex(sources)).analyse("open a PR").concepts;
    assert.ok(!concepts.flat().some((phrase) => phrase.terms.includes("purchas")), JSON.stringify(concepts));
    // The concept table's own abbreviation reaches the purchase order where the fitted one is silent.
    assert.equal(names(sources, "raise a PO")[0], "create_purchase_orders");
  });

  it("where the API lacks the fitted table's words, the concepts read the word (starred → favorites)", () => {
    // The fitted table reads "starred" as GitHub's stargazers; an API without them has favorites.
    const sources = [
      source("get_favorites_for_user", "GET", "/users/{user}/favorites", "Get a user's favorites"),
      source("get_projects", "GET", "/projects", "Get multiple projects"),
    ];
    assert.equal(names(sources, "show what I starred")[0], "get_favorites_for_user");
  });
});
