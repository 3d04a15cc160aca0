/**
 * The GitHub and Stripe examples' scripted sessions, run as the demos run them — `openapi-mcp serve`
 * as a real process over stdio (from the sources here, the built bundle in `npm run demo:*`), the real
 * curation file, the MCP SDK client — against their example-driven fakes. Each call is judged by the
 * vendor's own SDK: the same logical call made through @octokit/rest or stripe against a fresh fake
 * must reach the upstream with the same method, path and query (`qs.parse`, which reads Rails-style
 * brackets as Stripe does) and body. Every request must carry the credential, the bridge's User-Agent
 * and (GitHub) the pinned API version; the model must read back exactly what the SDK parsed, and the
 * one failing call must come back as an error naming the API's own message.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import qs from "qs";
import Stripe from "stripe";
import { startGitHubFake } from "../../examples/github/fake-github.js";
import { DEMO_GITHUB_TOKEN, GITHUB_STEPS, runGitHubSession } from "../../examples/github/session.js";
import { SOURCE_CLI, type SessionTranscript } from "../../examples/shared/run-session.js";
import type { FakeRequest, SpecFake } from "../../examples/shared/spec-fake/server.js";
import { STRIPE_IDS, startStripeFake } from "../../examples/stripe/fake-stripe.js";
import { DEMO_STRIPE_KEY, OCTOBER_2025, STRIPE_STEPS, runStripeSession } from "../../examples/stripe/session.js";

/** A request reduced to what the API acts on. */
interface Wire {
  method: string;
  path: string;
  query: unknown;
  body: unknown;
}

function wire(request: FakeRequest): Wire {
  const url = new URL(request.url, "http://fake.invalid");
  return { method: request.method, path: url.pathname, query: qs.parse(url.search.slice(1)), body: request.body === "" ? undefined : JSON.parse(request.body) };
}

/** Runs `call` against `fake`; returns the single request it made and what the SDK returned (or the error). */
async function judge(fake: SpecFake, call: () => Promise<unknown>): Promise<{ request: FakeRequest; result: unknown }> {
  fake.reset();
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    result = error;
  }
  assert.equal(fake.requests.length, 1, `the SDK made ${fake.requests.length} requests`);
  return { request: fake.requests[0]!, result };
}

type Session = SessionTranscript & { requests: FakeRequest[] };

function assertOneRequestPerCall(session: Session): void {
  for (const { step, requests } of session.steps) assert.equal(requests.length, 1, `${step.tool}: ${requests.length} upstream requests`);
}

const BRIDGE_USER_AGENT = /^openapi-mcp-bridge\/\d+\.\d+\.\d+/;

