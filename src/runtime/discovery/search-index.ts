/**
 * The search behind `search_operations`: BM25F (Robertson & Zaragoza, "The Probabilistic Relevance
 * Framework: BM25 and Beyond", 2009, §3.4) — each field's term frequency normalised by that
 * field's length, weighted, summed, then saturated as in BM25 — so a term in an operation's name,
 * summary or path counts more than one in its description: names and summaries say what an
 * operation does, descriptions also say what it does not; what the arguments accept (nested
 * property names, enum values: `power_off`) counts a little, since an outcome often names one.
 * Queries are expanded through
 * {@link API_VOCABULARY}, and their first action word ({@link INTENTS}) ranks operations by method
 * and by the verb their summary starts with; then through the general concept vocabulary
 * ({@link CONCEPT_GROUPS}), below the words themselves. Then structure REST shares across APIs: a plural asks
 * for a collection read, a singular for an item; of near-duplicates the one under a scope the
 * query does not name (enterprise, organization) or needing more path ids ranks lower, and an
 * operation whose name holds words the query does not account for (a sub-resource, a setting of
 * the thing asked about) ranks below one whose name it does. An item named by reference
 * (`PROJ-123`, `#42`) reads as the thing the API addresses so, learned from its paths, and ranks
 * the operations that take it first (item-references.ts); two such items ask about their relation.
 * A word undoing another ("unlink") names what it undoes where the API lacks the word. Each rule
 * is a small factor, so words still decide; each was checked on tasks over three APIs
 * (bench/discovery/tasks.json), not fitted to one phrasing.
 *
 * The index is data ({@link SearchIndexData}), built once — by `serve` at start, by `generate`
 * into the project — and a search touches only the postings of the query's terms.
 */
import type { SearchDocumentData, SearchIndexData } from "../core/discovery-definition.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { ADJECTIVE_INTENTS, API_VOCABULARY, INTENT_WEIGHT, INTENTS } from "./api-vocabulary.js";
import { CONCEPT_GROUPS, parseConceptGroups } from "./concept-vocabulary.js";
import { ALL_SCOPES, COLLECTION_FLAG, documentFacts, METHOD_BIT, methodMask, SCOPE_BIT, SCOPE_MASK, SCOPE_SHIFT, SCOPE_WORDS } from "./operation-facts.js";
import { schemaWords } from "./schema-words.js";
import { learnReferenceReadings, referenceMask, takeReferences, type ReferenceReadings } from "./item-references.js";
import { isIndexWord, splitWords, stem, textTerms } from "./search-text.js";

/** What the index reads of one operation. */
export interface SearchSource {
  name: string;
  method: string;
  path: string;
  /** One line saying what it does: the spec's summary, else the description's first sentence. */
  summary: string;
  description: string;
  tags: string[];
  /** Argument names. */
  parameters: string[];
  /** What the arguments accept beyond their names: nested property names and enum values ({@link schemaWords}). */
  accepts?: string[];
  readOnly: boolean;
  destructive: boolean;
}

/**
 * What a word the arguments accept weighs (a nested property or an enum value: `power_off`,
 * `snooze`): an outcome may name one, but so do many operations it is not about.
 */
const ACCEPTS_WEIGHT = 0.25;

/**
 * The fields of an operation, with their weights and length normalisation (BM25F, Robertson &
 * Zaragoza §3.4). Name, summary and path carry an operation's identity; tags group it; parameter
 * names and the description add context, the description at half weight because it also says
 * what an operation does not do. Identifiers (name, path, tags, parameters) count each word once:
 * `post_customers_customer_subscriptions` repeats "customer" because of nesting, not emphasis.
 * Chosen on the benchmark in bench/discovery.
 */
const FIELDS = [
  { field: "name", weight: 3, b: 0.75, distinct: true },
  { field: "summary", weight: 3, b: 0.75, distinct: false },
  { field: "path", weight: 2, b: 0.75, distinct: true },
  { field: "tags", weight: 2, b: 0.75, distinct: true },
  { field: "parameters", weight: 1, b: 0.75, distinct: true },
  { field: "accepts", weight: ACCEPTS_WEIGHT, b: 0.75, distinct: true },
  { field: "description", weight: 0.5, b: 0.75, distinct: false },
] as const;

type FieldName = (typeof FIELDS)[number]["field"];

/** The text of each field of an operation (`{param}` names of the path join the parameters). */
function fieldTexts(source: SearchSource): Record<FieldName, string> {
  return {
    name: source.name,
    summary: source.summary,
    path: source.path.replace(/\{[^}]*\}/g, " "),
    tags: source.tags.join(" "),
    parameters: source.parameters.join(" "),
    accepts: (source.accepts ?? []).join(" "),
    description: source.description,
  };
}

/** BM25's term-frequency saturation. */
const K1 = 1.2;

/** The factor an operation's score gets when its method does what the query asks ({@link INTENTS}). */
const INTENT_BOOST = 1.3;

/** Reads what the index needs from a tool definition (`tags` and `summary` come from the spec when known). */
export function searchSourceOf(tool: ToolDefinition, extra: { tags?: string[]; summary?: string } = {}): SearchSource {
  return {
    name: tool.name,
    method: tool.http.method,
    path: tool.http.path,
    summary: (extra.summary ?? tool.title ?? tool.annotations.title ?? firstSentence(tool.description)).trim(),
    description: tool.description,
    tags: extra.tags ?? [],
    parameters: tool.http.arguments.filter((binding) => binding.hidden !== true).map((binding) => binding.argument),
    accepts: schemaWords(tool.argumentSchema ?? tool.inputSchema),
    readOnly: tool.annotations.readOnlyHint === true,
    destructive: tool.annotations.destructiveHint === true,
  };
}

/**
 * How text is analysed. `plain` is textbook BM25 — all text one field, words unstemmed, no
 * vocabulary or intents — kept as the benchmark's baseline (bench/discovery); an index and its
 * searches must agree on it.
 */
export interface SearchAnalysis {
  plain?: boolean;
}

