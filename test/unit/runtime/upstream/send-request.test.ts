import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import zlib from "node:zlib";
import type { BuiltRequest } from "../../../../src/runtime/request/build-request.js";
import { RetryBudget } from "../../../../src/runtime/upstream/retry-policy.js";
import { sendRequest, type SendOptions } from "../../../../src/runtime/upstream/send-request.js";
import { UpstreamError, type UpstreamErrorKind } from "../../../../src/runtime/upstream/upstream-error.js";
import { closedPort, startFaultServer, type FaultServer } from "../../../helpers/fault-server.js";

const SECRET = "s3cr3t-value";

let server: FaultServer;
let other: FaultServer;

before(async () => {
  server = await startFaultServer();
  other = await startFaultServer();
});
after(async () => {
  await server.close();
  await other.close();
});

let routeId = 0;
/** A fresh path per test, so routes and recorded requests never mix. */
function path(name: string): string {
  return `/${name}-${++routeId}`;
}

/** Options with no real waiting: the injected sleep records delays and returns at once. */
function fast(extra: Partial<SendOptions> = {}): SendOptions & { delays: number[]; reasons: string[] } {
  const delays: number[] = [];
  const reasons: string[] = [];
  return {
    deadlineMs: 5000,
    retries: 2,
    retrySafe: true,
    maxResponseBytes: 10 << 20,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onRetry: ({ reason }) => reasons.push(reason),
    random: () => 0.5,
    ...extra,
    delays,
    reasons,
  };
}

function get(url: string, headers: Record<string, string> = {}): BuiltRequest {
  return { method: "GET", url, headers };
}

async function rejectsWith(promise: Promise<unknown>, kind: UpstreamErrorKind): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UpstreamError, `not an UpstreamError: ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected an UpstreamError of kind ${kind}`);
}

