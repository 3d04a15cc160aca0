/**
 * The GitHub and Stripe fakes' vendor behaviour, on plain HTTP requests: GitHub's refusals (User-Agent,
 * API version, token, 404 with the operation's documentation, 400/422 on bodies) and Stripe's (key,
 * resource_missing, unknown URL, missing parameter), and Stripe's `expand`. Expected bodies are the
 * vendors' documented error shapes, written out.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startGitHubFake } from "../../../examples/github/fake-github.js";
import type { SpecFake } from "../../../examples/shared/spec-fake/server.js";
import { STRIPE_IDS, startStripeFake } from "../../../examples/stripe/fake-stripe.js";

interface Given {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function call(fake: SpecFake, given: Given): Promise<{ status: number; body: any; type: string | null }> {
  const res = await fetch(`${fake.origin}${given.path}`, { method: given.method ?? "GET", headers: given.headers ?? {}, body: given.body ?? null });
  const text = await res.text();
  const type = res.headers.get("content-type");
  return { status: res.status, body: type?.includes("json") ? JSON.parse(text) : text, type };
}

const TOKEN = "ghp_unitTest0000";
const GH = { authorization: `Bearer ${TOKEN}`, "user-agent": "unit-test/1", "x-github-api-version": "2022-11-28" };
const ghError = (status: number, message: string, url = "https://docs.github.com/rest"): object => ({ message, documentation_url: url, status: String(status) });

const GITHUB: Array<[string, { given: Given; status: number; body?: unknown; check?: (body: any) => void }]> = [
  ["the spec's example issue, followed through its $ref", { given: { path: "/repos/octocat/Hello-World/issues/1347", headers: GH }, status: 200, check: (b) => assert.equal(b.number, 1347) }],
  ["the older `token` scheme is accepted too", { given: { path: "/repos/octocat/Hello-World/labels", headers: { ...GH, authorization: `token ${TOKEN}` } }, status: 200, check: (b) => assert.equal(b[0].name, "bug") }],
  ["201 for a comment, with the example comment", { given: { method: "POST", path: "/repos/octocat/Hello-World/issues/1347/comments", headers: { ...GH, "content-type": "application/json" }, body: '{"body":"hi"}' }, status: 201, check: (b) => assert.equal(typeof b.body, "string") }],
  ["no User-Agent: 403, as GitHub refuses such requests", { given: { path: "/repos/octocat/Hello-World/issues/1347", headers: { authorization: GH.authorization, "user-agent": "" } }, status: 403, check: (b) => assert.match(b, /User-Agent/) }],
  ["an API version GitHub does not offer", { given: { path: "/repos/octocat/Hello-World/issues/1347", headers: { ...GH, "x-github-api-version": "2099-01-01" } }, status: 400, body: ghError(400, "API version 2099-01-01 is not supported.", "https://docs.github.com/rest/about-the-rest-api/api-versions") }],
  ["no token", { given: { path: "/repos/octocat/Hello-World/issues/1347", headers: { "user-agent": "x" } }, status: 401, body: ghError(401, "Requires authentication") }],
  ["another token", { given: { path: "/repos/octocat/Hello-World/issues/1347", headers: { ...GH, authorization: "Bearer ghp_other" } }, status: 401, body: ghError(401, "Bad credentials") }],
  ["another repository: 404 naming the operation's docs", { given: { path: "/repos/octocat/Spoon-Knife/issues/1347", headers: GH }, status: 404, body: ghError(404, "Not Found", "https://docs.github.com/rest/issues/issues#get-an-issue") }],
  ["an unknown route", { given: { path: "/repos/octocat/Hello-World/wiki", headers: GH }, status: 404, body: ghError(404, "Not Found") }],
  ["bad JSON", { given: { method: "POST", path: "/repos/octocat/Hello-World/issues/1347/comments", headers: { ...GH, "content-type": "application/json" }, body: "{" }, status: 400, body: ghError(400, "Problems parsing JSON", "https://docs.github.com/rest/issues/comments#create-an-issue-comment") }],
  ["a required field missing: 422", { given: { method: "POST", path: "/repos/octocat/Hello-World/issues/1347/comments", headers: { ...GH, "content-type": "application/json" }, body: "{}" }, status: 422, body: ghError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', "https://docs.github.com/rest/issues/comments#create-an-issue-comment") }],
];

describe("GitHub fake", () => {
  let fake: SpecFake;
  before(async () => (fake = await startGitHubFake(TOKEN)));
  after(() => fake.close());
  for (const [name, { given, status, body, check }] of GITHUB) {
    it(name, async () => {
      const got = await call(fake, given);
      assert.equal(got.status, status, JSON.stringify(got.body));
      if (body !== undefined) assert.deepEqual(got.body, body);
      check?.(got.body);
    });
  }
});

const KEY = "rk_test_unit0000001234";
const SK = { authorization: `Bearer ${KEY}` };

const STRIPE: Array<[string, { given: Given; status: number; body?: unknown; check?: (body: any) => void }]> = [
  ["a seeded customer, by Bearer", { given: { path: `/v1/customers/${STRIPE_IDS.customer}`, headers: SK }, status: 200, check: (b) => assert.deepEqual([b.id, b.object, b.email, b.name], [STRIPE_IDS.customer, "customer", "jenny.rosen@example.com", "Jenny Rosen"]) }],
  ["by Basic, the key as user name", { given: { path: `/v1/charges/${STRIPE_IDS.charge}`, headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}` } }, status: 200, check: (b) => assert.deepEqual([b.id, b.amount, b.refunded, b.invoice], [STRIPE_IDS.charge, 1999, true, STRIPE_IDS.invoice]) }],
  ["without expand, related objects are ids", { given: { path: "/v1/subscriptions", headers: SK }, status: 200, check: (b) => assert.equal(b.data[0].latest_invoice, STRIPE_IDS.invoice) }],
  ["expand through a list: data.latest_invoice", { given: { path: "/v1/subscriptions?expand[0]=data.latest_invoice", headers: SK }, status: 200, check: (b) => assert.deepEqual([b.data[0].latest_invoice.id, b.data[0].latest_invoice.object, b.data[0].latest_invoice.amount_due], [STRIPE_IDS.invoice, "invoice", 1999]) }],
  [
    "expand two paths, one nested: customer and payment_intent.latest_charge",
    {
      given: { path: `/v1/invoices/${STRIPE_IDS.invoice}?expand[0]=customer&expand[1]=payment_intent.latest_charge`, headers: SK },
      status: 200,
      check: (b) => assert.deepEqual([b.customer.email, b.payment_intent.id, b.payment_intent.latest_charge.id, b.payment_intent.latest_charge.object], ["jenny.rosen@example.com", STRIPE_IDS.paymentIntent, STRIPE_IDS.charge, "charge"]),
    },
  ],
  ["a field that cannot be expanded", { given: { path: `/v1/charges/${STRIPE_IDS.charge}?expand[]=amount`, headers: SK }, status: 400, check: (b) => assert.equal(b.error.message, "This property cannot be expanded (amount).") }],
  ["no key", { given: { path: "/v1/refunds" }, status: 401, check: (b) => assert.match(b.error.message, /^You did not provide an API key/) }],
  ["another key, shown masked", { given: { path: "/v1/refunds", headers: { authorization: "Bearer sk_test_abcdefgh9876" } }, status: 401, body: { error: { message: "Invalid API Key provided: sk_test_****9876", type: "invalid_request_error" } } }],
  ["an id the fake does not hold", { given: { path: "/v1/payment_intents/pi_nope", headers: SK }, status: 404, check: (b) => assert.deepEqual([b.error.code, b.error.message, b.error.param], ["resource_missing", "No such payment_intent: 'pi_nope'", "id"]) }],
  ["an unknown URL", { given: { path: "/v1/coupons", headers: SK }, status: 404, check: (b) => assert.match(b.error.message, /^Unrecognized request URL \(GET: \/v1\/coupons\)/) }],
  ["a required parameter missing", { given: { path: "/v1/customers/search", headers: SK }, status: 400, check: (b) => assert.deepEqual([b.error.code, b.error.message, b.error.param], ["parameter_missing", "Missing required param: query.", "query"]) }],
];

describe("Stripe fake", () => {
  let fake: SpecFake;
  before(async () => (fake = await startStripeFake(KEY)));
  after(() => fake.close());
  for (const [name, { given, status, body, check }] of STRIPE) {
    it(name, async () => {
      const got = await call(fake, given);
      assert.equal(got.status, status, JSON.stringify(got.body));
      if (body !== undefined) assert.deepEqual(got.body, body);
      check?.(got.body);
    });
  }
});