/**
 * Builds the index over `sources`, in order (a document's number is its position). Each posting
 * holds the term's BM25F pseudo-frequency — field frequencies, each normalised by its field's
 * length against that field's average and weighted — so a search only saturates and sums.
 */
export function buildSearchIndex(sources: readonly SearchSource[], analysis: SearchAnalysis = {}): SearchIndexData {
  const plain = analysis.plain === true;
  const fields = plain ? [{ field: "all", weight: 1, b: 0.75, distinct: false }] : FIELDS;
  const analysed = sources.map((source) => {
    const texts = fieldTexts(source);
    // The baseline reads what plain BM25 over an operation's text reads: not the schema's words.
    if (plain) return [splitWords([texts.name, texts.summary, texts.path, texts.tags, texts.parameters, texts.description].join(" "))];
    return FIELDS.map(({ field, distinct }) => {
      const terms = textTerms(texts[field]);
      return distinct ? [...new Set(terms)] : terms;
    });
  });
  const averages = fields.map((_, f) => analysed.reduce((sum, doc) => sum + doc[f]!.length, 0) / Math.max(1, analysed.length) || 1);
  const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  analysed.forEach((doc, d) => {
    const pseudo = new Map<string, number>();
    fields.forEach(({ weight, b }, f) => {
      const terms = doc[f]!;
      const norm = 1 - b + (b * terms.length) / averages[f]!;
      for (const term of terms) pseudo.set(term, (pseudo.get(term) ?? 0) + weight / norm);
    });
    // Three decimals: the ranking does not notice, the generated index is a third smaller.
    for (const [term, tf] of pseudo) (postings[term] ??= []).push(d, Math.round(tf * 1000) / 1000);
  });
  const documents = sources.map((source): SearchDocumentData => ({ name: source.name, method: source.method, line: hitLine(source) }));
  return { version: 1, documents, postings };
}

/** `GET /repos/{owner}/{repo}/issues — List repository issues [read-only]`. */
function hitLine(source: SearchSource): string {
  const summary = source.summary.replace(/\s+/g, " ").slice(0, 160);
  const hint = source.readOnly ? " [read-only]" : source.destructive ? " [destructive]" : "";
  return `${source.method} ${source.path}${summary === "" ? "" : ` — ${summary}`}${hint}`;
}

function firstSentence(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}

/** One ranked hit. */
export interface SearchHit {
  name: string;
  line: string;
  score: number;
}

/** What a query's action word asks for: the methods that do it and the API's verbs for it. */
interface Intent {
  methods: Set<string>;
  terms: string[];
  /** Stems of the verbs an operation's summary starts with when it does this ({@link IntentRule.means}). */
  verbs: Set<string>;
  /** The verbs of `verbs` that say the action itself ({@link IntentRule.primary}); the rest are related. */
  primary: Set<string>;
  /** Set for an unknown verb read as an imperative: the word itself stays a full search word. */
  imperative?: boolean;
  /** POST is this intent's own method (create, an action), not one it merely admits (Stripe's updates). */
  createsWithPost?: boolean;
}

/** Words that follow an imperative verb: "star a repo", "merge the PR", "fork someone's repo". */
const DETERMINERS = new Set(["a", "an", "the", "my", "our", "this", "that", "these", "those", "their", "his", "her", "someone", "some", "every", "each", "its"]);
const CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Words after a verb that point at something that already exists ("make the repo private"). */
const EXISTING = new Set(["the", "this", "that", "these", "those", "my", "our", "your", "their", "its", "it", "them"]);

/** Query term → its weight in the query; several expansions of one term keep the highest. */
type WeightedTerms = Map<string, number>;

/**
 * What one user word or phrase stands for in the concept vocabulary: alternative phrases, each
 * its terms, the weight they score at, and how many of them a document must hold. A phrase
 * reaches only documents holding all its terms ("logged in user" is not every "log"), and scores
 * only the terms the query does not already have (`scored`, a prefix of `terms`), so a concept
 * never adds to a word the user wrote. A document scores the best phrase of a group, not their
 * sum: a concept with ten names must not outweigh the one word the user wrote.
 */
type ConceptGroup = Array<{ terms: string[]; scored: number; weight: number }>;

/**
 * What a concept expansion weighs ({@link CONCEPT_GROUPS}): a synonym more than a related word, and
 * either far more when the API does not use the user's own word (then the expansion is the only
 * way to the operation) than when it does (then the word itself decides, and the expansion only
 * breaks ties). All below 1, the weight of a word the user wrote.
 */
const CONCEPT_WEIGHTS = { synonym: { absent: 0.8, present: 0.2 }, related: { absent: 0.45, present: 0.1 } } as const;

/**
 * The least pseudo-frequency of a term in a heavy field: the name, summary, path and tags weigh 2
 * or 3, so one occurrence there, length-normalised, stays above 1.5; parameters (1) and the
 * description (0.5) stay below it unless the term repeats.
 */
const NAMING_FREQUENCY = 1.5;

/** The longest concept phrase looked up, in words ("do not disturb", "who is on call"). */
const MAX_CONCEPT_WORDS = 4;

/** A phrase a concept may be named by: its key (to skip the user's own phrase), its index terms, and its tier. */
interface ConceptMeaning {
  key: string;
  /** Its terms joined: a phrase whose terms are the user's own says nothing new. */
  id: string;
  terms: string[];
  related: boolean;
}

/**
 * The concept vocabulary keyed by the stemmed user phrase — each key to the lists of meanings of
 * the groups it is in, shared by all their members, so building costs the number of members, not
 * its square — and per first stem its longest phrase in words.
 */
interface ConceptTable {
  byKey: Map<string, { id: string; lists: ConceptMeaning[][] }>;
  longest: Map<string, number>;
}

let conceptTable: ConceptTable | undefined;

/**
 * The concept vocabulary, parsed on first use: a server builds a search only in discovery mode,
 * and the table only at its first search, so start-up never pays for it. A phrase's key keeps its
 * stop words ("who owes" keeps "who"); its terms are its index terms.
 */
