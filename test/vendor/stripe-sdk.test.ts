/**
 * Stripe's official Node SDK (stripe v23) is the judge of the bridge's wire format. Each row makes
 * one logical call twice — through the SDK, and through the bridge as a user runs it (Stripe's real
 * spec → IR → a curation file selecting the operations → the MCP server, driven by the MCP SDK
 * client, credential from OPENAPI_MCP_AUTH_BEARER_AUTH, upstream from OPENAPI_MCP_BASE_URL) — against
 * one loopback recorder, and compares what Stripe's API acts on: method, path, the query and the
 * form or multipart body as `qs.parse` reads them (Stripe parses Rails-style brackets), file parts,
 * and the Authorization header.
 *
 * Not compared, on purpose: headers the SDK adds for its own bookkeeping (Stripe-Version,
 * User-Agent, X-Stripe-Client-User-Agent, Idempotency-Key on POSTs — the bridge sends the account's
 * default API version and an Idempotency-Key only when the curation file names one), and the
 * multipart boundary. Parameter order is not compared either: Stripe reads parameters by name.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import Stripe from "stripe";
import { runPipeline } from "../../src/pipeline.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { startRecordingUpstream, type RecordingUpstream } from "../helpers/recording-upstream.js";
import { loopbackHttpClient, toWireRequest, type WireRequest } from "./stripe-wire.js";

const SPEC = "fixtures/vendor/stripe-2025-10-15.json";
const KEY = "sk_test_51BridgeWireCheck0123456789";

/**
 * Parameters the 2025-10-15 spec declares but the v23 SDK's TypeScript types no longer list
 * (`payment_method_types` on Checkout, PaymentIntents and SetupIntents; `unit_amount_decimal` as
 * text rather than its Decimal class). The SDK sends whatever it is given, so the wire comparison holds.
 */
function untyped(params: Record<string, unknown>): never {
  return params as never;
}

/** One logical call: the SDK's spelling and the bridge tool's arguments. */
interface Row {
  /** What the row exercises. */
  name: string;
  /** The Stripe spec's operationId, selected in the curation file. */
  operation: string;
  sdk: (stripe: Stripe) => Promise<unknown>;
  args: Record<string, unknown>;
}

