/**
 * Token buckets in Redis, so a limit holds across replicas (`OPENAPI_MCP_REDIS_URL`). One Lua
 * script refills and takes atomically, reading Redis's own clock (`TIME`) so replicas with skewed
 * clocks agree. Each bucket is a hash that expires once it would be full again.
 *
 * The `redis` package is loaded only here, and this module only when Redis is configured, so a
 * server without it pays nothing. When Redis cannot be reached a call is let through (limits
 * protect the upstream; refusing every call because the limiter is down would be an outage of our
 * own making) and a warning is logged, at most once a second.
 */
import type { Log } from "../core/logger.js";
import type { Rate } from "../core/ops-settings.js";
import { createThrottledLog } from "../core/throttled-log.js";
import type { BucketStore } from "./token-buckets.js";

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
return wait
`;

/** The part of a node-redis v6 client used here. */
interface RedisClient {
  connect(): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
  quit?(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
}

/**
 * Connects to Redis at `url`; keys start with `prefix` (the server's name, so servers sharing a
 * Redis keep apart). Throws when the first connection fails, so a bad URL stops the start.
 */
export async function connectRedisBuckets(url: string, prefix: string, log: Log): Promise<BucketStore> {
  // A computed specifier: TypeScript then skips redis's type declarations (thousands of lines)
  // that only this one call would use; RedisClient above says what is relied on.
  const specifier: string = "redis";
  const { createClient } = (await import(specifier)) as { createClient(options: object): RedisClient };
  const warn = createThrottledLog(log);
  // Before the first connection a failure ends the start (a wrong URL should not hang it); after
  // it, the client reconnects in the background while calls are let through.
  let connected = false;
  const reconnectStrategy = (retries: number, cause: Error): number | Error => (connected ? Math.min(100 * 2 ** retries, 2000) : cause);
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy } });
  client.on("error", (error) => warn("redis", "warn", "rate-limit Redis unavailable; calls are let through until it is back", { error: error.message }));
  await client.connect();
  connected = true;
  return {
    async take(key: string, rate: Rate): Promise<number> {
      try {
        const wait = await client.eval(TAKE, { keys: [`${prefix}:${key}`], arguments: [String(rate.count), String(rate.count), String(rate.perMs)] });
        return Number(wait) || 0;
      } catch (error) {
        warn("redis", "warn", "rate-limit Redis unavailable; calls are let through until it is back", { error: error instanceof Error ? error.message : String(error) });
        return 0;
      }
    },
    async close(): Promise<void> {
      try {
        await (client.close?.() ?? client.quit?.());
      } catch {
        client.destroy?.();
      }
    },
  };
}
