/**
 * A loopback stand-in for api.stripe.com, built from Stripe's own OpenAPI description: it serves the
 * operations ./curation.yaml selects. Stripe's spec has no examples for them, so every answer is
 * synthesised from the response schema (../shared/spec-fake/synthesise-value.ts), seeded with one
 * coherent customer — Jenny Rosen, cus_T5xq8Gd2mWkLpA — and her subscription, invoice, payment and
 * refund, so ids point at each other as real data does. Refusals are Stripe's
 * (https://docs.stripe.com/api/errors), each `{"error": {message, type, ...}}`:
 * - no key → 401 "You did not provide an API key…"; another key → 401 "Invalid API Key provided: sk_test_****1234";
 * - an id other than the seeded ones → 404 `resource_missing` "No such customer: 'cus_…'";
 * - an unknown URL → 404 "Unrecognized request URL (GET: /v1/…)";
 * - a missing required parameter → 400 `parameter_missing`.
 * `expand[]` is honoured as Stripe does it (./expand.ts): the named ids become objects.
 */
import { fileURLToPath } from "node:url";
import { loadCuratedOperations } from "../shared/spec-fake/curated-operations.js";
import { authorizationMatches, type FakeDialect, type FakeReply } from "../shared/spec-fake/dialect.js";
import { startSpecFake, type RespondContext, type SpecFake } from "../shared/spec-fake/server.js";
import { loadSpecDocument, type SpecDocument } from "../shared/spec-fake/spec-document.js";
import type { SeedValues } from "../shared/spec-fake/synthesise-value.js";
import { expandHook } from "./expand.js";

/** Stripe's spec, committed under fixtures/vendor. */
export const STRIPE_SPEC_PATH = fileURLToPath(new URL("../../fixtures/vendor/stripe-2025-10-15.json", import.meta.url));

/** This example's curation file. */
export const STRIPE_CURATION_PATH = fileURLToPath(new URL("./curation.yaml", import.meta.url));

/** The seeded objects' ids. */
export const STRIPE_IDS = {
  customer: "cus_T5xq8Gd2mWkLpA",
  subscription: "sub_1SIXq2T5xq8Gd2mWpQ7bVn3a",
  invoice: "in_1SIXq2T5xq8Gd2mWr4kLm9Zx",
  paymentIntent: "pi_3SIXq4T5xq8Gd2mW0xYz1234",
  charge: "ch_3SIXq4T5xq8Gd2mW0aBc5678",
  refund: "re_3SIXq4T5xq8Gd2mW0dEf9012",
  balanceTransaction: "txn_3SIXq4T5xq8Gd2mW0gHi3456",
} as const;

/** Path parameters naming objects the fake holds; other ids are Stripe's resource_missing 404. */
export const STRIPE_KNOWN = { customer: [STRIPE_IDS.customer], invoice: [STRIPE_IDS.invoice], charge: [STRIPE_IDS.charge], intent: [STRIPE_IDS.paymentIntent] };

