/** A tiny bounded cache for generated bodies, so benchmarks measure the bridge and not the upstream. */

const CACHE_ENTRIES = 16;

/** The cached value for `key`, made on a miss; beyond 16 entries the oldest is dropped. */
export function remember<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as K);
  return value;
}
