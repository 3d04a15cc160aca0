/**
 * The curation file's `serve:` section: per-caller rate limits, the audit log and metrics. The
 * runtime reads the same data (`ServeOpsConfig`, resolved by ops-settings.ts, where flags beat it);
 * rates are checked here with the runtime's own pattern so a typo is a curation problem with a line.
 */
import { z } from "zod";
import { RATE_PATTERN } from "../runtime/core/ops-settings.js";

const rate = z
  .string()
  .regex(RATE_PATTERN, { error: "must be a rate such as 120/min: a whole number, then /s, /min or /h" })
  .describe("Calls per time unit, refilled continuously (a token bucket): 120/min, 5/s, 1000/h.");

/** `serve.rateLimit`. */
export const RateLimitSchema = z
  .strictObject({
    perCaller: rate.optional().describe("Requests per caller (token subject or client id; the remote address when unauthenticated). HTTP past it: 429 with Retry-After."),
    perTool: z.record(z.string().min(1), rate).optional().describe("Calls per caller and tool, by tool name. Past it: an isError result saying when to retry."),
    concurrentPerCaller: z.number().int().min(1).optional().describe("Tool calls one caller may have in flight (default 16 once any rate limit is set)."),
  })
  .describe("Per-caller limits; with OPENAPI_MCP_REDIS_URL set they hold across replicas.");

/** The `serve:` section (i12-oauth adds `oauth` beside these). */
export const ServeOpsSchema = z.strictObject({
  rateLimit: RateLimitSchema.optional(),
  audit: z
    .strictObject({
      enabled: z.boolean(),
      file: z.string().min(1).optional().describe("Append the lines to this file; default stderr."),
      arguments: z.boolean().optional().describe("Include argument values, redacted (default false)."),
    })
    .optional()
    .describe("One JSON line per tool call: time, principal, client, tool, method, path template, status, duration, retries, bytes, outcome."),
  metrics: z
    .strictObject({
      enabled: z.boolean(),
      port: z.number().int().min(0).max(65535).optional().describe("Serve /metrics on this port; default: on the MCP HTTP listener."),
    })
    .optional()
    .describe("Prometheus text at /metrics."),
});
