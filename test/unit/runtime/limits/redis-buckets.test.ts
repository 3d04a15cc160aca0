/**
 * Buckets in a real redis-server hold a limit across replicas: two stores (two server processes'
 * worth of connections) share one bucket per caller.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseRate, type RateLimitSettings } from "../../../../src/runtime/core/ops-settings.js";
import { addressPrincipal } from "../../../../src/runtime/core/principal.js";
import { CallerLimiter } from "../../../../src/runtime/limits/caller-limiter.js";
import { connectRedisBuckets } from "../../../../src/runtime/limits/redis-buckets.js";
import type { BucketStore } from "../../../../src/runtime/limits/token-buckets.js";
import { freePort, startRedisServer, type RedisServer } from "../../../helpers/redis-server.js";

describe("rate-limit buckets in Redis", () => {
  let redis: RedisServer;
  const stores: BucketStore[] = [];
  const logs: string[] = [];
  const log = (_level: string, message: string): void => void logs.push(message);

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    for (const store of stores) await store.close();
    await redis?.stop();
  });

  async function replica(prefix = "test"): Promise<BucketStore> {
    const store = await connectRedisBuckets(redis.url, prefix, log);
    stores.push(store);
    return store;
  }

  it("a per-caller limit holds across two replicas", async () => {
    const settings: RateLimitSettings = { perCaller: parseRate("4/min", "t"), perTool: new Map(), concurrentPerCaller: 16 };
    const [a, b] = [new CallerLimiter(settings, await replica()), new CallerLimiter(settings, await replica())];
    const alice = addressPrincipal("10.1.1.1", undefined);
    const answers = [];
    for (const limiter of [a, b, a, b, a, b]) answers.push((await limiter.admitRequest(alice))?.limit ?? "ok");
    assert.deepEqual(answers, ["ok", "ok", "ok", "ok", "perCaller", "perCaller"]);
    const refusal = await b.admitRequest(alice);
    assert.ok(refusal !== undefined && refusal.retryAfterMs >= 1000 && refusal.retryAfterMs <= 15_000, `one token every 15 s: ${refusal?.retryAfterMs}`);
    assert.equal(await a.admitRequest(addressPrincipal("10.1.1.2", undefined)), undefined, "another caller has its own bucket");
  });

  it("refills with time, by Redis's clock", async () => {
    const store = await replica("refill");
    const rate = parseRate("5/s", "t");
    for (let i = 0; i < 5; i++) assert.equal(await store.take("k", rate), 0);
    const wait = await store.take("k", rate);
    assert.ok(wait > 0 && wait <= 200, `wait ${wait}`);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    assert.equal(await store.take("k", rate), 0);
  });

  it("servers with different names keep apart", async () => {
    const rate = parseRate("1/h", "t");
    const [x, y] = [await replica("server-x"), await replica("server-y")];
    assert.equal(await x.take("k", rate), 0);
    assert.equal(await y.take("k", rate), 0);
    assert.ok((await x.take("k", rate)) > 0);
  });

  it("a Redis that cannot be reached at start stops the start", async () => {
    const port = await freePort();
    await assert.rejects(connectRedisBuckets(`redis://127.0.0.1:${port}`, "p", log));
  });

  it("a Redis that goes away lets calls through and says so", async () => {
    const other = await startRedisServer();
    const store = await connectRedisBuckets(other.url, "gone", log);
    try {
      const rate = parseRate("1/h", "t");
      assert.equal(await store.take("k", rate), 0);
      await other.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await store.take("k", rate), 0, "let through while Redis is away");
      assert.ok(logs.some((line) => /rate-limit Redis unavailable/.test(line)), logs.join("\n"));
    } finally {
      await store.close();
    }
  });
});
