/**
 * What the search reads of each operation beyond its words, from its hit line (`METHOD /path —
 * Summary [hint]`) and name, so the index format does not change: the verb its summary starts
 * with, whether it reads a collection or one item, the scopes its path names, its path parameters.
 * REST APIs share these shapes (GitHub, Stripe and Asana alike), which is why ranking by them
 * carries from one API to the next where a table of phrasings would not.
 */
import type { SearchDocumentData } from "../core/discovery-definition.js";
import { splitWords, stem } from "./search-text.js";

/**
 * Scopes that name an owner above the usual one — GitHub's `/orgs/{org}/...` and
 * `/enterprises/{enterprise}/...` variants of repository operations
 * (https://docs.github.com/en/rest/actions/secrets), and the like in other APIs — and the words a
 * query names them with.
 */
export const SCOPE_BIT = { organization: 1, enterprise: 2 } as const;
/** Where scope bits sit in a document's flags, above {@link COLLECTION_FLAG}. */
export const SCOPE_SHIFT = 1;
/** The scope bits of a document's flags. */
export const SCOPE_MASK = (SCOPE_BIT.organization | SCOPE_BIT.enterprise) << SCOPE_SHIFT;
/** The flag of a document that reads a collection. */
export const COLLECTION_FLAG = 1;
/** HTTP methods as bits, so an intent's methods are one mask. */
export const METHOD_BIT = { GET: 1, HEAD: 2, POST: 4, PUT: 8, PATCH: 16, DELETE: 32 } as const;

/** The {@link METHOD_BIT} mask of a set of methods. */
export function methodMask(methods: ReadonlySet<string>): number {
  let mask = 0;
  for (const method of methods) mask |= METHOD_BIT[method as keyof typeof METHOD_BIT] ?? 0;
  return mask;
}
/** Every scope: a query that names them all (plain analysis, which has no factors). */
export const ALL_SCOPES = SCOPE_BIT.organization | SCOPE_BIT.enterprise;
/** Words a query names a scope with. */
export const SCOPE_WORDS: ReadonlyArray<readonly [number, ReadonlySet<string>]> = [
  [SCOPE_BIT.organization, new Set(["org", "orgs", "organization", "organizations", "organisation", "organisations", "company", "team", "teams"])],
  [SCOPE_BIT.enterprise, new Set(["enterprise", "enterprises"])],
];
const SCOPE_SEGMENTS: ReadonlyArray<readonly [number, RegExp]> = [
  [SCOPE_BIT.organization, /^\/(?:orgs|organizations)\//],
  [SCOPE_BIT.enterprise, /^\/enterprises?\//],
];

/** What a search reads of each document, from its hit line (`METHOD /path — Summary [hint]`). */
export function documentFacts(document: SearchDocumentData): { verb: string; collection: boolean; scopes: number; pathParameters: number; path: string } {
  const dash = document.line.indexOf(" — ");
  const path = document.line.slice(document.method.length + 1, dash === -1 ? undefined : dash).trim();
  const summary = dash === -1 ? "" : document.line.slice(dash + 3);
  // "Permanently deletes a customer": the verb after any adverb.
  const summaryWords = splitWords(summary);
  while (summaryWords.length > 1 && summaryWords[0]!.endsWith("ly")) summaryWords.shift();
  const verb = summaryWords.length > 0 ? stem(summaryWords[0]!) : "";
  let scopes = 0;
  for (const [bit, pattern] of SCOPE_SEGMENTS) if (pattern.test(path)) scopes |= bit;
  return { verb, collection: readsCollection(path, summaryWords, document.name), scopes, pathParameters: (path.match(/\{/g) ?? []).length, path };
}

/**
 * Whether a read returns a collection: its summary says so ("List ...", "Search ...", "Get
 * multiple tasks", "... all ..."), its name does (`teams_list`), or else its path ends in a
 * literal segment rather than an `{id}` (REST's collection and item resources).
 */
function readsCollection(path: string, summaryWords: string[], name: string): boolean {
  const first = summaryWords[0];
  if (first === "list" || first === "search") return true;
  if (summaryWords.slice(0, 3).some((word) => word === "multiple" || word === "all")) return true;
  if (splitWords(name).includes("list")) return true;
  if (first === "get" || first === "retrieve") return /[a-z]s$/.test(summaryWords[1] === "the" || summaryWords[1] === "a" || summaryWords[1] === "an" ? (summaryWords[2] ?? "") : (summaryWords[1] ?? ""));
  return !/\}\/?$/.test(path);
}