describe("examples/github: the triage session", () => {
  let session: Session;
  const judged: Array<{ request: FakeRequest; result: unknown }> = [];

  before(async () => {
    session = await runGitHubSession({ cli: SOURCE_CLI });
    const fake = await startGitHubFake(DEMO_GITHUB_TOKEN);
    try {
      const quiet = (): void => undefined;
      const octokit = new Octokit({ auth: DEMO_GITHUB_TOKEN, baseUrl: fake.origin, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
      const repo = { owner: "octocat", repo: "Hello-World" };
      const byStep: Record<string, () => Promise<unknown>> = {
        0: () => octokit.request("GET /search/issues", { q: "repo:octocat/Hello-World is:issue is:open no:label", sort: "created", per_page: 20, advanced_search: "true" }),
        1: () => octokit.rest.issues.get({ ...repo, issue_number: 1347 }),
        2: () => octokit.rest.issues.listLabelsForRepo({ ...repo, per_page: 100 }),
        3: () => octokit.rest.issues.addLabels({ ...repo, issue_number: 1347, labels: ["bug"] }),
        4: () => octokit.rest.issues.createComment({ ...repo, issue_number: 1347, body: GITHUB_STEPS[4]!.args.body as string }),
        5: () => octokit.rest.issues.get({ ...repo, issue_number: 4242 }),
        6: () => octokit.rest.pulls.listFiles({ ...repo, pull_number: 1347, per_page: 30 }),
        7: () => octokit.rest.pulls.createReview({ ...repo, ...(GITHUB_STEPS[7]!.args as { pull_number: number }) }),
      };
      for (const [index] of GITHUB_STEPS.entries()) judged.push(await judge(fake, byStep[index]!));
    } finally {
      await fake.close();
    }
  });

  it("lists the 13 curated tools, with the fixed and hidden arguments out of the model's reach", () => {
    const names = session.tools.map((t) => t.name).sort();
    assert.deepEqual(names, ["add_comment", "add_labels", "create_review", "get_file", "get_issue", "get_pull_request", "list_issue_comments", "list_issues", "list_labels", "list_pull_request_files", "list_pull_requests", "search_issues", "update_issue"]);
    const args = (name: string): string[] => Object.keys(session.tools.find((t) => t.name === name)!.inputSchema.properties ?? {}).sort();
    assert.deepEqual(args("search_issues"), ["order", "page", "q", "sort"]);
    assert.deepEqual(args("update_issue"), ["assignees", "duplicate_issue_id", "issue_number", "milestone", "owner", "repo", "state", "state_reason"]);
    const search = session.tools.find((t) => t.name === "search_issues")!;
    assert.equal(search.annotations?.readOnlyHint, true);
    assert.match(search.description ?? "", /repo:OWNER\/REPO/);
    // Absent means false, MCP's default for readOnlyHint; the listing leaves defaults out.
    assert.equal(session.tools.find((t) => t.name === "add_comment")!.annotations?.readOnlyHint ?? false, false);
    assert.equal(session.tools.find((t) => t.name === "add_comment")!.annotations?.destructiveHint, false);
  });

  it("sends each call as Octokit sends it: method, path, query and body", () => {
    assertOneRequestPerCall(session);
    for (const [index, { step, requests }] of session.steps.entries()) {
      assert.deepEqual(wire(requests[0]!), wire(judged[index]!.request), step.title);
    }
  });

  it("every request carries the token, the bridge's User-Agent and the pinned API version", () => {
    for (const request of session.requests) {
      assert.equal(request.headers.authorization, `Bearer ${DEMO_GITHUB_TOKEN}`, request.url);
      assert.match(String(request.headers["user-agent"]), BRIDGE_USER_AGENT, request.url);
      assert.equal(request.headers["x-github-api-version"], "2022-11-28", request.url);
    }
  });

  it("the model reads what Octokit parsed; the missing issue is GitHub's 404", () => {
    for (const [index, { step, isError, text, requests }] of session.steps.entries()) {
      const { result } = judged[index]!;
      if (index === 5) {
        assert.equal(isError, true);
        assert.equal(requests[0]!.status, 404);
        assert.equal((result as { status?: number }).status, 404);
        // The bridge reads GitHub's {"message": …} and says the call should not be repeated as is.
        assert.match(text, /^HTTP 404 from GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}: Not Found\b/);
        assert.match(text, /change the arguments/);
        continue;
      }
      assert.equal(isError, false, `${step.title}: ${text}`);
      assert.deepEqual(JSON.parse(text), (result as { data: unknown }).data, step.title);
    }
  });
});

describe("examples/stripe: the billing-support session", () => {
  let session: Session;
  const judged: Array<{ request: FakeRequest; result: unknown }> = [];

  before(async () => {
    session = await runStripeSession({ cli: SOURCE_CLI });
    const fake = await startStripeFake(DEMO_STRIPE_KEY);
    try {
      const { port } = new URL(fake.origin);
      const stripe = new Stripe(DEMO_STRIPE_KEY, { host: "127.0.0.1", port: Number(port), protocol: "http", maxNetworkRetries: 0, telemetry: false });
      const byStep: Record<string, () => Promise<unknown>> = {
        0: () => stripe.customers.search({ query: "email:'jenny.rosen@example.com'", limit: 3 }),
        1: () => stripe.subscriptions.list({ customer: STRIPE_IDS.customer, status: "all", expand: ["data.latest_invoice"] }),
        2: () => stripe.invoices.list({ customer: STRIPE_IDS.customer, created: OCTOBER_2025, limit: 5 }),
        3: () => stripe.invoices.retrieve(STRIPE_IDS.invoice, { expand: ["customer", "payment_intent"] }),
        4: () => stripe.charges.retrieve(STRIPE_IDS.charge),
        5: () => stripe.refunds.list({ charge: STRIPE_IDS.charge }),
        6: () => stripe.customers.retrieve("cus_DoesNotExist000"),
      };
      for (const [index] of STRIPE_STEPS.entries()) judged.push(await judge(fake, byStep[index]!));
    } finally {
      await fake.close();
    }
  });

  it("lists the 12 curated read-only tools", () => {
    const names = session.tools.map((t) => t.name).sort();
    assert.deepEqual(names, ["get_charge", "get_customer", "get_invoice", "get_payment_intent", "list_balance_transactions", "list_charges", "list_invoices", "list_payment_intents", "list_refunds", "list_subscriptions", "search_customers", "search_invoices"]);
    for (const tool of session.tools) assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
    const invoices = session.tools.find((t) => t.name === "list_invoices")!;
    const props = invoices.inputSchema.properties as Record<string, { description?: string }>;
    assert.match(props.created?.description ?? "", /gte/);
    assert.match(props.expand?.description ?? "", /data\./);
    assert.equal(props.ending_before, undefined);
    assert.equal((session.tools.find((t) => t.name === "get_payment_intent")!.inputSchema.properties as Record<string, unknown>).client_secret, undefined);
  });

  it("sends each call as Stripe's SDK sends it: GET, path and query, no body", () => {
    assertOneRequestPerCall(session);
    for (const [index, { step, requests }] of session.steps.entries()) {
      const bridge = wire(requests[0]!);
      assert.equal(bridge.method, "GET", step.title);
      assert.equal(bridge.body, undefined, step.title);
      assert.deepEqual(bridge, wire(judged[index]!.request), step.title);
    }
    // The two parameters the curation file describes most carefully, as Stripe reads them.
    assert.deepEqual(wire(session.steps[2]!.requests[0]!).query, { customer: STRIPE_IDS.customer, created: { gte: "1759276800", lt: "1761955200" }, limit: "5" });
    assert.deepEqual(wire(session.steps[3]!.requests[0]!).query, { expand: ["customer", "payment_intent"] });
  });

  it("every request carries the restricted key as a bearer token and the bridge's User-Agent", () => {
    for (const request of session.requests) {
      assert.equal(request.headers.authorization, `Bearer ${DEMO_STRIPE_KEY}`, request.url);
      assert.match(String(request.headers["user-agent"]), BRIDGE_USER_AGENT, request.url);
    }
  });

  it("the model reads what Stripe's SDK parsed; the unknown customer is Stripe's resource_missing", () => {
    for (const [index, { step, isError, text, requests }] of session.steps.entries()) {
      const { result } = judged[index]!;
      if (index === 6) {
        assert.equal(isError, true);
        assert.equal(requests[0]!.status, 404);
        assert.equal((result as { code?: string }).code, "resource_missing");
        assert.match(text, /^HTTP 404 from GET \/v1\/customers\/\{customer\}/);
        assert.match(text, /No such customer: 'cus_DoesNotExist000'/);
        continue;
      }
      assert.equal(isError, false, `${step.title}: ${text}`);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(result)), step.title);
    }
  });
});
