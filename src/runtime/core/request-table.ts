/**
 * Values by JSON-RPC request id, for a table that gains and loses an entry with every request
 * (calls in flight, requests awaiting their answer).
 *
 * Not a `Map`, on purpose. A Map that churns is rebuilt every few dozen entries, and V8 links each
 * retired hash table to its successor (so that live iterators can follow) without clearing the
 * retired table's entries. Once one retired table reaches the old generation, it keeps its successor
 * alive through every young-generation collection, that one the next, and so on until the next full
 * collection: every table, with the values it held at the time, is promoted and dies in old space.
 * Which process falls into this is chance (a table that happened to survive two collections), and
 * it then stays so. Dictionary-mode objects are rebuilt without such links.
 */

/** A JSON-RPC request id. */
export type RequestId = string | number;

export class RequestTable<V> {
  // Numbers and strings apart: the id 1 and the id "1" are different requests.
  private numbers: Record<number, V> = Object.create(null) as Record<number, V>;
  private strings: Record<string, V> = Object.create(null) as Record<string, V>;
  private count = 0;

  /** How many entries the table holds. */
  get size(): number {
    return this.count;
  }

  get(id: RequestId): V | undefined {
    return typeof id === "number" ? this.numbers[id] : this.strings[id];
  }

  has(id: RequestId): boolean {
    return typeof id === "number" ? id in this.numbers : id in this.strings;
  }

  set(id: RequestId, value: V): void {
    if (!this.has(id)) this.count++;
    if (typeof id === "number") this.numbers[id] = value;
    else this.strings[id] = value;
  }

  /** Removes `id`'s entry; false when there was none. */
  delete(id: RequestId): boolean {
    if (!this.has(id)) return false;
    this.count--;
    if (typeof id === "number") delete this.numbers[id];
    else delete this.strings[id];
    return true;
  }

  /** The values, in no particular order (a copy: the table may change while it is read). */
  values(): V[] {
    return [...Object.values(this.numbers), ...Object.values(this.strings)];
  }

  clear(): void {
    this.numbers = Object.create(null) as Record<number, V>;
    this.strings = Object.create(null) as Record<string, V>;
    this.count = 0;
  }
}