/** The seeded data: Jenny Rosen pays $19.99 a month; October's invoice was paid, then refunded. */
export const STRIPE_SEEDS: SeedValues = {
  currency: "usd",
  livemode: false,
  metadata: {},
  customer: STRIPE_IDS.customer,
  subscription: STRIPE_IDS.subscription,
  invoice: STRIPE_IDS.invoice,
  payment_intent: STRIPE_IDS.paymentIntent,
  charge: STRIPE_IDS.charge,
  balance_transaction: STRIPE_IDS.balanceTransaction,
  "customer.id": STRIPE_IDS.customer,
  "customer.email": "jenny.rosen@example.com",
  "customer.name": "Jenny Rosen",
  "customer.phone": "+15555550100",
  "customer.description": "Pro plan since 2024",
  "customer.invoice_prefix": "JR4821",
  "subscription.id": STRIPE_IDS.subscription,
  "subscription.status": "active",
  "subscription.description": "Pro plan, monthly",
  "subscription.latest_invoice": STRIPE_IDS.invoice,
  "invoice.id": STRIPE_IDS.invoice,
  "invoice.number": "JR4821-0012",
  "invoice.status": "paid",
  "invoice.amount_due": 1999,
  "invoice.amount_paid": 1999,
  "invoice.total": 1999,
  "invoice.subtotal": 1999,
  "invoice.customer_email": "jenny.rosen@example.com",
  "invoice.customer_name": "Jenny Rosen",
  "invoice.hosted_invoice_url": "https://invoice.stripe.com/i/acct_1Example/test_JR4821-0012",
  "payment_intent.id": STRIPE_IDS.paymentIntent,
  "payment_intent.amount": 1999,
  "payment_intent.amount_received": 1999,
  "payment_intent.status": "succeeded",
  "payment_intent.latest_charge": STRIPE_IDS.charge,
  "charge.id": STRIPE_IDS.charge,
  "charge.amount": 1999,
  "charge.amount_captured": 1999,
  "charge.amount_refunded": 1999,
  "charge.captured": true,
  "charge.paid": true,
  "charge.refunded": true,
  "charge.status": "succeeded",
  "charge.failure_code": null,
  "charge.failure_message": null,
  "charge.description": "Subscription update",
  "refund.id": STRIPE_IDS.refund,
  "refund.amount": 1999,
  "refund.status": "succeeded",
  "refund.reason": "requested_by_customer",
  "balance_transaction.id": STRIPE_IDS.balanceTransaction,
  "balance_transaction.amount": 1999,
  "balance_transaction.fee": 88,
  "balance_transaction.net": 1911,
  "balance_transaction.type": "charge",
  "balance_transaction.source": STRIPE_IDS.charge,
  "balance_transaction.status": "available",
  "balance_transaction.reporting_category": "charge",
};

/** What Stripe calls the object a path parameter names, in "No such …" messages. */
const OBJECT_NAMES: Record<string, string> = { intent: "payment_intent" };

/** Stripe's 400 for a request it cannot serve as asked. */
function invalidRequest(message: string): FakeReply {
  return stripeError(400, { message, type: "invalid_request_error" });
}

function stripeError(status: number, error: Record<string, string>): FakeReply {
  return { status, body: { error: { ...error, request_log_url: "https://dashboard.stripe.com/test/logs/req_fake0001" } } };
}

/** Stripe's refusals for a fake that accepts `key` (as a Bearer token or as the Basic user name). */
export function stripeDialect(key: string): FakeDialect {
  return {
    authorize: (request) => authorizationMatches(request.headers, key),
    unauthorized(request, reason) {
      if (reason === "missing") {
        return { status: 401, body: { error: { message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.", type: "invalid_request_error" } } };
      }
      const sent = /^bearer\s+(\S+)/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
      return { status: 401, body: { error: { message: `Invalid API Key provided: ${sent.slice(0, 8)}****${sent.slice(-4)}`, type: "invalid_request_error" } } };
    },
    notFound(request, miss) {
      if (miss.kind === "route") {
        return stripeError(404, { message: `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, type: "invalid_request_error" });
      }
      const object = OBJECT_NAMES[miss.parameter] ?? miss.parameter;
      return stripeError(404, { code: "resource_missing", doc_url: "https://stripe.com/docs/error-codes/resource-missing", message: `No such ${object}: '${miss.value}'`, param: "id", type: "invalid_request_error" });
    },
    invalid(_request, _route, problem) {
      const param = /"([^"]+)"/.exec(problem)?.[1];
      return stripeError(400, { code: "parameter_missing", message: param === undefined ? problem : `Missing required param: ${param}.`, ...(param === undefined ? {} : { param }), type: "invalid_request_error" });
    },
  };
}

let cachedSpec: SpecDocument | undefined;

/** Starts the Stripe fake; requests must carry `key` as `Authorization: Bearer <key>` or Basic `<key>:`. */
export function startStripeFake(key: string): Promise<SpecFake> {
  const spec = (cachedSpec ??= loadSpecDocument(STRIPE_SPEC_PATH));
  const operations = loadCuratedOperations(STRIPE_CURATION_PATH);
  const expand = expandHook(spec, STRIPE_SEEDS, invalidRequest);
  const respond: Record<string, (context: RespondContext) => FakeReply | undefined> = Object.fromEntries(operations.map((operation) => [operation, expand]));
  return startSpecFake({ spec, operations, dialect: stripeDialect(key), known: STRIPE_KNOWN, seeds: STRIPE_SEEDS, respond });
}