function concepts(): ConceptTable {
  if (conceptTable !== undefined) return conceptTable;
  const analysed = new Map<string, ConceptMeaning & { size: number }>();
  const analyse = (phrase: string, related: boolean): ConceptMeaning & { size: number } => {
    let found = analysed.get(phrase);
    if (found === undefined) {
      const words = splitWords(phrase);
      const stems = words.map(stem);
      const terms = [...new Set(stems.filter((_, i) => isIndexWord(words[i]!)))];
      found = { key: stems.join(" "), id: terms.join(" "), terms, related: false, size: words.length };
      analysed.set(phrase, found);
    }
    return related ? { ...found, related } : found;
  };
  const table: ConceptTable = { byKey: new Map(), longest: new Map() };
  for (const rule of parseConceptGroups(CONCEPT_GROUPS)) {
    const means = rule.means.map((phrase) => analyse(phrase, rule.related)).filter((meaning) => meaning.id !== "");
    for (const word of rule.words) {
      const { key, size, terms, id } = analyse(word, false);
      // A lone stop word ("did", "it") is never a concept: it is in every other request.
      if (key === "" || size > MAX_CONCEPT_WORDS || (size === 1 && terms.length === 0 && !/^\d+$/.test(key))) continue;
      const entry = table.byKey.get(key) ?? { id, lists: [] };
      entry.lists.push(means);
      table.byKey.set(key, entry);
      const first = key.slice(0, key.includes(" ") ? key.indexOf(" ") : key.length);
      table.longest.set(first, Math.max(size, table.longest.get(first) ?? 0));
    }
  }
  conceptTable = table;
  return table;
}

/** What {@link OperationSearch.analyse} reads from a query: its weighted terms and concepts, and what ranks operations up or down. */
export interface QueryAnalysis {
  terms: WeightedTerms;
  concepts: ConceptGroup[];
  intent: Intent | undefined;
  actionStem: string | undefined;
  collection: boolean | undefined;
  scopes: number;
  references: number;
}

/** A query-ready index: the vocabulary and intents keyed once, then each search reads only its terms' postings. */
export class OperationSearch {
  readonly #data: SearchIndexData;
  readonly #byName: Map<string, number>;
  /** Vocabulary keyed by the stemmed user word or two-word phrase. */
  readonly #vocabulary: Map<string, Array<{ terms: string[]; weight: number }>>;
  readonly #plain: boolean;
  /** Intent key (a stemmed word or two-word phrase) → the methods that perform it and the API's verbs for it. */
  readonly #intents: Map<string, Intent>;
  /** Scratch scores, all zero between searches. */
  readonly #scores: Float64Array;
  /**
   * Per concept key met in a query: its group of phrases this API holds every term of, weighed —
   * the part of a concept that depends on the API only, worked out once.
   */
  readonly #conceptCache = new Map<string, ConceptGroup>();
  /** Scratch for concept groups: one phrase's score and matched terms per document, and the group's best; all zero between uses. */
  readonly #phraseScores: Float64Array;
  readonly #phraseMatched: Uint8Array;
  readonly #groupBest: Float64Array;
  /** Scratch lists of the documents a concept group and one of its phrases reached; emptied before each use. */
  readonly #reached: number[] = [];
  readonly #phraseReached: number[] = [];
  /** Per document: the id of the verb its summary starts with ("list", "get", "delet"…; see #verbIndex), -1 when none. */
  readonly #verbIds: Int32Array;
  /** Verb stem → id. */
  readonly #verbIndex: Map<string, number>;
  /** Scratch: 1 at the ids of the verbs the current query's intent wants, all 0 between searches. */
  readonly #verbWanted: Uint8Array;
  /** Per document: its method as a {@link METHOD_BIT}. */
  readonly #methods: Uint8Array;
  /** Per document: {@link COLLECTION_FLAG} when it reads a collection ({@link readsCollection}), and its path's scopes shifted by {@link SCOPE_SHIFT}. */
  readonly #flags: Uint8Array;
  /** Per document: the factor for its path parameters ({@link PATH_PARAMETER_FACTOR} per `{id}`). */
  readonly #prior: Float64Array;
  /** Index term → the agent nouns of it the index holds ("contribut" → "contributor"). */
  readonly #agents: Map<string, string[]>;
  /** Each term of an operation name → an id, for {@link NAME_COVERAGE_FLOOR}. */
  readonly #nameTermIds = new Map<string, number>();
  /** Per document, the ids of its name's terms: `#nameTerms[#nameStart[d] .. #nameStart[d + 1]]`. */
  readonly #nameTerms: Int32Array;
  readonly #nameStart: Int32Array;
  /** Per name term id: whether it is a method word ("post", "get"), which counts only when the query has it. */
  readonly #nameTermNeutral: Uint8Array;
  /** Scratch: 1 at the name term ids the current query holds, all 0 between searches. */
  readonly #nameTermAsked: Uint8Array;
  /** What `PROJ-123` and `#42` name in this API, learned from its paths ({@link learnReferenceReadings}). */
  readonly #references: ReferenceReadings;
  /** Per document: the references its path takes ({@link referenceMask}). */
  readonly #takes: Uint8Array;

