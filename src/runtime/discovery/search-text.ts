/**
 * Text → index terms, the same way for operations and for queries: split identifiers the way APIs
 * write them (camelCase, snake_case, kebab-case, `/path/{segments}`), lower-case, drop a few
 * function words, and reduce inflections with a light suffix stripper, so "listing repositories"
 * meets `repos/list-for-user` and "created issues" meets `issues/create`.
 *
 * The stripper is deliberately light (plural `-s/-es/-ies`, `-ing`, `-ed`, a final `-e`), in the
 * spirit of Harman's S-stemmer ("How effective is suffixing?", JASIS 42(1), 1991) plus Porter's
 * step 1b (https://tartarus.org/martin/PorterStemmer/def.txt): API vocabulary is short nouns and
 * verbs where aggressive stemming merges words that name different resources (Porter takes
 * "organization" and "organ" to one stem).
 */

/**
 * Words too common in requests and API prose to tell operations apart. A hand-picked list: the
 * query "how do I get the list of my PRs" keeps `get list my pr`.
 */
const STOP_WORDS = new Set([
  "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "as",
  "is", "are", "be", "been", "was", "were", "it", "its", "this", "that", "these", "those", "there",
  "i", "am", "we", "you", "your", "our", "us", "can", "could", "would", "should", "will", "do", "does", "did",
  "how", "what", "which", "who", "want", "need", "please", "some", "any", "just", "so", "if", "then",
  "than", "also", "not", "no", "via", "using", "use", "about", "e", "g", "eg", "ie", "etc", "s",
  // Filler of requests ("a customer's details"), and of API prose ("Retrieves the details of").
  "detail", "details", "info", "information",
  // What is left of contractions once the apostrophe splits them ("I'm", "we're", "haven't",
  // "who's"), pronouns that stand for whoever the request is about ("have Dana cover it", "fold
  // them into one"), auxiliaries and time fillers of spoken requests ("what's still firing right
  // now", "did it actually go through"). Requests are conversation; API text rarely needs these.
  "m", "re", "ve", "ll", "d", "t", "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "haven", "hasn", "hadn", "won", "wouldn", "shouldn", "couldn",
  "he", "she", "him", "his", "her", "hers", "they", "them", "their", "theirs", "themselves", "myself", "yourself", "ourselves", "itself",
  "whoever", "whatever", "whichever", "whenever", "wherever", "somebody", "someone", "something", "anyone", "anybody", "anything",
  "have", "has", "had", "having", "got", "gets", "went", "gone",
  "still", "yet", "already", "actually", "really", "now", "ever", "maybe", "perhaps", "again", "anyway", "one",
]);

/** Splits text into lower-case words at case changes, digits' edges and every non-alphanumeric character. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    // "HTMLParser" → "HTML Parser", but "PRs" and "IDs" stay one word (a plural acronym).
    .replace(/([A-Z]+)([A-Z][a-z]{2,})/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

/** Reduces a lower-case word to its index stem (see the file comment for the rules). */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|us|is)$/.test(w)) {
    // "access", "status", "analysis": not plurals.
  } else if (/(?:ch|sh|x|z|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** "runn" → "run", "starr" → "star" (the consonant doubled before `-ing`/`-ed`); "ss", "ll" stay. */
function undouble(w: string): string {
  return /([^aeiouls])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Whether a word is indexed: not a stop word, not a pure number. */
export function isIndexWord(word: string): boolean {
  return !STOP_WORDS.has(word) && !/^\d+$/.test(word);
}

/** Index terms of a text: words, minus stop words and pure numbers, stemmed. */
export function textTerms(text: string): string[] {
  return splitWords(text).filter(isIndexWord).map(stem);
}
