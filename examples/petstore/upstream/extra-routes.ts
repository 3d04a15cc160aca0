/**
 * Routes beyond the spec, for tests and benchmarks: `/large`, `/slow`, `/bench/payload`, `/bench/echo`
 * and `/flaky` (see the header of ./server.ts). `/healthz` lives outside the base path, in ./router.ts.
 */
import { remember } from "./cache.js";
import { badRequest, json, problem } from "./http-reply.js";
import { largeList, MAX_GENERATED_BYTES } from "./pet-lists.js";
import { intQuery, listQuery, petStatus } from "./request-params.js";
import { route, type Handler, type Route } from "./route.js";
import { createPayloadJson, PET_STATUSES } from "./store.js";

const slow: Handler = async (req) => {
  const ms = intQuery(req.query, "ms", 0, 0, 600_000);
  await req.wait(ms);
  return json({ waitedMs: ms });
};

/** Fails the first `failures` calls per `key` with `status`, then answers `{"attempt":n}`. */
const flaky: Handler = (req, { attempts }) => {
  const key = req.query.get("key") ?? "default";
  const failures = intQuery(req.query, "failures", 1, 0, 1_000_000);
  const status = intQuery(req.query, "status", 503, 400, 599);
  const attempt = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, attempt);
  if (attempt > failures) return json({ attempt });
  const retryAfter = req.query.has("retryAfter") ? intQuery(req.query, "retryAfter", 0, 0, 86_400) : undefined;
  const headers = retryAfter === undefined ? undefined : { "retry-after": String(retryAfter) };
  return problem(status, `planned failure ${attempt} of ${failures} for key "${key}"`, { attempt }, headers);
};

/** The test and benchmark routes under the base path. */
export const EXTRA_ROUTES: Route[] = [
  route("GET", "/large", (req, state) => {
    const statuses = listQuery(req.query, "status").map((s) => petStatus(s, "status"));
    return largeList(req, state, statuses.length === 0 ? [...PET_STATUSES] : statuses);
  }),
  route("GET", "/slow", slow),
  route("GET", "/bench/payload", (req, { payloads }) => {
    const bytes = intQuery(req.query, "bytes", 1024, 0, MAX_GENERATED_BYTES);
    return { status: 200, type: "application/json", body: remember(payloads, bytes, () => Buffer.from(createPayloadJson(bytes))) };
  }),
  // Sent back verbatim, unparsed, so the echo costs the upstream no CPU.
  route("POST", "/bench/echo", (req) => {
    if (req.body.length === 0) throw badRequest("body", "is required");
    return { status: 200, type: "application/json", body: req.body };
  }),
  route("GET", "/flaky", flaky),
  route("POST", "/flaky", flaky),
];
