/**
 * References to one existing item written the way a product shows them — an issue-tracker key
 * (`PROJ-123`: a project key, a hyphen, a number) or a number after `#` (`#42`). They are values,
 * not words: split as words, `PROJ-123` searches for "proj" and reaches whatever prose mentions a
 * project. What they name is learned from the spec, not from a list of products: the thing the
 * API most often addresses by a key in its paths (Jira's `{issueIdOrKey}`) is what a key names, and
 * the thing it most often addresses by a number (GitHub's `{issue_number}`) is what `#42` names. An
 * API that addresses nothing so has no reading, and the reference is only dropped. Other values
 * are read by shape too: a compact duration (`2h`) is time, a version number (`v1.2`) is dropped.
 */
import { splitWords, stem } from "./search-text.js";

/** What a reference's kind stands for in an API: the stems of the noun it names, none when unknown. */
export interface ReferenceReadings {
  key: string[];
  number: string[];
}

/** The bit of a query, or of an operation, with a key reference ({@link referenceMask}). */
export const KEY_REFERENCE_BIT = 1;
/** The bit of a query, or of an operation, with a number reference. */
export const NUMBER_REFERENCE_BIT = 2;

/** A key as trackers write them: upper-case project key, hyphen, number (`PROJ-123`, `WEB-7`). */
const KEY_REFERENCE = /\b[A-Z][A-Z0-9]{1,9}-\d+\b/g;
/** A number after `#` (`#42`), as code hosts and trackers show issues and pull requests. */
const NUMBER_REFERENCE = /(?<![\w#])#\d+\b/g;

/** A compact duration: `2h`, `30m`, `1d`, `1h30m`, `1.5h`. */
const DURATION = /\b(?:\d+(?:\.\d+)?[hdwm]){1,3}\b/g;

/** A version number: `v1.2`, `1.4.0`, `v2`. */
const VERSION = /\bv?\d+(?:\.\d+){1,3}\b|\bv\d+\b/g;

/** Path parameters that address a thing by key or by number: the noun before the suffix. */
const KEY_PARAMETER = /^(.+?)[_-]?(?:id[_-]?or[_-]?key|key[_-]?or[_-]?id|key)$/i;
const NUMBER_PARAMETER = /^(.+?)[_-]?(?:number|num)$/i;

/**
 * Learns what a key and a number name from the operations' paths: for each kind, the noun of the
 * path parameter that occurs in the most operations (`{issueIdOrKey}` → "issue"). Ties go to the
 * first met. `paths` are the operations' path templates.
 */
export function learnReferenceReadings(paths: readonly string[]): ReferenceReadings {
  const counts = { key: new Map<string, number>(), number: new Map<string, number>() };
  for (const path of paths) {
    for (const match of path.matchAll(/\{([^}]+)\}/g)) {
      const found = addressedBy(match[1]!);
      if (found === undefined) continue;
      const table = counts[found.kind];
      table.set(found.noun, (table.get(found.noun) ?? 0) + 1);
    }
  }
  const top = (table: Map<string, number>): string[] => {
    let best: string | undefined;
    for (const [noun, count] of table) if (best === undefined || count > table.get(best)!) best = noun;
    return best === undefined ? [] : best.split(" ");
  };
  return { key: top(counts.key), number: top(counts.number) };
}

/** The kind and noun of a path parameter that addresses a thing by key or number (`issueIdOrKey` → key, "issu"). */
function addressedBy(parameter: string): { kind: "key" | "number"; noun: string } | undefined {
  const key = KEY_PARAMETER.exec(parameter);
  const found = key ?? NUMBER_PARAMETER.exec(parameter);
  if (found === null) return undefined;
  const noun = splitWords(found[1]!).map(stem).join(" ");
  return noun === "" ? undefined : { kind: key !== null ? "key" : "number", noun };
}

/**
 * Which references an operation can take in its path: {@link KEY_REFERENCE_BIT} when a path
 * parameter addresses the thing a key names (`/issue/{issueIdOrKey}/worklog`), likewise for numbers.
 * A request that names `PROJ-5` is about an operation that takes it.
 */
export function referenceMask(path: string, readings: ReferenceReadings): number {
  let mask = 0;
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const found = addressedBy(match[1]!);
    if (found === undefined) continue;
    const wanted = found.kind === "key" ? readings.key : readings.number;
    if (wanted.length > 0 && found.noun === wanted.join(" ")) mask |= found.kind === "key" ? KEY_REFERENCE_BIT : NUMBER_REFERENCE_BIT;
  }
  return mask;
}

/**
 * Takes the references out of a query: the query without them (so their letters are not searched
 * and the words around them meet: "move PROJ-1 to done" reads "move to done"), and the stems of
 * what they name in this API.
 */
export function takeReferences(query: string, readings: ReferenceReadings): { query: string; names: string[]; mask: number } {
  const names = new Set<string>();
  const seen = { key: 0, number: 0 };
  const take = (kind: "key" | "number") => (): string => {
    for (const term of readings[kind]) names.add(term);
    seen[kind]++;
    return " ";
  };
  const rest = query
    .replace(KEY_REFERENCE, take("key"))
    .replace(NUMBER_REFERENCE, take("number"))
    // "log 2h", "spent 30m": a compact duration is an amount of time, which APIs call time.
    .replace(DURATION, " time ")
    // "v1.2", "2.3.0": a version number is a value, not a word ("v1" would search for itself).
    .replace(VERSION, " ");
  // Two items of a kind ("mark PROJ-1 as blocking PROJ-2") ask about a relation between them,
  // which neither item's own operations hold: only a single item ranks the operations taking it.
  let mask = 0;
  if (seen.key === 1 && readings.key.length > 0) mask |= KEY_REFERENCE_BIT;
  if (seen.number === 1 && readings.number.length > 0) mask |= NUMBER_REFERENCE_BIT;
  return { query: rest, names: [...names], mask };
}