const ROWS: Row[] = [
  {
    name: "customers.create: nested object, metadata map, arrays of scalars and of objects, negative integer, empty-string unset",
    operation: "PostCustomers",
    sdk: (s) => s.customers.create({
      email: "ada@example.com",
      description: "",
      balance: -500,
      metadata: { order_id: "6735", note: "a&b=c d/é" },
      address: { city: "Paris", country: "FR", line1: "1 rue de Rivoli" },
      preferred_locales: ["fr", "en"],
      tax_id_data: [{ type: "eu_vat", value: "FR12345678901" }, { type: "gb_vat", value: "GB123456789" }],
      invoice_settings: { custom_fields: [{ name: "PO", value: "42" }], rendering_options: { amount_tax_display: "include_inclusive_tax" } },
    }),
    args: {
      email: "ada@example.com",
      description: "",
      balance: -500,
      metadata: { order_id: "6735", note: "a&b=c d/é" },
      address: { city: "Paris", country: "FR", line1: "1 rue de Rivoli" },
      preferred_locales: ["fr", "en"],
      tax_id_data: [{ type: "eu_vat", value: "FR12345678901" }, { type: "gb_vat", value: "GB123456789" }],
      invoice_settings: { custom_fields: [{ name: "PO", value: "42" }], rendering_options: { amount_tax_display: "include_inclusive_tax" } },
    },
  },
  {
    name: "customers.list: created as a range object, expand, limit",
    operation: "GetCustomers",
    sdk: (s) => s.customers.list({ created: { gte: 1700000000, lt: 1800000000 }, limit: 3, expand: ["data.default_source", "data.tax"], email: "ada@example.com" }),
    args: { created: { gte: 1700000000, lt: 1800000000 }, limit: 3, expand: ["data.default_source", "data.tax"], email: "ada@example.com" },
  },
  {
    name: "customers.list: created as the integer alternative of its anyOf",
    operation: "GetCustomers",
    sdk: (s) => s.customers.list({ created: 1700000000 }),
    args: { created: 1700000000 },
  },
  {
    name: "customers.retrieve: path parameter and expand in the query",
    operation: "GetCustomersCustomer",
    sdk: (s) => s.customers.retrieve("cus_Q1w2e3", { expand: ["subscriptions", "cash_balance"] }),
    args: { customer: "cus_Q1w2e3", expand: ["subscriptions", "cash_balance"] },
  },
  {
    name: "customers.update: empty-string unset of a metadata key and of the whole shipping, booleans in a nested object",
    operation: "PostCustomersCustomer",
    sdk: (s) => s.customers.update("cus_Q1w2e3", { metadata: { old_key: "", kept: "yes" }, shipping: "", tax: { validate_location: "deferred" }, invoice_settings: { custom_fields: "" } }),
    args: { customer: "cus_Q1w2e3", metadata: { old_key: "", kept: "yes" }, shipping: "", tax: { validate_location: "deferred" }, invoice_settings: { custom_fields: "" } },
  },
  {
    name: "customers.del: DELETE with no body",
    operation: "DeleteCustomersCustomer",
    sdk: (s) => s.customers.del("cus_Q1w2e3"),
    args: { customer: "cus_Q1w2e3" },
  },
  {
    name: "customers.search: query text with quotes, colons and spaces",
    operation: "GetCustomersSearch",
    sdk: (s) => s.customers.search({ query: "email:'ada@example.com' AND metadata['order_id']:'6735'", limit: 10, page: "page_abc" }),
    args: { query: "email:'ada@example.com' AND metadata['order_id']:'6735'", limit: 10, page: "page_abc" },
  },
  {
    name: "checkout.sessions.create: line_items with price_data and product_data, payment_method_types, expand",
    operation: "PostCheckoutSessions",
    sdk: (s) => s.checkout.sessions.create(untyped({
      mode: "payment",
      success_url: "https://example.com/ok?session={CHECKOUT_SESSION_ID}",
      cancel_url: "https://example.com/cancel",
      payment_method_types: ["card", "sepa_debit"],
      line_items: [
        { price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "T-shirt", metadata: { size: "M" } } }, quantity: 2 },
        { price: "price_1Abc", quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } },
      ],
      metadata: { cart: "c_1" },
      expand: ["line_items", "payment_intent"],
      allow_promotion_codes: true,
    })),
    args: {
      mode: "payment",
      success_url: "https://example.com/ok?session={CHECKOUT_SESSION_ID}",
      cancel_url: "https://example.com/cancel",
      payment_method_types: ["card", "sepa_debit"],
      line_items: [
        { price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "T-shirt", metadata: { size: "M" } } }, quantity: 2 },
        { price: "price_1Abc", quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } },
      ],
      metadata: { cart: "c_1" },
      expand: ["line_items", "payment_intent"],
      allow_promotion_codes: true,
    },
  },
  {
    name: "checkout.sessions.list: a deepObject object in the query",
    operation: "GetCheckoutSessions",
    sdk: (s) => s.checkout.sessions.list({ customer_details: { email: "ada@example.com" }, limit: 5 }),
    args: { customer_details: { email: "ada@example.com" }, limit: 5 },
  },
  {
    name: "paymentIntents.create: amount, payment_method_types, nested booleans and enums, metadata",
    operation: "PostPaymentIntents",
    sdk: (s) => s.paymentIntents.create(untyped({
      amount: 1999,
      currency: "eur",
      payment_method_types: ["card"],
      confirm: false,
      capture_method: "manual",
      payment_method_options: { card: { request_three_d_secure: "any", capture_method: "manual" } },
      metadata: { order: "o_9" },
      statement_descriptor_suffix: "ORDER 9",
    })),
    args: {
      amount: 1999,
      currency: "eur",
      payment_method_types: ["card"],
      confirm: false,
      capture_method: "manual",
      payment_method_options: { card: { request_three_d_secure: "any", capture_method: "manual" } },
      metadata: { order: "o_9" },
      statement_descriptor_suffix: "ORDER 9",
    },
  },
  {
    name: "paymentIntents.create: automatic_payment_methods instead of types",
    operation: "PostPaymentIntents",
    sdk: (s) => s.paymentIntents.create({ amount: 500, currency: "usd", automatic_payment_methods: { enabled: true, allow_redirects: "never" } }),
    args: { amount: 500, currency: "usd", automatic_payment_methods: { enabled: true, allow_redirects: "never" } },
  },
  {
    name: "paymentIntents.list: created gt, customer, limit",
    operation: "GetPaymentIntents",
    sdk: (s) => s.paymentIntents.list({ customer: "cus_Q1w2e3", created: { gt: 1700000000 }, limit: 20 }),
    args: { customer: "cus_Q1w2e3", created: { gt: 1700000000 }, limit: 20 },
  },
  {
    name: "paymentIntents.confirm: path parameter and body",
    operation: "PostPaymentIntentsIntentConfirm",
    sdk: (s) => s.paymentIntents.confirm("pi_3Abc", { payment_method: "pm_card_visa", return_url: "https://example.com/return" }),
    args: { intent: "pi_3Abc", payment_method: "pm_card_visa", return_url: "https://example.com/return" },
  },
  {
    name: "paymentIntents.capture: integers in a form body and in a nested object",
    operation: "PostPaymentIntentsIntentCapture",
    sdk: (s) => s.paymentIntents.capture("pi_3Abc", { amount_to_capture: 1500, application_fee_amount: 0, transfer_data: { amount: 1200 } }),
    args: { intent: "pi_3Abc", amount_to_capture: 1500, application_fee_amount: 0, transfer_data: { amount: 1200 } },
  },
  {
    name: "prices.create: recurring object, product_data, tiers array with 'inf'",
    operation: "PostPrices",
    sdk: (s) => s.prices.create(untyped({
      currency: "usd",
      product_data: { name: "Seats" },
      recurring: { interval: "month", interval_count: 3, usage_type: "licensed" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [{ up_to: 10, unit_amount: 500 }, { up_to: "inf", unit_amount_decimal: "250.5" }],
      lookup_key: "seats_quarterly",
    })),
    args: {
      currency: "usd",
      product_data: { name: "Seats" },
      recurring: { interval: "month", interval_count: 3, usage_type: "licensed" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [{ up_to: 10, unit_amount: 500 }, { up_to: "inf", unit_amount_decimal: "250.5" }],
      lookup_key: "seats_quarterly",
    },
  },
  {
    name: "prices.list: boolean, lookup_keys array and a recurring object in the query",
    operation: "GetPrices",
    sdk: (s) => s.prices.list({ active: true, lookup_keys: ["seats_quarterly", "seats_yearly"], recurring: { interval: "month" }, type: "recurring" }),
    args: { active: true, lookup_keys: ["seats_quarterly", "seats_yearly"], recurring: { interval: "month" }, type: "recurring" },
  },
  {
    name: "products.create: images array, default_price_data, decimals in package_dimensions, false boolean",
    operation: "PostProducts",
    sdk: (s) => s.products.create({
      name: "Mug",
      images: ["https://example.com/a.png", "https://example.com/b.png"],
      default_price_data: { currency: "gbp", unit_amount: 1200 },
      package_dimensions: { height: 9.5, length: 12, weight: 0.35, width: 8.25 },
      shippable: false,
      metadata: { sku: "MUG-1" },
    }),
    args: {
      name: "Mug",
      images: ["https://example.com/a.png", "https://example.com/b.png"],
      default_price_data: { currency: "gbp", unit_amount: 1200 },
      package_dimensions: { height: 9.5, length: 12, weight: 0.35, width: 8.25 },
      shippable: false,
      metadata: { sku: "MUG-1" },
    },
  },
  {
    name: "products.search: query and page",
    operation: "GetProductsSearch",
    sdk: (s) => s.products.search({ query: "active:'true' AND name~'mug'", page: "next_1" }),
    args: { query: "active:'true' AND name~'mug'", page: "next_1" },
  },
  {
    name: "subscriptions.create: items array, expand with dots, payment_settings nested array",
    operation: "PostSubscriptions",
    sdk: (s) => s.subscriptions.create({
      customer: "cus_Q1w2e3",
      items: [{ price: "price_1Abc", quantity: 2 }, { price: "price_2Def", metadata: { seat: "extra" } }],
      trial_period_days: 14,
      expand: ["latest_invoice.payment_intent"],
      payment_settings: { payment_method_types: ["card", "us_bank_account"], save_default_payment_method: "on_subscription" },
      default_tax_rates: ["txr_1", "txr_2"],
    }),
    args: {
      customer: "cus_Q1w2e3",
      items: [{ price: "price_1Abc", quantity: 2 }, { price: "price_2Def", metadata: { seat: "extra" } }],
      trial_period_days: 14,
      expand: ["latest_invoice.payment_intent"],
      payment_settings: { payment_method_types: ["card", "us_bank_account"], save_default_payment_method: "on_subscription" },
      default_tax_rates: ["txr_1", "txr_2"],
    },
  },
  {
    name: "subscriptions.update: deleting an item, empty-string unset of an anyOf field, boolean",
    operation: "PostSubscriptionsSubscriptionExposedId",
    sdk: (s) => s.subscriptions.update("sub_1", { cancel_at_period_end: true, items: [{ id: "si_1", deleted: true }, { price: "price_3" }], proration_behavior: "none", default_tax_rates: "" }),
    args: { subscription_exposed_id: "sub_1", cancel_at_period_end: true, items: [{ id: "si_1", deleted: true }, { price: "price_3" }], proration_behavior: "none", default_tax_rates: "" },
  },
  {
    name: "subscriptions.list: two range objects and a status",
    operation: "GetSubscriptions",
    sdk: (s) => s.subscriptions.list({ status: "active", current_period_end: { lte: 1800000000 }, created: { gte: 1600000000 }, price: "price_1Abc" }),
    args: { status: "active", current_period_end: { lte: 1800000000 }, created: { gte: 1600000000 }, price: "price_1Abc" },
  },
  {
    name: "invoices.create: custom_fields array of objects, false boolean, empty description",
    operation: "PostInvoices",
    sdk: (s) => s.invoices.create({ customer: "cus_Q1w2e3", auto_advance: false, custom_fields: [{ name: "PO", value: "77" }], description: "", days_until_due: 30, collection_method: "send_invoice" }),
    args: { customer: "cus_Q1w2e3", auto_advance: false, custom_fields: [{ name: "PO", value: "77" }], description: "", days_until_due: 30, collection_method: "send_invoice" },
  },
  {
    name: "invoices.list: due_date range",
    operation: "GetInvoices",
    sdk: (s) => s.invoices.list({ customer: "cus_Q1w2e3", status: "open", due_date: { gte: 1700000000, lte: 1700086400 } }),
    args: { customer: "cus_Q1w2e3", status: "open", due_date: { gte: 1700000000, lte: 1700086400 } },
  },
  {
    name: "invoiceItems.create: period object",
    operation: "PostInvoiceitems",
    sdk: (s) => s.invoiceItems.create({ customer: "cus_Q1w2e3", amount: 250, currency: "usd", description: "Setup fee", period: { start: 1700000000, end: 1702592000 } }),
    args: { customer: "cus_Q1w2e3", amount: 250, currency: "usd", description: "Setup fee", period: { start: 1700000000, end: 1702592000 } },
  },
  {
    name: "refunds.create: enum and metadata",
    operation: "PostRefunds",
    sdk: (s) => s.refunds.create({ payment_intent: "pi_3Abc", amount: 100, reason: "requested_by_customer", metadata: { ticket: "T-1" } }),
    args: { payment_intent: "pi_3Abc", amount: 100, reason: "requested_by_customer", metadata: { ticket: "T-1" } },
  },
  {
    name: "charges.list: created range and expand",
    operation: "GetCharges",
    sdk: (s) => s.charges.list({ created: { lt: 1700000000 }, expand: ["data.customer"], limit: 1 }),
    args: { created: { lt: 1700000000 }, expand: ["data.customer"], limit: 1 },
  },
  {
    name: "paymentMethods.attach: path parameter named like the resource",
    operation: "PostPaymentMethodsPaymentMethodAttach",
    sdk: (s) => s.paymentMethods.attach("pm_1", { customer: "cus_Q1w2e3" }),
    args: { payment_method: "pm_1", customer: "cus_Q1w2e3" },
  },
  {
    name: "setupIntents.create: payment_method_types, usage, payment_method_options",
    operation: "PostSetupIntents",
    sdk: (s) => s.setupIntents.create(untyped({ customer: "cus_Q1w2e3", payment_method_types: ["card", "sepa_debit"], usage: "off_session", payment_method_options: { card: { request_three_d_secure: "any" } } })),
    args: { customer: "cus_Q1w2e3", payment_method_types: ["card", "sepa_debit"], usage: "off_session", payment_method_options: { card: { request_three_d_secure: "any" } } },
  },
  {
    name: "coupons.create: decimal number, applies_to, currency_options map of objects",
    operation: "PostCoupons",
    sdk: (s) => s.coupons.create({ percent_off: 12.5, duration: "repeating", duration_in_months: 3, applies_to: { products: ["prod_1", "prod_2"] }, max_redemptions: 100 }),
    args: { percent_off: 12.5, duration: "repeating", duration_in_months: 3, applies_to: { products: ["prod_1", "prod_2"] }, max_redemptions: 100 },
  },
  {
    name: "coupons.create: amount_off with currency_options",
    operation: "PostCoupons",
    sdk: (s) => s.coupons.create({ amount_off: 500, currency: "usd", currency_options: { eur: { amount_off: 450 }, gbp: { amount_off: 400 } } }),
    args: { amount_off: 500, currency: "usd", currency_options: { eur: { amount_off: 450 }, gbp: { amount_off: 400 } } },
  },
  {
    name: "taxRates.create: decimal percentage and false boolean",
    operation: "PostTaxRates",
    sdk: (s) => s.taxRates.create({ display_name: "VAT", percentage: 20.25, inclusive: false, country: "FR", jurisdiction: "FR" }),
    args: { display_name: "VAT", percentage: 20.25, inclusive: false, country: "FR", jurisdiction: "FR" },
  },
  {
    name: "events.list: types array and created range",
    operation: "GetEvents",
    sdk: (s) => s.events.list({ types: ["charge.succeeded", "charge.failed"], created: { gte: 1700000000 }, delivery_success: false }),
    args: { types: ["charge.succeeded", "charge.failed"], created: { gte: 1700000000 }, delivery_success: false },
  },
  {
    name: "webhookEndpoints.create: enabled_events with '*', url with a query",
    operation: "PostWebhookEndpoints",
    sdk: (s) => s.webhookEndpoints.create({ url: "https://example.com/hook?src=stripe&x=1", enabled_events: ["charge.succeeded", "*"], description: "main" }),
    args: { url: "https://example.com/hook?src=stripe&x=1", enabled_events: ["charge.succeeded", "*"], description: "main" },
  },
  {
    name: "files.create: multipart with a file part and a deepObject file_link_data (the SDK sends it to files.stripe.com)",
    operation: "PostFiles",
    sdk: (s) => s.files.create({
      purpose: "dispute_evidence",
      file: { data: Buffer.from("evidence, line 1\n"), name: "evidence.txt", type: "text/plain" },
      file_link_data: { create: true, metadata: { case: "dp_1" } },
      expand: ["links"],
    }),
    args: {
      purpose: "dispute_evidence",
      file: `data:text/plain;name=evidence.txt;base64,${Buffer.from("evidence, line 1\n").toString("base64")}`,
      file_link_data: { create: true, metadata: { case: "dp_1" } },
      expand: ["links"],
    },
  },
];

describe("the bridge sends what Stripe's own SDK sends (stripe v23, Stripe's spec 2025-10-15)", () => {
  let upstream: RecordingUpstream;
  let client: Client;
  let stripe: Stripe;
  let dir: string;
  const toolFor = new Map<string, string>();
  let pipeline: Awaited<ReturnType<typeof runPipeline>> | undefined;
  const result = (): Awaited<ReturnType<typeof runPipeline>> => pipeline!;

  before(async () => {
    upstream = await startRecordingUpstream();
    dir = await mkdtemp(join(tmpdir(), "stripe-wire-"));
    const operations = [...new Set(ROWS.map((row) => row.operation))];
    await writeFile(join(dir, "curation.yaml"), `server: { name: stripe }\ntools:\n${operations.map((op) => `  - operation: ${op}\n`).join("")}`);
    pipeline = await runPipeline({ spec: SPEC, curationFile: join(dir, "curation.yaml") });
    pipeline.selected.forEach((operation, index) => toolFor.set(operation.operationId ?? "", result().server.tools[index]!.name));
    const { prepared } = prepareRuntime(
      pipeline.server,
      { OPENAPI_MCP_AUTH_BEARER_AUTH: KEY, OPENAPI_MCP_BASE_URL: upstream.origin, OPENAPI_MCP_LOG_LEVEL: "error" },
      { writeLog: () => {} },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connectMcpServer(prepared, serverSide);
    client = new Client({ name: "stripe-wire-test", version: "1" });
    await client.connect(clientSide);
    stripe = new Stripe(KEY, { httpClient: loopbackHttpClient(upstream.origin), maxNetworkRetries: 0, telemetry: false });
  });
  after(async () => {
    await client?.close();
    await upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function recordOne(send: () => Promise<unknown>): Promise<WireRequest> {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: '{"object":"test"}' });
    await send();
    assert.equal(upstream.requests.length, 1, "exactly one request reached the recorder");
    return toWireRequest(upstream.requests[0]!);
  }

  /** The bridge never sends a body media type without a body. */
  function assertNoContentTypeWithoutBody(): void {
    const request = upstream.requests[0]!;
    if (request.body.length === 0) assert.equal(request.headers["content-type"], undefined, "no Content-Type without a body");
  }

  it(`covers at least 25 Stripe operations`, () => {
    assert.ok(new Set(ROWS.map((row) => row.operation)).size >= 25);
  });

  it("every row's arguments are arguments of its tool (an unknown one would be dropped, not compared)", async () => {
    const { tools } = await client.listTools();
    for (const row of ROWS) {
      const tool = tools.find((t) => t.name === toolFor.get(row.operation));
      assert.ok(tool, row.operation);
      for (const argument of Object.keys(row.args)) assert.ok(argument in (tool.inputSchema.properties ?? {}), `${row.operation}: ${argument}`);
    }
  });

  it("no tool offers a body argument for an operation that takes none (Stripe's GETs and DELETEs declare a body that admits only {})", async () => {
    const { tools } = await client.listTools();
    const bodiless = result().server.tools.filter((t) => t.http.method === "GET" || t.http.method === "DELETE");
    assert.ok(bodiless.length >= 10);
    for (const tool of bodiless) {
      assert.equal(tool.http.body, undefined, tool.name);
      assert.ok(!("body" in (tools.find((t) => t.name === tool.name)?.inputSchema.properties ?? {})), tool.name);
    }
  });

  for (const row of ROWS) {
    it(row.name, async () => {
      const fromSdk = await recordOne(() => row.sdk(stripe));
      const tool = toolFor.get(row.operation);
      assert.ok(tool, `a tool for ${row.operation}`);
      const fromBridge = await recordOne(async () => {
        const result = await client.callTool({ name: tool, arguments: row.args });
        const text = (result.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
        assert.notEqual(result.isError, true, text);
      });
      assertNoContentTypeWithoutBody();
      assert.deepEqual(fromBridge, fromSdk);
      assert.equal(fromBridge.authorization, `Bearer ${KEY}`);
    });
  }
});