  constructor(data: SearchIndexData, analysis: SearchAnalysis = {}) {
    this.#plain = analysis.plain === true;
    if (data.version !== 1) throw new Error(`search index version ${String(data.version)} is not supported by this runtime (expected 1): regenerate the project`);
    this.#data = data;
    this.#scores = new Float64Array(data.documents.length);
    this.#phraseScores = new Float64Array(data.documents.length);
    this.#phraseMatched = new Uint8Array(data.documents.length);
    this.#groupBest = new Float64Array(data.documents.length);
    const facts = data.documents.map(documentFacts);
    this.#references = learnReferenceReadings(facts.map((f) => f.path));
    this.#takes = Uint8Array.from(facts, (f) => referenceMask(f.path, this.#references));
    this.#agents = new Map();
    for (const term of Object.keys(data.postings)) {
      // "contributor" → "contribut", "reviewer" → "review": a stem of at least 4 letters, so
      // "older" or "user" do not become agents of "old" or "us".
      const match = /^(.{4,})(?:or|er)$/.exec(term);
      if (match !== null) this.#agents.set(match[1]!, [...(this.#agents.get(match[1]!) ?? []), term]);
    }
    this.#verbIndex = new Map();
    for (const { verb } of facts) if (verb !== "" && !this.#verbIndex.has(verb)) this.#verbIndex.set(verb, this.#verbIndex.size);
    this.#verbIds = Int32Array.from(facts, (f) => (f.verb === "" ? -1 : this.#verbIndex.get(f.verb)!));
    this.#verbWanted = new Uint8Array(this.#verbIndex.size);
    this.#methods = Uint8Array.from(data.documents, (d) => METHOD_BIT[d.method as keyof typeof METHOD_BIT] ?? 0);
    this.#flags = Uint8Array.from(facts, (f) => (f.collection ? COLLECTION_FLAG : 0) | (f.scopes << SCOPE_SHIFT));
    this.#prior = Float64Array.from(facts, (f) => PATH_PARAMETER_FACTOR ** f.pathParameters);
    this.#byName = new Map(data.documents.map((document, i) => [normaliseName(document.name), i]));
    const nameTerms: number[] = [];
    this.#nameStart = new Int32Array(data.documents.length + 1);
    data.documents.forEach((document, d) => {
      this.#nameStart[d] = nameTerms.length;
      for (const term of new Set(textTerms(document.name))) {
        let id = this.#nameTermIds.get(term);
        if (id === undefined) this.#nameTermIds.set(term, (id = this.#nameTermIds.size));
        nameTerms.push(id);
      }
    });
    this.#nameStart[data.documents.length] = nameTerms.length;
    this.#nameTerms = Int32Array.from(nameTerms);
    this.#nameTermNeutral = new Uint8Array(this.#nameTermIds.size);
    for (const word of METHOD_WORDS) {
      const id = this.#nameTermIds.get(word);
      if (id !== undefined) this.#nameTermNeutral[id] = 1;
    }
    this.#nameTermAsked = new Uint8Array(this.#nameTermIds.size);
    this.#vocabulary = new Map();
    this.#intents = new Map();
    for (const intent of this.#plain ? [] : INTENTS) {
      const terms = intent.means.flatMap(textTerms);
      for (const word of intent.words) {
        const key = splitWords(word).map(stem).join(" ");
        const known = this.#intents.get(key);
        this.#intents.set(key, {
          methods: new Set([...(known?.methods ?? []), ...intent.methods]),
          terms: [...(known?.terms ?? []), ...terms],
          verbs: new Set([...(known?.verbs ?? []), ...terms]),
          primary: new Set([...(known?.primary ?? []), ...(intent.primary ?? intent.means).flatMap(textTerms)]),
          createsWithPost: known?.createsWithPost === true || intent.methods[0] === "POST",
        });
      }
    }
    for (const rule of this.#plain ? [] : API_VOCABULARY) {
      const means = rule.means.map((phrase) => ({ terms: textTerms(phrase), weight: rule.weight }));
      for (const word of rule.words) {
        const key = splitWords(word).map(stem).join(" ");
        this.#vocabulary.set(key, [...(this.#vocabulary.get(key) ?? []), ...means]);
      }
    }
  }

  /**
   * The `limit` best operations for a query, best first; none when no term matches. A query that
   * is exactly an operation's name (any case, `-` or `_`) puts that operation first.
   */
  search(query: string, limit: number): SearchHit[] {
    // One score buffer per index, zeroed through the list of documents touched: a search costs
    // the postings of its terms, not the size of the API.
    const scores = this.#scores;
    const touched: number[] = [];
    const analysis = this.analyse(query);
    const { terms, intent } = analysis;
    for (const [term, weight] of terms) {
      // Own keys only: an index read from JSON is a plain object, and "constructor" is a word.
      const list = Object.hasOwn(this.#data.postings, term) ? this.#data.postings[term] : undefined;
      if (list === undefined) continue;
      const df = list.length / 2;
      const idf = Math.log(1 + (scores.length - df + 0.5) / (df + 0.5));
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (weight * idf * tf * (K1 + 1)) / (tf + K1);
      }
    }
    for (const group of analysis.concepts) this.#scoreConcept(group, touched);
    // Plain analysis (the benchmark's baseline) is textbook BM25: no factors at all.
    if (!this.#plain) this.#applyFactors(touched, analysis);
    const exact = this.#byName.get(normaliseName(query));
    if (exact !== undefined) {
      if (scores[exact] === 0) touched.push(exact);
      scores[exact] = Infinity;
    }
    let best = this.#best(touched, limit);
    if (!this.#plain && best.length > 0) {
      // The name rule only lowers scores, to NAME_COVERAGE_FLOOR of them at most: a document
      // below that share of the last of the best cannot reach them, so only the rest are weighed.
      const bar = best.length === limit ? scores[best[limit - 1]!]! * NAME_COVERAGE_FLOOR : 0;
      const candidates = touched.filter((doc) => scores[doc]! >= bar);
      this.#applyNameCoverage(candidates, analysis);
      best = this.#best(candidates, limit);
    }
    const hits = best.map((doc) => ({ ...this.#data.documents[doc]!, score: scores[doc]! }));
    for (const doc of touched) scores[doc] = 0;
    return hits;
  }

  /** The best `limit` of `docs` by score, best first, kept sorted by insertion (limit is at most a few dozen). */
  #best(docs: readonly number[], limit: number): number[] {
    const scores = this.#scores;
    const best: number[] = [];
    const before = (a: number, b: number): boolean => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    for (const doc of docs) {
      if (best.length === limit && !before(doc, best[limit - 1]!)) continue;
      let at = best.length === limit ? limit - 1 : best.length;
      while (at > 0 && before(doc, best[at - 1]!)) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = doc;
    }
    return best;
  }

  /**
   * An operation's name says what it is about; a name whose words the query (or what its words
   * stand for) does not account for is about something else — a sub-resource
   * (`delete_customers_customer_discount` for "remove a customer"), a setting of the thing
   * (`update_guild_widget_settings` for "rename the server") — so its score falls, towards
   * {@link NAME_COVERAGE_FLOOR} when none of its words are accounted for. Method words of names
   * (Stripe's `post_`) count only when the query has them.
   */
  #applyNameCoverage(docs: readonly number[], analysis: Pick<QueryAnalysis, "terms" | "concepts">): void {
    const scores = this.#scores;
    const asked = this.#nameTermAsked;
    const marked = this.#markNameTerms(analysis);
    const nameTerms = this.#nameTerms;
    const nameStart = this.#nameStart;
    const neutral = this.#nameTermNeutral;
    for (const doc of docs) {
      let total = 0;
      let hit = 0;
      for (let k = nameStart[doc]!; k < nameStart[doc + 1]!; k++) {
        const id = nameTerms[k]!;
        if (asked[id] === 1) hit++;
        else if (neutral[id] === 1) continue;
        total++;
      }
      if (total > 0) scores[doc]! *= NAME_COVERAGE_FLOOR + ((1 - NAME_COVERAGE_FLOOR) * hit) / total;
    }
    for (const id of marked) asked[id] = 0;
  }

  /**
   * Adds a concept group's score to each document it reaches: per phrase the BM25 sum of its
   * terms, per document the best phrase ({@link ConceptGroup}).
   */
  #scoreConcept(group: ConceptGroup, touched: number[]): void {
    const scores = this.#scores;
    const phraseScores = this.#phraseScores;
    const matched = this.#phraseMatched;
    const best = this.#groupBest;
    const postings = this.#data.postings;
    const reached = this.#reached;
    const phraseReached = this.#phraseReached;
    reached.length = 0;
    // Every term of a group's phrase is in the index (#conceptGroupOf keeps no other).
    for (const { terms, scored, weight } of group) {
      if (terms.length === 1) {
        // One word: its score is the phrase's, no document needs to hold more.
        const list = postings[terms[0]!]!;
        const df = list.length / 2;
        const idf = Math.log(1 + (scores.length - df + 0.5) / (df + 0.5));
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i]!;
          const tf = list[i + 1]!;
          const score = (weight * idf * tf * (K1 + 1)) / (tf + K1);
          if (score > best[doc]!) {
            if (best[doc] === 0) reached.push(doc);
            best[doc] = score;
          }
        }
        continue;
      }
      phraseReached.length = 0;
      for (let t = 0; t < terms.length; t++) {
        const list = postings[terms[t]!]!;
        const df = list.length / 2;
        const idf = t < scored ? Math.log(1 + (scores.length - df + 0.5) / (df + 0.5)) : 0;
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i]!;
          const tf = list[i + 1]!;
          if (matched[doc] === 0) phraseReached.push(doc);
          matched[doc]!++;
          phraseScores[doc]! += (weight * idf * tf * (K1 + 1)) / (tf + K1);
        }
      }
      for (const doc of phraseReached) {
        if (matched[doc] === terms.length && phraseScores[doc]! > best[doc]!) {
          if (best[doc] === 0) reached.push(doc);
          best[doc] = phraseScores[doc]!;
        }
        phraseScores[doc] = 0;
        matched[doc] = 0;
      }
    }
    for (const doc of reached) {
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += best[doc]!;
      best[doc] = 0;
    }
  }

  /**
   * Multiplies each touched document's score by the query's factors. Per-document facts are typed
   * arrays read once per document: a common word touches most of a large API's operations.
   */
  #applyFactors(touched: readonly number[], analysis: Omit<QueryAnalysis, "terms" | "concepts">): void {
    const scores = this.#scores;
    const flags = this.#flags;
    const methods = this.#methods;
    const verbs = this.#verbIds;
    const prior = this.#prior;
    const { intent, collection } = analysis;
    const wanted = this.#verbWanted;
    const intentMethods = intent === undefined ? 0 : methodMask(intent.methods);
    const postCounts = intent?.createsWithPost === true;
    // The intent's main verbs and the query's own action word agree fully ("add a label" → "Add
    // labels"); its other verbs are related ("open a ticket" → "Create an issue" before "Add ...").
    if (intent !== undefined) {
      for (const verb of intent.verbs) {
        const id = this.#verbIndex.get(verb);
        if (id !== undefined) wanted[id] = intent.primary.has(verb) ? FULL_AGREEMENT : 1;
      }
      const own = analysis.actionStem === undefined ? undefined : this.#verbIndex.get(analysis.actionStem);
      if (own !== undefined) wanted[own] = FULL_AGREEMENT;
    }
    const unaskedMask = SCOPE_MASK & ~(analysis.scopes << SCOPE_SHIFT);
    for (let t = 0; t < touched.length; t++) {
      const doc = touched[t]!;
      let factor = prior[doc]!;
      const docFlags = flags[doc]!;
      if (intent !== undefined) {
        // The summary's own verb ("Delete a repository", "List teams") says what the operation
        // does more surely than its method: Stripe changes, cancels and deletes with POST. So a
        // POST counts for a change other than creating only when its verb agrees.
        const agreement = verbs[doc]! >= 0 ? wanted[verbs[doc]!]! : 0;
        const method = methods[doc]!;
        if ((intentMethods & method) !== 0 && (method !== METHOD_BIT.POST || agreement > 0 || postCounts)) factor *= INTENT_BOOST;
        if (agreement > 0) factor *= agreement === FULL_AGREEMENT ? VERB_BOOST : RELATED_VERB_BOOST;
      }
      // A plural asks for a collection, a singular for one item (REST: `GET /teams` against
      // `GET /teams/{id}`); only between reads, where the method cannot tell them apart.
      if (collection !== undefined && methods[doc] === METHOD_BIT.GET && ((docFlags & COLLECTION_FLAG) !== 0) === collection) factor *= CARDINALITY_BOOST;
      // Scopes the query does not name (enterprise, organization) rank below the common scope
      // of the same operation: the general, most used variant of near-duplicates comes first.
      const unasked = docFlags & unaskedMask;
      if (unasked !== 0) factor *= (unasked & (SCOPE_BIT.enterprise << SCOPE_SHIFT)) !== 0 ? ENTERPRISE_FACTOR : SCOPE_FACTOR;
      // A request that names an item ("PROJ-5", "#12") is about an operation that takes it.
      if ((analysis.references & this.#takes[doc]!) !== 0) factor *= REFERENCE_BOOST;
      scores[doc]! *= factor;
    }
    wanted.fill(0);
  }

  /** Marks the name terms the query holds, its own words and its concepts' ({@link #nameTermAsked}); returns their ids. */
  #markNameTerms(analysis: Pick<QueryAnalysis, "terms" | "concepts">): number[] {
    const marked: number[] = [];
    const mark = (term: string): void => {
      const id = this.#nameTermIds.get(term);
      if (id !== undefined && this.#nameTermAsked[id] === 0) {
        this.#nameTermAsked[id] = 1;
        marked.push(id);
      }
    };
    for (const term of analysis.terms.keys()) mark(term);
    for (const group of analysis.concepts) for (const phrase of group) for (const term of phrase.terms) mark(term);
    return marked;
  }

  /** What the query's first action word asks for ({@link INTENTS}); undefined when it has none. */
  intentOf(query: string): Intent | undefined {
    return this.#findIntent(this.#joinParticles(splitWords(query)))?.intent;
  }

  /** The first action word's intent and the positions of its words. */
  #findIntent(words: string[]): { intent: Intent; at: number[] } | undefined {
    const stems = words.map(stem);
    for (let i = 0; i < stems.length; i++) {
      const pair = i + 1 < stems.length ? this.#intents.get(`${stems[i]} ${stems[i + 1]}`) : undefined;
      if (pair) return { intent: pair, at: [i, i + 1] };
      const found = this.#intents.get(stems[i]!);
      // "open PRs", "new customers": an adjective before a plural, not an action; "refunds",
      // "transfers": a verb written as a plural is the noun.
      if (found && ADJECTIVE_INTENTS.has(words[i]!) && i + 1 < words.length && isPlural(words[i + 1]!)) continue;
      if (found && isPlural(words[i]!)) continue;
      // "forward every event", "after all": past the first word a quantifier counts things, it does not ask to list them.
      if (found && i > 0 && QUANTIFIERS.has(words[i]!)) continue;
      // "tickets assigned to me", "closed PRs": a participle describes, it does not ask.
      if (found && i > 0 && words[i]!.endsWith("ed") && stems[i] !== words[i]) continue;
      // "make the repo private", "make it the default": make with a thing that exists is
      // making it something, a change; "make a repo" creates one.
      if (found && stems[i] === "mak" && i + 1 < words.length && EXISTING.has(words[i + 1]!)) {
        const change = this.#intents.get("chang");
        if (change !== undefined) return { intent: change, at: [i] };
      }
      if (found) return { intent: found, at: [i] };
    }
    // "star a repo", "fork someone's repo", "lock the ticket": a request that opens with a word we
    // do not know followed by a determiner is an imperative, so the word is a verb that changes
    // something. Operations whose summary starts with that verb ("Star a repository") rank first.
    const first = words[0];
    if (first !== undefined && words.length > 1 && DETERMINERS.has(words[1]!) && isIndexWord(first) && !isPlural(first)) {
      return { intent: { methods: CHANGING_METHODS, terms: [], verbs: new Set([stems[0]!]), primary: new Set([stems[0]!]), imperative: true }, at: [0] };
    }
    return undefined;
  }

  /** The query's terms plus the API words its words stand for ({@link API_VOCABULARY}). */
  expand(query: string): WeightedTerms {
    return this.analyse(query).terms;
  }

  /**
   * The query's weighted terms and its intent, computed once per search; whether it asks for a
   * collection (a plural) or one item (undefined: cannot tell), and the API scopes it names.
   */
  analyse(query: string): QueryAnalysis {
    // "PROJ-123", "#42": values that name an item (item-references.ts), read before the words.
    const references = this.#plain ? { query, names: [], mask: 0 } : takeReferences(query, this.#references);
    const words = this.#plain ? splitWords(query) : this.#joinParticles(splitWords(references.query));
    const out: WeightedTerms = new Map();
    const put = (term: string, weight: number): void => {
      if (weight > (out.get(term) ?? 0)) out.set(term, weight);
    };
    if (this.#plain) {
      for (const word of words) put(word, 1);
      return { terms: out, concepts: [], intent: undefined, actionStem: undefined, collection: undefined, scopes: ALL_SCOPES, references: 0 };
    }
    // Vocabulary keys are looked up on every word, stop words included ("am I", "set up"): single
    // words and adjacent pairs. A pair is an idiom and stands for its meaning alone — "logged in"
    // is about the authenticated user, not about logs — so its words are not searched themselves.
    const stems = words.map(stem);
    const consumed = new Set<number>();
    stems.forEach((s, i) => {
      const pair = i + 1 < stems.length ? this.#vocabulary.get(`${s} ${stems[i + 1]}`) : undefined;
      if (pair !== undefined) consumed.add(i).add(i + 1);
      for (const meaning of [...(pair ?? []), ...(this.#vocabulary.get(s) ?? [])]) for (const term of meaning.terms) put(term, meaning.weight);
    });
    const found = this.#findIntent(words);
    const intent = found?.intent;
    // The action word ranks through the summary's verb and the method; as a search word it counts
    // as much as the verbs it stands for, so "remove" does not pull in every "removes" of prose.
    words.forEach((word, i) => {
      const actionWord = found !== undefined && found.at.includes(i) && found.intent.imperative !== true;
      // An idiom ("look up", "set up") says only its intent.
      if (actionWord && found.at.length > 1) return;
      if (!consumed.has(i) && isIndexWord(word)) put(stems[i]!, actionWord && found.intent.verbs.size > 0 ? INTENT_WEIGHT : 1);
    });
    for (const term of intent?.terms ?? []) put(term, INTENT_WEIGHT);
    // "unlink", "unassign", "unwatch": undoing names the thing undone. Read only where the API
    // does not use the word itself but has its rest (Jira deletes an issue link, it never unlinks).
    words.forEach((word, i) => {
      if (consumed.has(i) || !word.startsWith("un") || word.length < 6 || Object.hasOwn(this.#data.postings, stems[i]!)) return;
      const undone = stem(word.slice(2));
      if (Object.hasOwn(this.#data.postings, undone)) put(undone, 1);
    });
    for (const term of references.names) put(term, REFERENCE_WEIGHT);
    // "what branches", "open chargebacks": a plural asked about reads a collection, which REST
    // APIs name "List ..." (GitHub's and Stripe's summaries alike).
    // "PRs", "IDs": an acronym's plural, which the lower-cased words no longer show.
    const acronyms = new Set([...references.query.matchAll(/\b([A-Z]{2,})s\b/g)].map((m) => `${m[1]!.toLowerCase()}s`));
    const isMany = (word: string): boolean => (isPlural(word) && !ITEM_WORDS.has(word)) || acronyms.has(word) || COLLECTION_WORDS.has(word);
    const plural = words.some(isMany);
    if ((intent === undefined || intent.methods.has("GET")) && plural) put(LIST_TERM, INTENT_WEIGHT);
    // Agent nouns: "who contributed" means the contributors, "who reviewed" the reviewers. Only
    // forms the API uses are added (checked against the index), at a related word's weight.
    for (const [term, weight] of [...out]) {
      for (const agent of this.#agents.get(term) ?? []) if (!out.has(agent)) put(agent, weight * AGENT_WEIGHT);
    }
    // Cardinality matters between reads: for a read intent, or for no intent and a plural.
    // The number of the thing asked about is the first sign after the action word: "show the
    // open PRs in a repo" asks for PRs, "look up a customer's details" for one customer.
    let number: boolean | undefined;
    let owned = false;
    for (let i = found === undefined ? 0 : Math.max(...found.at) + 1; i < words.length && number === undefined; i++) {
      if (isMany(words[i]!)) number = true;
      // "a customer's cards": the article goes with the owner, the number is the cards' (one
      // card when it has no plural: "a customer's card").
      else if (ITEM_WORDS.has(words[i]!) && words[i + 2] === "s") {
        i += 2;
        owned = true;
      } else if (ITEM_WORDS.has(words[i]!)) number = false;
    }
    if (number === undefined && owned) number = false;
    const collection = intent !== undefined && intent.methods.has("GET") ? number : intent === undefined && number === true ? true : undefined;
    let scopes = 0;
    for (const [bit, named] of SCOPE_WORDS) if (words.some((word) => named.has(word))) scopes |= bit;
    const actionStem = found !== undefined && found.at.length === 1 ? stems[found.at[0]!] : undefined;
    if (found !== undefined && found.at.length > 1) for (const at of found.at) consumed.add(at);
    return { terms: out, concepts: this.#conceptGroups(words, stems, out, consumed), intent, actionStem, collection, scopes, references: references.mask };
  }

  /**
   * English phrasal verbs are separable: "turn the server off", "shut it up", "hand the repo over
   * to them" say "turn off", "shut up", "hand over" with the object between. When a verb is
   * followed within {@link MAX_PARTICLE_GAP} words by a particle that ends the clause (the last
   * word, or one before a function word) and the two are a phrase some table knows, the particle
   * moves next to its verb, so the phrase is read as one.
   */
  #joinParticles(words: string[]): string[] {
    let out = words;
    for (let i = 0; i + 2 < out.length; i++) {
      // After an article the word is a noun ("the money I sent back"), not a verb.
      if (i > 0 && DETERMINERS.has(out[i - 1]!)) continue;
      const verb = stem(out[i]!);
      for (let gap = 1; gap <= MAX_PARTICLE_GAP && i + gap + 1 < out.length; gap++) {
        const at = i + gap + 1;
        const particle = out[at]!;
        if (!PARTICLES.has(particle)) continue;
        // The words between are the object: a particle or a clause break among them ends the search.
        if (out.slice(i + 1, at).some((word) => PARTICLES.has(word) || CLAUSE_WORDS.has(word))) break;
        const next = out[at + 1];
        if (next !== undefined && !CLAUSE_WORDS.has(next)) break;
        if (!this.#knowsPhrase(`${verb} ${particle}`)) break;
        out = [...out.slice(0, i + 1), particle, ...out.slice(i + 1, at), ...out.slice(at + 1)];
        break;
      }
    }
    return out;
  }

  /** Whether an intent, the fitted vocabulary or the concept vocabulary knows a stemmed two-word phrase. */
  #knowsPhrase(key: string): boolean {
    return this.#intents.has(key) || this.#vocabulary.has(key) || concepts().byKey.has(key);
  }

  /** Whether the fitted vocabulary reads `key` ({@link API_VOCABULARY}) into words this API has. */
  #fittedApplies(key: string): boolean {
    const meanings = this.#vocabulary.get(key);
    return meanings !== undefined && meanings.some((meaning) => meaning.terms.some((term) => Object.hasOwn(this.#data.postings, term)));
  }

  /**
   * Whether the API names something with `term`: some operation has it in its name, summary, path
   * or tags, which give a pseudo-frequency of at least {@link NAMING_FREQUENCY} (weights 2–3,
   * {@link FIELDS}); a word met only in descriptions and argument names is mentioned, not used.
   * Stops at the first such posting.
   */
  #names(term: string): boolean {
    const list = Object.hasOwn(this.#data.postings, term) ? this.#data.postings[term]! : undefined;
    if (list === undefined) return false;
    for (let i = 1; i < list.length; i += 2) if (list[i]! >= NAMING_FREQUENCY) return true;
    return false;
  }

  /**
   * A concept key's phrases as this API can match them: only phrases whose every term the index
   * holds (no other can reach a document), each once at its highest weight (a synonym over
   * related). The weight depends on whether the API names things with the user's own word.
   */
  #conceptGroupOf(key: string, entry: { id: string; lists: ConceptMeaning[][] }, single: boolean): ConceptGroup {
    const cached = this.#conceptCache.get(key);
    if (cached !== undefined) return cached;
    // A phrase is an idiom ("cash out", "thumbs up"): its words being in the API ("cash", "out")
    // does not say the API uses it. A single word is the API's when it names something with it.
    const present = single && this.#names(key);
    const group: ConceptGroup = [];
    const seen = new Map<string, number>();
    for (const meanings of entry.lists) {
      for (const { key: phrase, id, terms, related } of meanings) {
        if (phrase === key || id === entry.id || !terms.every((term) => Object.hasOwn(this.#data.postings, term))) continue;
        const weight = CONCEPT_WEIGHTS[related ? "related" : "synonym"][present ? "present" : "absent"];
        const at = seen.get(id);
        if (at === undefined) seen.set(id, group.push({ terms, scored: terms.length, weight }) - 1);
        else if (group[at]!.weight < weight) group[at] = { terms, scored: terms.length, weight };
      }
    }
    this.#conceptCache.set(key, group);
    return group;
  }

  /**
   * The concept groups of a query's words and phrases of up to {@link MAX_CONCEPT_WORDS} words
   * ({@link CONCEPT_GROUPS}), weighed by {@link CONCEPT_WEIGHTS}; terms the query already has at
   * least that weight are left out, so a concept never adds to a word the user wrote.
   */
  #conceptGroups(words: readonly string[], stems: readonly string[], out: WeightedTerms, consumed: ReadonlySet<number>): ConceptGroup[] {
    const table = concepts();
    const groups: ConceptGroup[] = [];
    for (let i = 0; i < stems.length; i++) {
      // Words an idiom stands for ("logged in", "kick off") say only that idiom.
      if (consumed.has(i)) continue;
      for (let n = Math.min(table.longest.get(stems[i]!) ?? 0, stems.length - i); n >= 1; n--) {
        const key = n === 1 ? stems[i]! : stems.slice(i, i + n).join(" ");
        const entry = table.byKey.get(key);
        // The fitted table's reading of a word (api-vocabulary.ts) stands where this API has the
        // words it gives: it was measured on its APIs ("star" is a stargazer on GitHub, a favourite elsewhere).
        if (entry === undefined || this.#fittedApplies(key)) continue;
        const group: ConceptGroup = [];
        for (const phrase of this.#conceptGroupOf(key, entry, n === 1 && isIndexWord(words[i]!))) {
          // Terms the query already has at the phrase's weight or more are not scored again.
          if (phrase.terms.every((term) => (out.get(term) ?? 0) < phrase.weight)) {
            group.push(phrase);
            continue;
          }
          const fresh = phrase.terms.filter((term) => (out.get(term) ?? 0) < phrase.weight);
          if (fresh.length > 0) group.push({ terms: [...fresh, ...phrase.terms.filter((term) => !fresh.includes(term))], scored: fresh.length, weight: phrase.weight });
        }
        if (group.length > 0) groups.push(group);
        // The longest phrase at a position stands for its words ("cash out" is not also "out").
        i += n - 1;
        break;
      }
    }
    return groups;
  }
}

const LIST_TERM = stem("list");

/** Particles of English phrasal verbs ("shut up", "turn off", "hand over", "roll back"). */
const PARTICLES = new Set(["up", "down", "off", "on", "out", "over", "in", "back", "away", "through"]);
/** The most words between a phrasal verb and its particle ("turn the web server off"). */
const MAX_PARTICLE_GAP = 3;
/** Function words that may follow a clause-final particle, or break a clause ("so", "and"). */
const CLAUSE_WORDS = new Set(["for", "to", "at", "with", "from", "by", "so", "and", "but", "because", "before", "after", "until", "till", "when", "while", "now", "please", "asap", "again", "tonight", "today", "tomorrow", "then", "as", "since", "or"]);

/** The factor for an operation whose summary starts with a verb of the query's intent ("Delete a repository"). */
const VERB_BOOST = 1.25;
/** The factor for an operation whose summary verb is related to the intent's ("Add ..." for "open a ticket"). */
const RELATED_VERB_BOOST = 1.1;
/** The mark, in the scratch verb table, of a verb that says the action itself. */
const FULL_AGREEMENT = 2;
/** The factor for a read of the cardinality the query asks for (a collection for a plural). */
const CARDINALITY_BOOST = 1.15;
/** What the noun a reference names weighs ("PROJ-123" → issue): the user named the item, not its kind. */
const REFERENCE_WEIGHT = 0.8;
/** The factor for an operation whose path takes the item a request names by reference (`/issue/{issueIdOrKey}`). */
const REFERENCE_BOOST = 1.3;
/** What an added agent noun weighs, relative to the word it comes from. */
const AGENT_WEIGHT = 0.8;
/** The factor for an operation under an organization scope the query does not name. */
const SCOPE_FACTOR = 0.9;
/** The factor for an operation under an enterprise scope the query does not name: the rarest need. */
const ENTERPRISE_FACTOR = 0.75;
/**
 * The factor of an operation none of whose name's words the query accounts for; one whose name
 * the query accounts for entirely keeps its score, and between them the factor rises linearly.
 */
const NAME_COVERAGE_FLOOR = 0.6;
/** Method words in operation names (Stripe's `post_customers`): they say how, not what, unless the query says them. */
const METHOD_WORDS = ["get", "post", "put", "patch", "head"];
/** The factor per path parameter: of near-duplicates, the one that needs fewer ids is the more general. */
const PATH_PARAMETER_FACTOR = 0.95;

/** Quantifiers among the intent words: an action only when they open the request ("all open PRs"). */
const QUANTIFIERS = new Set(["all", "every", "each"]);
/** Words that ask for many ("all subscriptions", "every fee"). */
const COLLECTION_WORDS = new Set(["all", "every", "each", "list", "many", "multiple"]);
/** Words that ask for one item ("a customer's details", "this PR"). */
const ITEM_WORDS = new Set(["a", "an", "one", "this", "that", "single", "specific", "details", "detail", "info", "information"]);

/** A plural noun: a word the stemmer shortens by its plural ending ("branches", "PRs"; not "status"). */
function isPlural(word: string): boolean {
  return word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word) && stem(word) !== word;
}

/** Names compare ignoring case and the `-`/`_` difference. */
function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, "_");
}
