/**
 * The Stripe example's scripted session: a billing-support agent answering "why was I charged, and
 * where is my refund?" against the Stripe fake (./fake-stripe.ts), through `openapi-mcp serve` with
 * ./curation.yaml. ./demo.ts prints it; test/unit/examples/stripe-session.test.ts asserts on it.
 */
import { runSession, type SessionStep, type SessionTranscript } from "../shared/run-session.js";
import type { FakeRequest } from "../shared/spec-fake/server.js";
import { STRIPE_CURATION_PATH, STRIPE_IDS, STRIPE_SPEC_PATH, startStripeFake } from "./fake-stripe.js";

/** The key the fake accepts and the server is given (OPENAPI_MCP_AUTH_BEARER_AUTH). Not a real key. */
export const DEMO_STRIPE_KEY = "rk_test_51DemoRestrictedKeyForTheExampleOnly0000";

/** 1 October 2025 and 1 November 2025, 00:00 UTC, in Unix seconds: "October" as a created range. */
export const OCTOBER_2025 = { gte: 1759276800, lt: 1761955200 };

/** What the agent does for Jenny Rosen, who asks about October's charge and its refund. */
export const STRIPE_STEPS: SessionStep[] = [
  { title: "Find the customer by email", tool: "search_customers", args: { query: "email:'jenny.rosen@example.com'", limit: 3 } },
  { title: "Her subscription, with its latest invoice expanded in the same call", tool: "list_subscriptions", args: { customer: STRIPE_IDS.customer, status: "all", expand: ["data.latest_invoice"] } },
  { title: "Her invoices created in October 2025 (a created range)", tool: "list_invoices", args: { customer: STRIPE_IDS.customer, created: OCTOBER_2025, limit: 5 } },
  { title: "The October invoice, with its customer and payment expanded", tool: "get_invoice", args: { invoice: STRIPE_IDS.invoice, expand: ["customer", "payment_intent"] } },
  { title: "The charge that paid it", tool: "get_charge", args: { charge: STRIPE_IDS.charge } },
  { title: "Refunds of that charge", tool: "list_refunds", args: { charge: STRIPE_IDS.charge } },
  { title: "A customer id that does not exist: Stripe's resource_missing comes back as an error the model can read", tool: "get_customer", args: { customer: "cus_DoesNotExist000" } },
];

/** Starts the fake, runs the session through `serve`, stops the fake; `cli` chooses the CLI entry. */
export async function runStripeSession(options: { cli?: readonly string[]; stderr?: "inherit" | "pipe"; curation?: string } = {}): Promise<SessionTranscript & { requests: FakeRequest[] }> {
  const fake = await startStripeFake(DEMO_STRIPE_KEY);
  try {
    const transcript = await runSession({
      spec: STRIPE_SPEC_PATH,
      curation: options.curation ?? STRIPE_CURATION_PATH,
      fake,
      env: { OPENAPI_MCP_AUTH_BEARER_AUTH: DEMO_STRIPE_KEY },
      steps: STRIPE_STEPS,
      ...(options.cli === undefined ? {} : { cli: options.cli }),
      stderr: options.stderr ?? "pipe",
    });
    return { ...transcript, requests: [...fake.requests] };
  } finally {
    await fake.close();
  }
}
