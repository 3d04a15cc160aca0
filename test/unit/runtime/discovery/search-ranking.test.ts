/**
 * The general ranking rules of src/runtime/discovery/search-index.ts, each on a small index where
 * text alone ties or misleads and only the rule decides: the summary's verb against the method,
 * a plural against a singular, an imperative verb we have no table entry for, an adjective or a
 * participle that looks like an action word, agent nouns, scopes the query does not name, and an item
 * named by reference (`PROJ-12`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSearchIndex, OperationSearch, type SearchSource } from "../../../../src/runtime/discovery/search-index.js";

function source(name: string, method: string, path: string, summary: string, extra: Partial<SearchSource> = {}): SearchSource {
  return { name, method, path, summary, description: summary, tags: [], parameters: [], readOnly: method === "GET", destructive: method === "DELETE", ...extra };
}
const first = (sources: SearchSource[], query: string): string => new OperationSearch(buildSearchIndex(sources)).search(query, 1)[0]?.name ?? "(none)";

describe("search ranking rules", () => {
  it("a tracker key names an item: the operation that takes it, not the one its letters or the field name reach", () => {
    const sources = [
      source("edit_issue", "PUT", "/rest/api/3/issue/{issueIdOrKey}", "Edit issue", { parameters: ["issueIdOrKey", "fields"], accepts: ["priority", "summary"] }),
      source("update_priority", "PUT", "/rest/api/3/priority/{id}", "Update priority", { parameters: ["id", "name"] }),
      source("get_project", "GET", "/rest/api/3/project/{projectIdOrKey}", "Get project", { description: "Returns the project details (key, e.g. PROJ)." }),
      source("get_issue", "GET", "/rest/api/3/issue/{issueIdOrKey}", "Get issue"),
    ];
    assert.equal(first(sources, "set PROJ-12 to high priority"), "edit_issue");
  });

  it("undoing names the thing undone where the API lacks the word ('unlink' two items deletes their link)", () => {
    const sources = [
      source("delete_issue_link", "DELETE", "/rest/api/3/issueLink/{linkId}", "Delete issue link"),
      source("delete_issue", "DELETE", "/rest/api/3/issue/{issueIdOrKey}", "Delete issue"),
      source("delete_comment", "DELETE", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}", "Delete comment"),
    ];
    assert.equal(first(sources, "unlink ABC-1 and ABC-2"), "delete_issue_link");
  });

  it("past the first word a quantifier counts things: 'forward every event' is an imperative, not a request to list", () => {
    const sources = [
      source("list_events", "GET", "/events", "List events", { description: "List events sent to an endpoint." }),
      source("forward_events", "POST", "/event_forwards", "Forward events to an endpoint"),
    ];
    assert.equal(first(sources, "forward every event to our endpoint"), "forward_events");
  });

  it("'make' with a thing that exists changes it; with a new thing it creates one", () => {
    const sources = [
      source("repos_create", "POST", "/user/repos", "Create a repository for the authenticated user"),
      source("repos_update", "PATCH", "/repos/{owner}/{repo}", "Update a repository", { parameters: ["owner", "repo", "private", "visibility"] }),
      source("repos_get", "GET", "/repos/{owner}/{repo}", "Get a repository"),
    ];
    assert.equal(first(sources, "make the repository private"), "repos_update");
    assert.equal(first(sources, "make a repository"), "repos_create");
  });

  it("of operations the query's words reach alike, the one whose name they account for comes first (not a sub-resource's)", () => {
    const sources = [
      source("delete_customers_customer_discount", "DELETE", "/v1/customers/{customer}/discount", "Delete a customer discount", { description: "Removes the currently applied discount on a customer." }),
      source("delete_customers_customer", "DELETE", "/v1/customers/{customer}", "Delete a customer", { description: "Permanently deletes a customer." }),
      source("get_customers", "GET", "/v1/customers", "List all customers"),
      source("get_charges", "GET", "/v1/charges", "List all charges"),
      source("post_refunds", "POST", "/v1/refunds", "Create a refund"),
    ];
    // Text alone puts the discount first: its description says "removes".
    assert.equal(first(sources, "remove a customer"), "delete_customers_customer");
    // The method word of a name (Stripe's `post_`) is neither for nor against it.
    const posts = [source("post_customers_customer_tax_ids", "POST", "/v1/customers/{customer}/tax_ids", "Update a customer's tax ids"), source("post_customers_customer", "POST", "/v1/customers/{customer}", "Update a customer")];
    assert.equal(first(posts, "update a customer"), "post_customers_customer");
  });

  it("an enum value the arguments accept answers an outcome that names it (power off), below the operation's own words", () => {
    const sources = [
      source("droplet_actions_post", "POST", "/v2/droplets/{droplet_id}/actions", "Initiate a Droplet Action", { accepts: ["reboot", "power_off", "snapshot"] }),
      source("droplets_update", "PUT", "/v2/droplets/{droplet_id}", "Update a Droplet"),
      source("droplets_snapshots_list", "GET", "/v2/droplets/{droplet_id}/snapshots", "List snapshots for a Droplet"),
    ];
    assert.equal(first(sources, "power off the droplet"), "droplet_actions_post");
    assert.equal(first(sources, "list the droplet's snapshots"), "droplets_snapshots_list");
  });

  it("a separable phrasal verb is read as one phrase: 'turn the droplet off' searches as 'turn off the droplet'", () => {
    const sources = [
      source("droplet_actions_post", "POST", "/v2/droplets/{droplet_id}/actions", "Initiate a Droplet Action", { accepts: ["reboot", "power_off"] }),
      source("droplets_update", "PUT", "/v2/droplets/{droplet_id}", "Update a Droplet"),
      source("droplets_list", "GET", "/v2/droplets", "List all Droplets"),
    ];
    const search = new OperationSearch(buildSearchIndex(sources));
    const joined = search.analyse("turn off the droplet for the night");
    assert.ok(joined.concepts.some((group) => group.some((phrase) => phrase.terms.includes("power"))), "turn off → power off");
    assert.deepEqual(search.analyse("turn the droplet off for the night"), joined);
    assert.deepEqual(search.analyse("turn it off"), search.analyse("turn off it"));
    // A particle that opens a phrase ("off the list") or a noun before it ("the money I sent back") is left where it is.
    assert.notDeepEqual(search.analyse("turn the droplet off the list").concepts, joined.concepts);
  });

  it("the summary's verb decides between POSTs (Stripe cancels and deletes with POST)", () => {
    const sources = [
      source("post_subscriptions_sub", "POST", "/v1/subscriptions/{sub}", "Update a subscription"),
      source("post_subscriptions_sub_cancel", "POST", "/v1/subscriptions/{sub}/cancel", "Cancel a subscription"),
    ];
    assert.equal(first(sources, "stop someone's subscription"), "post_subscriptions_sub_cancel");
    assert.equal(first(sources, "change a subscription"), "post_subscriptions_sub");
  });

  it("a POST whose verb is not the intent's does not get the method's credit (delete vs test)", () => {
    const sources = [
      source("repos_test_hook", "POST", "/repos/{owner}/{repo}/hooks/{id}/tests", "Test the repository webhook"),
      source("repos_delete", "DELETE", "/repos/{owner}/{repo}", "Delete a repository"),
    ];
    assert.equal(first(sources, "get rid of the repository"), "repos_delete");
  });

  it("a plural asks for the collection, a singular for one item", () => {
    const sources = [
      source("get_customers", "GET", "/v1/customers", "List all customers"),
      source("get_customers_customer", "GET", "/v1/customers/{customer}", "Retrieve a customer"),
    ];
    assert.equal(first(sources, "show customers"), "get_customers");
    assert.equal(first(sources, "show a customer"), "get_customers_customer");
    assert.equal(first(sources, "look up a customer's details"), "get_customers_customer");
  });

  it("an unknown verb before a determiner is an imperative: its operation, not the reads", () => {
    const sources = [
      source("activity_list_starred", "GET", "/user/starred", "List repositories starred by the authenticated user"),
      source("activity_star_repo", "PUT", "/user/starred/{owner}/{repo}", "Star a repository for the authenticated user"),
    ];
    assert.equal(first(sources, "star a repository"), "activity_star_repo");
  });

  it("an action word used as an adjective or a participle is not the intent", () => {
    const sources = [
      source("issues_list", "GET", "/issues", "List issues assigned to the authenticated user"),
      source("issues_create", "POST", "/repos/{owner}/{repo}/issues", "Create an issue"),
      source("issues_add_assignees", "POST", "/repos/{owner}/{repo}/issues/{n}/assignees", "Add assignees to an issue"),
    ];
    assert.equal(first(sources, "open issues assigned to me"), "issues_list");
    assert.equal(first(sources, "open an issue"), "issues_create");
  });

  it("'who did it' finds the agent noun the API uses (contributed → contributors)", () => {
    const sources = [
      source("repos_list_contributors", "GET", "/repos/{owner}/{repo}/contributors", "List repository contributors"),
      source("projects_list", "GET", "/repos/{owner}/{repo}/projects", "List repository projects"),
    ];
    assert.equal(first(sources, "who contributed to this repo"), "repos_list_contributors");
  });

  it("of near-duplicates, the scope the query does not name ranks last (enterprise, organization)", () => {
    const sources = [
      source("actions_list_enterprise_secrets", "GET", "/enterprises/{enterprise}/actions/secrets", "List enterprise secrets"),
      source("actions_list_org_secrets", "GET", "/orgs/{org}/actions/secrets", "List organization secrets"),
      source("actions_list_repo_secrets", "GET", "/repos/{owner}/{repo}/actions/secrets", "List repository secrets"),
    ];
    assert.equal(first(sources, "list secrets"), "actions_list_repo_secrets");
    assert.equal(first(sources, "list the org's secrets"), "actions_list_org_secrets");
    assert.equal(first(sources, "list enterprise secrets"), "actions_list_enterprise_secrets");
  });

  it("general words map to what APIs call them (discussion → comments, notified → webhook)", () => {
    const sources = [
      source("issues_list_comments", "GET", "/repos/{owner}/{repo}/issues/{n}/comments", "List issue comments"),
      source("issues_get", "GET", "/repos/{owner}/{repo}/issues/{n}", "Get an issue"),
      source("post_webhook_endpoints", "POST", "/v1/webhook_endpoints", "Create a webhook endpoint"),
    ];
    assert.equal(first(sources, "read the discussion on an issue"), "issues_list_comments");
    assert.equal(first(sources, "notify me when something happens"), "post_webhook_endpoints");
  });

  it("the number is the object's: an acronym's plural, and an article that goes with an owner", () => {
    const pulls = [
      source("pulls_list", "GET", "/repos/{owner}/{repo}/pulls", "List pull requests"),
      source("pulls_get", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}", "Get a pull request"),
    ];
    assert.equal(first(pulls, "show the PRs in a repo"), "pulls_list");
    assert.equal(first(pulls, "show a PR"), "pulls_get");
    const cards = [
      source("get_customer_cards", "GET", "/v1/customers/{customer}/cards", "List a customer's cards"),
      source("get_customer_card", "GET", "/v1/customers/{customer}/cards/{card}", "Retrieve a customer's card"),
    ];
    assert.equal(first(cards, "show a customer's cards"), "get_customer_cards");
    assert.equal(first(cards, "show a customer's card"), "get_customer_card");
  });

  it("a phrasal verb is one action (give up → delete, spin up → create)", () => {
    const sources = [
      source("create_number", "POST", "/numbers", "Buy a phone number"),
      source("delete_number", "DELETE", "/numbers/{sid}", "Release a phone number"),
    ];
    assert.equal(first(sources, "give up a phone number"), "delete_number");
    assert.equal(first(sources, "tear down a phone number"), "delete_number");
    assert.equal(first(sources, "spin up a phone number"), "create_number");
  });

  it("creating is 'Create ...' before 'Add ...', unless the request says add", () => {
    // The same words but the verb: the intent (open → create) adds both "create" and "add".
    const sources = [
      source("labels_add", "POST", "/labels", "Add a label"),
      source("labels_create", "POST", "/labels", "Create a label"),
    ];
    assert.equal(first(sources, "open a label"), "labels_create");
    assert.equal(first(sources, "add a label"), "labels_add");
  });
});
