/**
 * Lists of pets beyond the spec: `limit`/`offset` paging with `X-Total-Count`, and generated lists for
 * `findByStatus?size=large` and `/large` (at most 256 MiB, cached per shape).
 */
import { remember } from "./cache.js";
import { badRequest, json, type Reply } from "./http-reply.js";
import { intQuery } from "./request-params.js";
import type { State, UpstreamRequest } from "./route.js";
import { generatePets, type Pet, type PetStatus } from "./store.js";

/** The most bytes a generated list or bench payload may take. */
export const MAX_GENERATED_BYTES = 256 * 1024 * 1024;

/** Pages `items` by the `limit`/`offset` query parameters (beyond the spec). */
export function page(query: URLSearchParams, items: Pet[]): Reply {
  const offset = intQuery(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intQuery(query, "limit", items.length, 0, Number.MAX_SAFE_INTEGER);
  return json(items.slice(offset, offset + limit), { "x-total-count": String(items.length) });
}

/** Generated pets for `size=large` and `/large`, cached per shape. */
export function largeList(req: UpstreamRequest, state: State, statuses: PetStatus[]): Reply {
  const count = intQuery(req.query, "count", 10_000, 0, 1_000_000);
  const itemBytes = req.query.has("itemBytes") ? intQuery(req.query, "itemBytes", 0, 1, 1024 * 1024) : undefined;
  if (count * (itemBytes ?? 200) > MAX_GENERATED_BYTES) throw badRequest("count", "count × itemBytes exceeds 256 MiB");
  const list = remember(state.lists, `${statuses.join(",")}|${count}|${itemBytes ?? ""}`, () => {
    const pets = generatePets(count, statuses, itemBytes);
    return { pets, body: Buffer.from(JSON.stringify(pets)) };
  });
  if (req.query.has("limit") || req.query.has("offset")) return page(req.query, list.pets);
  return { status: 200, type: "application/json", body: list.body, headers: { "x-total-count": String(count) } };
}