describe("sendRequest: retries", () => {
  test("GET 503, 503, 200 returns the 200 after exactly 3 requests", async () => {
    const p = path("flaky");
    server.route(p, { status: 503 }, { status: 503 }, { status: 200, body: "ok" });
    const options = fast();
    const res = await sendRequest(get(server.url(p)), options);
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), "ok");
    assert.equal(res.attempts, 3);
    assert.equal(server.requestsTo(p).length, 3);
    assert.deepEqual(options.reasons, ["status 503", "status 503"]);
    // Equal jitter with random() = 0.5: 375 ms, then 750 ms.
    assert.deepEqual(options.delays, [375, 750]);
  });

  test("POST 503 that is not retry-safe: one request, the 503 is returned", async () => {
    const p = path("post-503");
    server.route(p, { status: 503, body: "busy" });
    const res = await sendRequest({ method: "POST", url: server.url(p), headers: {}, body: "{}" }, fast({ retrySafe: false, retries: 3 }));
    assert.equal(res.status, 503);
    assert.equal(res.body.toString(), "busy");
    assert.equal(res.attempts, 1);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("retries exhausted on a retryable status returns the last response", async () => {
    const p = path("always-502");
    server.route(p, { status: 502, body: "first" }, { status: 502, body: "last" });
    const res = await sendRequest(get(server.url(p)), fast({ retries: 1 }));
    assert.equal(res.status, 502);
    assert.equal(res.body.toString(), "last");
    assert.equal(res.attempts, 2);
    assert.equal(server.requestsTo(p).length, 2);
  });

  for (const status of [408, 429, 500, 504]) {
    test(`${status} is retried`, async () => {
      const p = path(`status-${status}`);
      server.route(p, { status }, { status: 200 });
      const res = await sendRequest(get(server.url(p)), fast());
      assert.equal(res.status, 200);
      assert.equal(server.requestsTo(p).length, 2);
    });
  }

  for (const status of [400, 404, 501]) {
    test(`${status} is not retried`, async () => {
      const p = path(`status-${status}`);
      server.route(p, { status }, { status: 200 });
      const res = await sendRequest(get(server.url(p)), fast());
      assert.equal(res.status, status);
      assert.equal(server.requestsTo(p).length, 1);
    });
  }

  test("retries: 0 makes one attempt", async () => {
    const p = path("no-retries");
    server.route(p, { status: 503 }, { status: 200 });
    const res = await sendRequest(get(server.url(p)), fast({ retries: 0 }));
    assert.equal(res.status, 503);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("a retried request is sent again with the same method, headers and body", async () => {
    const p = path("replay");
    server.route(p, { status: 503 }, { status: 200 });
    const req: BuiltRequest = { method: "PUT", url: server.url(p), headers: { "Idempotency-Key": "k1", "Content-Type": "text/plain" }, body: "payload" };
    await sendRequest(req, fast());
    const [first, second] = server.requestsTo(p);
    for (const seen of [first!, second!]) {
      assert.equal(seen.method, "PUT");
      assert.equal(seen.headers["idempotency-key"], "k1");
      assert.equal(seen.body.toString(), "payload");
      assert.equal(seen.headers["content-length"], "7");
    }
  });

  test("a refused connection is retried, then throws kind connection", async () => {
    const port = await closedPort();
    const options = fast();
    const error = await rejectsWith(sendRequest(get(`http://127.0.0.1:${port}/x`), options), "connection");
    assert.equal(error.attempts, 3);
    assert.equal(error.code, "ECONNREFUSED");
    assert.equal(error.retryable, true);
    assert.deepEqual(options.reasons, ["ECONNREFUSED", "ECONNREFUSED"]);
  });

  test("a refused connection that is not retry-safe: one attempt", async () => {
    const port = await closedPort();
    const options = fast({ retrySafe: false });
    const error = await rejectsWith(
      sendRequest({ method: "POST", url: `http://127.0.0.1:${port}/x`, headers: {} }, options),
      "connection",
    );
    assert.equal(error.attempts, 1);
    assert.deepEqual(options.reasons, []);
  });

  test("a reset connection is retried for a retry-safe call", async () => {
    const p = path("reset");
    server.route(p, { reset: true }, { body: "recovered" });
    const res = await sendRequest(get(server.url(p)), fast());
    assert.equal(res.body.toString(), "recovered");
    assert.equal(res.attempts, 2);
    assert.equal(server.requestsTo(p).length, 2);
  });

  test("a reset connection is not retried for an unsafe call", async () => {
    const p = path("reset-post");
    server.route(p, { reset: true }, { body: "recovered" });
    const error = await rejectsWith(
      sendRequest({ method: "POST", url: server.url(p), headers: {}, body: "x" }, fast({ retrySafe: false })),
      "connection",
    );
    assert.equal(error.attempts, 1);
    assert.equal(error.retryable, false);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("a pooled socket the server dropped gets one free retry", async () => {
    const p = path("stale");
    // The first call leaves a keep-alive socket in the pool; the second call reuses it and is reset.
    server.route(p, { body: "one" }, { reset: true }, { body: "two" });
    await sendRequest(get(server.url(p)), fast({ retries: 0 }));
    // undici returns a connection to the pool just after the body's end; a turn of the loop later it is idle.
    await new Promise((resolve) => setImmediate(resolve));
    const res = await sendRequest(get(server.url(p)), fast({ retries: 0 }));
    assert.equal(res.body.toString(), "two");
    assert.equal(res.attempts, 2);
    const seen = server.requestsTo(p);
    assert.equal(seen.length, 3);
    assert.equal(seen[1]!.socket, seen[0]!.socket, "the second call reused the first call's socket");
  });

  test("a connection dropped mid-body is retried for a retry-safe call", async () => {
    const p = path("mid-body");
    server.route(
      p,
      {
        handler: (req, res) => {
          res.writeHead(200, { "content-length": "100" });
          res.write("partial");
          setTimeout(() => req.socket.destroy(), 20);
        },
      },
      { body: "whole" },
    );
    const res = await sendRequest(get(server.url(p)), fast());
    assert.equal(res.body.toString(), "whole");
    assert.equal(res.attempts, 2);
  });

  test("a corrupt compressed body is a connection error, not retried", async () => {
    const p = path("corrupt-gzip");
    server.route(p, { headers: { "content-encoding": "gzip" }, body: "this is not gzip" });
    const error = await rejectsWith(sendRequest(get(server.url(p)), fast()), "connection");
    assert.equal(error.code, "Z_DATA_ERROR");
    assert.equal(error.retryable, false);
    assert.match(error.message, /reading the response body failed \(Z_DATA_ERROR\)/);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("a headers timeout is retried for a retry-safe call", async () => {
    const p = path("slow-headers");
    server.route(p, { hang: true }, { body: "fast" });
    const res = await sendRequest(get(server.url(p)), fast({ headersTimeoutMs: 100 }));
    assert.equal(res.body.toString(), "fast");
    assert.equal(res.attempts, 2);
  });
});

describe("sendRequest: Retry-After", () => {
  test("Retry-After: 3600 fails at once with the time to retry", async () => {
    const p = path("retry-after-hour");
    server.route(p, { status: 429, headers: { "retry-after": "3600" } }, { status: 200 });
    const started = Date.now();
    const error = await rejectsWith(sendRequest(get(server.url(p)), { deadlineMs: 30_000, retries: 3, retrySafe: true, maxResponseBytes: 1000 }), "retry_after_exceeds_deadline");
    assert.equal(server.requestsTo(p).length, 1);
    assert.equal(error.attempts, 1);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.match(error.message, /3600 s/);
    assert.ok(error.retryAt !== undefined && error.message.includes(error.retryAt));
    assert.ok(Date.parse(error.retryAt) >= started + 3_599_000);
    assert.ok(Date.now() - started < 5000);
  });

  test("Retry-After: 2 waits at least 2 s between the two requests", async () => {
    const p = path("retry-after-2");
    server.route(p, { status: 503, headers: { "retry-after": "2" } }, { status: 200 });
    const res = await sendRequest(get(server.url(p)), { deadlineMs: 10_000, retries: 1, retrySafe: true, maxResponseBytes: 1000 });
    assert.equal(res.status, 200);
    const [first, second] = server.requestsTo(p);
    assert.ok(second!.at - first!.at >= 1990, `only ${second!.at - first!.at} ms between attempts`);
  });

  test("retry-after-ms and an HTTP-date are honoured", async () => {
    const p = path("retry-after-ms");
    const date = new Date(Date.now() + 3000).toUTCString();
    server.route(p, { status: 429, headers: { "retry-after-ms": "40" } }, { status: 503, headers: { "retry-after": date } }, { status: 200 });
    const options = fast();
    const res = await sendRequest(get(server.url(p)), options);
    assert.equal(res.status, 200);
    assert.equal(options.delays[0], 40);
    assert.ok(options.delays[1]! > 1000 && options.delays[1]! <= 3000, `delay ${options.delays[1]}`);
  });

  test("a Retry-After on an unsafe call is returned, not waited for", async () => {
    const p = path("retry-after-unsafe");
    server.route(p, { status: 429, headers: { "retry-after": "3600" } });
    const res = await sendRequest({ method: "POST", url: server.url(p), headers: {} }, fast({ retrySafe: false }));
    assert.equal(res.status, 429);
    assert.equal(res.headers["retry-after"], "3600");
  });

  test("a backoff that would pass the deadline stops retrying", async () => {
    const p = path("backoff-deadline");
    server.route(p, { status: 503 }, { status: 200 });
    // random() = 1: first backoff 500 ms, past a 300 ms deadline.
    const res = await sendRequest(get(server.url(p)), fast({ deadlineMs: 300, random: () => 1 }));
    assert.equal(res.status, 503);
    assert.equal(res.attempts, 1);
    assert.equal(server.requestsTo(p).length, 1);
  });
});

describe("sendRequest: deadline and cancellation", () => {
  test("a hung upstream times out at the deadline and its socket is destroyed", async () => {
    const hung = await startFaultServer();
    try {
      hung.route("/hang", { hang: true });
      const started = Date.now();
      const error = await rejectsWith(sendRequest(get(hung.url("/hang")), fast({ deadlineMs: 300 })), "timeout");
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 250 && elapsed < 3000, `timed out after ${elapsed} ms`);
      assert.equal(error.attempts, 1);
      await hung.waitForSocketsClosed();
      assert.equal(hung.sockets.opened, 1);
      assert.equal(hung.sockets.closed, 1);
    } finally {
      await hung.close();
    }
  });

  test("the deadline covers a stalled body", async () => {
    const stalled = await startFaultServer();
    try {
      stalled.route("/stall", { stall: true, headers: { "content-length": "100" }, body: "partial" });
      await rejectsWith(sendRequest(get(stalled.url("/stall")), fast({ deadlineMs: 300, retries: 0 })), "timeout");
      await stalled.waitForSocketsClosed();
    } finally {
      await stalled.close();
    }
  });

  test("a body idle timeout throws kind timeout", async () => {
    const p = path("idle-body");
    server.route(p, { stall: true, headers: { "content-length": "100" }, body: "partial" });
    const error = await rejectsWith(sendRequest(get(server.url(p)), fast({ bodyTimeoutMs: 100, retries: 0 })), "timeout");
    assert.match(error.message, /stalled for 100 ms/);
  });

  test("the deadline interrupts a backoff sleep", async () => {
    const p = path("sleep-deadline");
    server.route(p, { status: 503 }, { status: 200 });
    const started = Date.now();
    // A sleep that only ends when its signal aborts: the deadline must end it.
    const error = await rejectsWith(
      sendRequest(get(server.url(p)), {
        ...fast({ deadlineMs: 300, random: () => 0 }),
        sleep: (_ms, signal) => new Promise((resolve) => signal!.addEventListener("abort", () => resolve())),
      }),
      "timeout",
    );
    assert.equal(error.attempts, 1);
    assert.ok(Date.now() - started < 3000);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("the deadline also covers the retries that follow", async () => {
    const p = path("retry-then-hang");
    server.route(p, { status: 503, headers: { "retry-after-ms": "50" } }, { hang: true });
    const error = await rejectsWith(
      sendRequest(get(server.url(p)), { deadlineMs: 400, retries: 2, retrySafe: true, maxResponseBytes: 1000 }),
      "timeout",
    );
    assert.equal(error.attempts, 2);
    assert.equal(server.requestsTo(p).length, 2);
  });

  test("cancelling an in-flight call destroys its socket", async () => {
    const hung = await startFaultServer();
    try {
      hung.route("/hang", { hang: true });
      const controller = new AbortController();
      const pending = sendRequest(get(hung.url("/hang")), fast({ signal: controller.signal, deadlineMs: 30_000 }));
      setTimeout(() => controller.abort(), 50);
      const error = await rejectsWith(pending, "cancelled");
      assert.equal(error.retryable, false);
      await hung.waitForSocketsClosed();
      assert.equal(hung.sockets.closed, 1);
      assert.equal(hung.requests.length, 1);
    } finally {
      await hung.close();
    }
  });

  test("cancelling during a retry wait stops at once", async () => {
    const p = path("cancel-sleep");
    server.route(p, { status: 503, headers: { "retry-after": "10" } }, { status: 200 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = sendRequest(get(server.url(p)), { deadlineMs: 30_000, retries: 2, retrySafe: true, maxResponseBytes: 1000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await rejectsWith(pending, "cancelled");
    assert.ok(Date.now() - started < 5000);
    assert.equal(error.attempts, 1);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("an injected sleep receives a signal that aborts on cancellation", async () => {
    const p = path("cancel-injected-sleep");
    server.route(p, { status: 503 }, { status: 200 });
    const controller = new AbortController();
    let sawAbort = false;
    const pending = sendRequest(get(server.url(p)), {
      ...fast({ signal: controller.signal }),
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal!.addEventListener("abort", () => {
            sawAbort = true;
            reject(signal!.reason);
          });
          controller.abort();
        }),
    });
    await rejectsWith(pending, "cancelled");
    assert.equal(sawAbort, true);
  });

  test("an already-aborted signal sends nothing", async () => {
    const p = path("pre-aborted");
    server.route(p, { status: 200 });
    const error = await rejectsWith(sendRequest(get(server.url(p)), fast({ signal: AbortSignal.abort() })), "cancelled");
    assert.equal(error.attempts, 0);
    assert.equal(server.requestsTo(p).length, 0);
  });
});

describe("sendRequest: redirects", () => {
  test("a same-origin 302 is followed", async () => {
    const from = path("moved");
    const to = path("here");
    server.route(from, { location: `${to}?page=2` });
    server.route(to, { body: "arrived" });
    const res = await sendRequest(get(server.url(from), { Authorization: "Bearer t" }), fast());
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), "arrived");
    assert.equal(res.url, server.url(`${to}?page=2`));
    assert.equal(res.attempts, 1);
    assert.equal(server.requestsTo(to)[0]!.headers.authorization, "Bearer t");
  });

  test("a cross-origin redirect is returned as is, and the other host sees nothing", async () => {
    const from = path("leave");
    server.route(from, { status: 301, location: other.url("/steal"), body: "moved" });
    other.route("/steal", { body: "nope" });
    const res = await sendRequest(get(server.url(from), { Authorization: `Bearer ${SECRET}` }), fast());
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, other.url("/steal"));
    assert.equal(res.body.toString(), "moved");
    assert.equal(other.requests.length, 0);
  });

  test("a redirect to another port or scheme on the same host is cross-origin", async () => {
    const from = path("other-scheme");
    server.route(from, { status: 307, location: server.url("/x").replace("http:", "https:") });
    const res = await sendRequest(get(server.url(from)), fast());
    assert.equal(res.status, 307);
  });

  test("303 turns a POST into a GET without a body", async () => {
    const from = path("see-other");
    const to = path("result");
    server.route(from, { status: 303, location: to });
    server.route(to, { body: "done" });
    const res = await sendRequest({ method: "POST", url: server.url(from), headers: { "Content-Type": "application/json", "X-Trace": "1" }, body: "{}" }, fast({ retrySafe: false }));
    assert.equal(res.status, 200);
    const [seen] = server.requestsTo(to);
    assert.equal(seen!.method, "GET");
    assert.equal(seen!.body.length, 0);
    assert.equal(seen!.headers["content-type"], undefined);
    assert.equal(seen!.headers["x-trace"], "1");
  });

  test("301 and 302 turn a POST into a GET", async () => {
    for (const status of [301, 302]) {
      const from = path(`post-${status}`);
      const to = path(`post-${status}-target`);
      server.route(from, { status, location: to });
      server.route(to, { body: "ok" });
      await sendRequest({ method: "POST", url: server.url(from), headers: {}, body: "x" }, fast({ retrySafe: false }));
      assert.equal(server.requestsTo(to)[0]!.method, "GET");
    }
  });

  test("307 and 308 keep the method and the body", async () => {
    for (const status of [307, 308]) {
      const from = path(`keep-${status}`);
      const to = path(`keep-${status}-target`);
      server.route(from, { status, location: to });
      server.route(to, { body: "ok" });
      await sendRequest({ method: "POST", url: server.url(from), headers: { "Content-Type": "text/plain" }, body: "payload" }, fast({ retrySafe: false }));
      const [seen] = server.requestsTo(to);
      assert.equal(seen!.method, "POST");
      assert.equal(seen!.body.toString(), "payload");
      assert.equal(seen!.headers["content-type"], "text/plain");
    }
  });

  test("a redirect loop stops after maxRedirects", async () => {
    const p = path("loop");
    server.route(p, { location: p });
    const error = await rejectsWith(sendRequest(get(server.url(p)), fast({ maxRedirects: 2 })), "too_many_redirects");
    assert.equal(server.requestsTo(p).length, 3);
    assert.equal(error.retryable, false);
  });

  test("maxRedirects: 0 returns the redirect", async () => {
    const p = path("no-follow");
    server.route(p, { location: "/elsewhere" });
    const res = await sendRequest(get(server.url(p)), fast({ maxRedirects: 0 }));
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, "/elsewhere");
  });
});

describe("sendRequest: bodies and headers", () => {
  const JSON_TEXT = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) });

  for (const encoding of ["gzip", "deflate", "deflate-raw", "br"] as const) {
    test(`a ${encoding} body is decoded`, async () => {
      const p = path(`enc-${encoding}`);
      server.route(p, { body: JSON_TEXT, encoding, headers: { "content-type": "application/json" } });
      const res = await sendRequest(get(server.url(p)), fast());
      assert.equal(res.body.toString(), JSON_TEXT);
      assert.equal(res.truncatedBody, false);
      assert.equal(res.headers["content-encoding"], undefined);
      assert.equal(res.headers["content-length"], undefined);
      assert.equal(res.headers["content-type"], "application/json");
    });
  }

  test("a huge body is cut at maxResponseBytes and the socket closed", async () => {
    const huge = await startFaultServer();
    try {
      huge.route("/huge", { stream: { chunk: Buffer.alloc(64 * 1024, 0x61), count: 160 } });
      const res = await sendRequest(get(huge.url("/huge")), fast({ maxResponseBytes: 1 << 20 }));
      assert.equal(res.truncatedBody, true);
      assert.equal(res.body.length, 1 << 20);
      await huge.waitForSocketsClosed();
    } finally {
      await huge.close();
    }
  });

  test("a gzip bomb is cut at the cap without decompressing the rest", async () => {
    // 1 GB of zeros: 1,000 gzip members of 1 MB each, about 1 MB on the wire.
    const member = zlib.gzipSync(Buffer.alloc(1 << 20));
    const p = path("bomb");
    server.route(p, { headers: { "content-encoding": "gzip" }, stream: { chunk: member, count: 1000 } });
    const before = process.memoryUsage().arrayBuffers;
    const res = await sendRequest(get(server.url(p)), fast({ maxResponseBytes: 4 << 20 }));
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.equal(res.truncatedBody, true);
    assert.equal(res.body.length, 4 << 20);
    assert.ok(grown < 128 << 20, `array buffers grew by ${grown} bytes`);
  });

  test("the body is kept whole up to the cap", async () => {
    const p = path("at-cap");
    server.route(p, { body: "x".repeat(1000) });
    const res = await sendRequest(get(server.url(p)), fast({ maxResponseBytes: 1000 }));
    assert.equal(res.truncatedBody, false);
    assert.equal(res.body.length, 1000);
  });

  test("header names are lower-cased and repeated headers joined", async () => {
    const p = path("headers");
    server.route(p, { headers: { "X-Multi": ["a", "b"], "Set-Cookie": ["c=1", "d=2"], "X-Single": "v" }, body: "" });
    const res = await sendRequest(get(server.url(p)), fast());
    assert.equal(res.headers["x-multi"], "a, b");
    assert.equal(res.headers["set-cookie"], "c=1, d=2");
    assert.equal(res.headers["x-single"], "v");
    assert.equal(res.headers["X-Single"], undefined);
  });

  test("a HEAD response has an empty body", async () => {
    const p = path("head");
    server.route(p, { body: "ignored", encoding: "gzip" });
    const res = await sendRequest({ method: "HEAD", url: server.url(p), headers: {} }, fast());
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
  });

  test("keep-alive: sequential calls reuse pooled connections", async () => {
    const pooled = await startFaultServer();
    try {
      pooled.route("/a", { body: "1" });
      // Back to back, a call may find the previous connection not yet returned (undici releases it
      // just after the body's end) and open one more; never one per call.
      for (let i = 0; i < 10; i++) await sendRequest(get(pooled.url("/a")), fast());
      assert.equal(pooled.requests.length, 10);
      assert.ok(pooled.sockets.opened <= 2, `opened ${pooled.sockets.opened}`);
      const idle = pooled.sockets.opened;
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        await sendRequest(get(pooled.url("/a")), fast());
      }
      assert.equal(pooled.sockets.opened, idle, "an idle pooled connection is reused");
    } finally {
      await pooled.close();
    }
  });

  test("request headers and body are sent as given", async () => {
    const p = path("echo");
    server.route(p, { status: 201 });
    const body = new TextEncoder().encode("é bytes");
    await sendRequest({ method: "POST", url: server.url(`${p}?a=1&b=%20`), headers: { "X-Key": "v", "Content-Type": "application/octet-stream" }, body }, fast({ retrySafe: false }));
    const [seen] = server.requestsTo(p);
    assert.equal(seen!.url, `${p}?a=1&b=%20`);
    assert.equal(seen!.headers["x-key"], "v");
    assert.equal(seen!.headers["content-length"], String(body.length));
    assert.deepEqual(new Uint8Array(seen!.body), body);
  });
});

describe("sendRequest: errors never leak credentials", () => {
  test("connection error messages hold method, origin and path only", async () => {
    const port = await closedPort();
    const error = await rejectsWith(
      sendRequest(get(`http://user:${SECRET}@127.0.0.1:${port}/v1/pets?api_key=${SECRET}`, { Authorization: `Bearer ${SECRET}`, "X-Api-Key": SECRET }), fast({ retries: 0 })),
      "connection",
    );
    assert.equal(error.message, `GET http://127.0.0.1:${port}/v1/pets: connection failed (ECONNREFUSED)`);
    assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(SECRET));
  });

  test("timeout messages hold no query string or header value", async () => {
    const p = path("secret-hang");
    server.route(p, { hang: true });
    const error = await rejectsWith(sendRequest(get(server.url(`${p}?token=${SECRET}`), { Authorization: SECRET }), fast({ deadlineMs: 200 })), "timeout");
    assert.ok(!error.message.includes(SECRET));
    assert.ok(error.message.includes(p));
  });

  const INVALID: Array<[string, string]> = [
    ["not a URL", `not a url ${SECRET}`],
    ["relative", `/pets?key=${SECRET}`],
    ["unsupported scheme", `ftp://example.com/x?key=${SECRET}`],
  ];
  for (const [name, url] of INVALID) {
    test(`invalid URL: ${name}`, async () => {
      const error = await rejectsWith(sendRequest(get(url), fast()), "invalid_url");
      assert.equal(error.attempts, 0);
      assert.ok(!error.message.includes(SECRET));
    });
  }
});

/**
 * 4 KB that gzip cannot shrink (a xorshift sequence) under 1,500 gzip layers, so every layer costs a
 * full decode. Built once, up front: building it inside the (same-process) server would stall the clock.
 */
const SLOW_DECODE_BODY = (() => {
  const out = Buffer.alloc(4096);
  let x = 2463534242;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  let body = out;
  for (let i = 0; i < 1500; i++) body = zlib.gzipSync(body, { level: 1 });
  return { body, headers: { "content-encoding": Array<string>(1500).fill("gzip").join(", ") } };
})();

describe("sendRequest: hostile upstreams (issue 9)", () => {
  test("Content-Encoding: gzip × 200 is refused at once, naming the limit and its setting (defect 2)", async () => {
    const p = path("layers");
    server.route(p, { body: "x".repeat(1000), encodings: Array<"gzip">(200).fill("gzip"), headers: { "content-type": "text/plain" } });
    const limits: string[] = [];
    const started = performance.now();
    const error = await rejectsWith(sendRequest(get(server.url(p)), fast({ onLimit: ({ setting }) => limits.push(setting) })), "limit");
    assert.ok(performance.now() - started < 1000);
    assert.match(error.message, /declares 200 content codings; at most 5 are decoded \(OPENAPI_MCP_MAX_CONTENT_ENCODINGS raises the limit\)/);
    assert.equal(error.retryable, false);
    assert.deepEqual(limits, ["OPENAPI_MCP_MAX_CONTENT_ENCODINGS"]);
    assert.equal(server.requestsTo(p).length, 1, "a limit is not retried");
  });

  test("two layers (within the limit) still decode", async () => {
    const p = path("two-layers");
    server.route(p, { body: "hello", encodings: ["gzip", "br"] });
    const res = await sendRequest(get(server.url(p)), fast());
    assert.equal(res.body.toString(), "hello");
  });

  test("the deadline stops decoders still working on a body that has fully arrived, and they stop using CPU (defect 2)", async () => {
    // 1,500 layers over 4 KB of incompressible bytes: the whole body (~40 KB) arrives at once and sits
    // in the decoders, which then take seconds of CPU (the audit's 3,000 layers over 54 KB took minutes).
    // Destroying the response, which has already ended, stops nothing. The limit is raised so decoding starts.
    const p = path("slow-decode");
    server.route(p, SLOW_DECODE_BODY);
    const started = performance.now();
    await rejectsWith(sendRequest(get(server.url(p)), fast({ deadlineMs: 200, maxContentEncodings: 1500 })), "timeout");
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1000, `returned after ${Math.round(elapsed)} ms, not at the 200 ms deadline`);
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const used = process.cpuUsage(cpu);
    assert.ok(used.user + used.system < 200_000, `decoding went on after the deadline: ${Math.round((used.user + used.system) / 1000)} ms of CPU in 400 ms`);
  });

  test("cancelling stops the decoders too", async () => {
    const p = path("slow-decode-cancel");
    server.route(p, SLOW_DECODE_BODY);
    const controller = new AbortController();
    const pending = sendRequest(get(server.url(p)), fast({ deadlineMs: 30_000, maxContentEncodings: 1500, signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await rejectsWith(pending, "cancelled");
    assert.ok(performance.now() - started < 1000);
  });

  test("a gzip bomb is cut at the read cap and says so (defect 11d, at the reader)", async () => {
    const p = path("bomb");
    server.route(p, { bomb: { bytes: 1 << 30 } });
    const res = await sendRequest(get(server.url(p)), fast({ maxResponseBytes: 1 << 20 }));
    assert.equal(res.truncatedBody, true);
    assert.equal(res.body.length, 1 << 20);
  });

  test("300 concurrent GETs against an always-503 upstream stay within the retry budget (defect 7)", async () => {
    const p = path("always-503");
    server.route(p, { status: 503, body: "down" });
    const budget = new RetryBudget({ ratio: 0.1, minRetries: 10, windowMs: 10_000 });
    const limits: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 300 }, () => sendRequest(get(server.url(p)), fast({ retries: 2, retryBudget: budget, onLimit: ({ limit }) => limits.push(limit) }))),
    );
    const requests = server.requestsTo(p).length;
    assert.ok(requests <= 300 + 30, `${requests} upstream requests for 300 calls`);
    assert.ok(requests >= 300 + 10, "the floor still allows some retries");
    assert.ok(results.every((r) => r.status === 503));
    const refused = results.filter((r) => r.notRetried !== undefined);
    assert.ok(refused.length > 0);
    assert.match(refused[0]!.notRetried!, /retry budget is spent .*OPENAPI_MCP_RETRY_BUDGET_PERCENT/);
    assert.equal(limits.length, refused.length);
  });

  test("the budget refuses connection-failure retries too, and says so in the error", async () => {
    const port = await closedPort();
    const budget = new RetryBudget({ ratio: 0, minRetries: 0, windowMs: 10_000 });
    const error = await rejectsWith(sendRequest(get(`http://127.0.0.1:${port}/x`), fast({ retryBudget: budget })), "connection");
    assert.equal(error.attempts, 1);
    assert.match(error.message, /not retried: this server's retry budget is spent/);
  });

  test("x-should-retry: false stops retrying a 503; true retries a 409 (defect 7)", async () => {
    const no = path("should-not");
    server.route(no, { status: 503, headers: { "x-should-retry": "false" } });
    assert.equal((await sendRequest(get(server.url(no)), fast())).status, 503);
    assert.equal(server.requestsTo(no).length, 1);

    const yes = path("should");
    server.route(yes, { status: 409, headers: { "x-should-retry": "true" } }, { status: 200, body: "ok" });
    assert.equal((await sendRequest(get(server.url(yes)), fast())).status, 200);
    assert.equal(server.requestsTo(yes).length, 2);

    const stripe = path("stripe-should-not");
    server.route(stripe, { status: 500, headers: { "Stripe-Should-Retry": "false" } });
    assert.equal((await sendRequest(get(server.url(stripe)), fast())).status, 500);
    assert.equal(server.requestsTo(stripe).length, 1);
  });

  test("x-should-retry: true does not make an unsafe POST retryable", async () => {
    const p = path("should-post");
    server.route(p, { status: 409, headers: { "x-should-retry": "true" } });
    const res = await sendRequest({ method: "POST", url: server.url(p), headers: {}, body: "{}" }, fast({ retrySafe: false }));
    assert.equal(res.status, 409);
    assert.equal(server.requestsTo(p).length, 1);
  });

  test("a headers timeout ends one attempt, not the whole deadline, and names its setting (defect 7)", async () => {
    const p = path("slow-headers");
    server.route(p, { delayMs: 2000, body: "late" }, { body: "quick" });
    const limits: string[] = [];
    const started = performance.now();
    const res = await sendRequest(get(server.url(p)), fast({ deadlineMs: 10_000, headersTimeoutMs: 150, onLimit: ({ setting }) => limits.push(setting) }));
    assert.equal(res.body.toString(), "quick");
    assert.ok(performance.now() - started < 1500);
    assert.deepEqual(limits, ["OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS"]);

    const q = path("slow-headers-unsafe");
    server.route(q, { delayMs: 2000 });
    const error = await rejectsWith(sendRequest(get(server.url(q)), fast({ retrySafe: false, headersTimeoutMs: 150 })), "timeout");
    assert.match(error.message, /no response headers within 150 ms \(the headers timeout, OPENAPI_MCP_UPSTREAM_HEADERS_TIMEOUT_MS\)/);
  });
});
