/**
 * The search behind `search_operations`: BM25F (Robertson & Zaragoza, "The Probabilistic Relevance
 * Framework: BM25 and Beyond", 2009, §3.4) — each field's term frequency normalised by that
 * field's length, weighted, summed, then saturated as in BM25 — so a term in an operation's name,
 * summary or path counts more than one in its description: names and summaries say what an
 * operation does, descriptions also say what it does not. Queries are expanded through
 * {@link API_VOCABULARY}, and their first action word ranks operations by method ({@link INTENTS}).
 *
 * The index is data ({@link SearchIndexData}), built once — by `serve` at start, by `generate`
 * into the project — and a search touches only the postings of the query's terms.
 */
import type { SearchDocumentData, SearchIndexData } from "../core/discovery-definition.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { API_VOCABULARY, INTENT_WEIGHT, INTENTS } from "./api-vocabulary.js";
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
  readOnly: boolean;
  destructive: boolean;
}

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
    if (plain) return [splitWords(Object.values(texts).join(" "))];
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
}

/** Query term → its weight in the query; several expansions of one term keep the highest. */
type WeightedTerms = Map<string, number>;

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

  constructor(data: SearchIndexData, analysis: SearchAnalysis = {}) {
    this.#plain = analysis.plain === true;
    if (data.version !== 1) throw new Error(`search index version ${String(data.version)} is not supported by this runtime (expected 1): regenerate the project`);
    this.#data = data;
    this.#scores = new Float64Array(data.documents.length);
    this.#byName = new Map(data.documents.map((document, i) => [normaliseName(document.name), i]));
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
    const { terms, intent } = this.analyse(query);
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
    if (intent !== undefined) {
      for (const doc of touched) if (intent.methods.has(this.#data.documents[doc]!.method)) scores[doc]! *= INTENT_BOOST;
    }
    const exact = this.#byName.get(normaliseName(query));
    if (exact !== undefined) {
      if (scores[exact] === 0) touched.push(exact);
      scores[exact] = Infinity;
    }
    // The best `limit`, kept sorted by insertion (limit is at most a few dozen).
    const best: number[] = [];
    const before = (a: number, b: number): boolean => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    for (const doc of touched) {
      if (best.length === limit && !before(doc, best[limit - 1]!)) continue;
      let at = best.length === limit ? limit - 1 : best.length;
      while (at > 0 && before(doc, best[at - 1]!)) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = doc;
    }
    const hits = best.map((doc) => ({ ...this.#data.documents[doc]!, score: scores[doc]! }));
    for (const doc of touched) scores[doc] = 0;
    return hits;
  }

  /** What the query's first action word asks for ({@link INTENTS}); undefined when it has none. */
  intentOf(query: string): Intent | undefined {
    const stems = splitWords(query).map(stem);
    for (let i = 0; i < stems.length; i++) {
      const found = (i + 1 < stems.length ? this.#intents.get(`${stems[i]} ${stems[i + 1]}`) : undefined) ?? this.#intents.get(stems[i]!);
      if (found) return found;
    }
    return undefined;
  }

  /** The query's terms plus the API words its words stand for ({@link API_VOCABULARY}). */
  expand(query: string): WeightedTerms {
    return this.analyse(query).terms;
  }

  /** The query's weighted terms and its intent, computed once per search. */
  analyse(query: string): { terms: WeightedTerms; intent: Intent | undefined } {
    const words = splitWords(query);
    const out: WeightedTerms = new Map();
    const put = (term: string, weight: number): void => {
      if (weight > (out.get(term) ?? 0)) out.set(term, weight);
    };
    if (this.#plain) {
      for (const word of words) put(word, 1);
      return { terms: out, intent: undefined };
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
    words.forEach((word, i) => {
      if (!consumed.has(i) && isIndexWord(word)) put(stems[i]!, 1);
    });
    const intent = this.intentOf(query);
    for (const term of intent?.terms ?? []) put(term, INTENT_WEIGHT);
    // "what branches", "open chargebacks": a plural asked about reads a collection, which REST
    // APIs name "List ..." (GitHub's and Stripe's summaries alike).
    if ((intent === undefined || intent.methods.has("GET")) && words.some(isPlural)) put(LIST_TERM, INTENT_WEIGHT);
    return { terms: out, intent };
  }
}

const LIST_TERM = stem("list");

/** A plural noun: a word the stemmer shortens by its plural ending ("branches", "PRs"; not "status"). */
function isPlural(word: string): boolean {
  return word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word) && stem(word) !== word;
}

/** Names compare ignoring case and the `-`/`_` difference. */
function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, "_");
}
