/**
 * Tool and argument descriptions: the spec's summary and description with markdown noise removed
 * and a length cap, or, when the spec says nothing, a description built from the operation itself.
 */

import { CREDENTIAL_SUBJECT, dropOperatorProse } from "./operation-prose.js";

/**
 * Removes markdown and HTML noise that costs tokens and helps no model: links keep their text (the
 * URL is useless to a model that cannot follow it), so a sentence that only points at a link
 * ("For more information, see [Media types](…).") is dropped whole; GitHub-flavoured alert blocks
 * (`> [!NOTE]`, https://github.github.com/gfm/ alerts) become "Note:"; quote markers, headings,
 * rules, bold and HTML tags go.
 */
export function cleanMarkdown(text: string): string {
  // Most descriptions are one plain line ("The name of the repository."): nothing to clean.
  if (!MARKUP.test(text)) return /\s{2}|^\s|\s$/.test(text) ? text.replace(/\s+/g, " ").trim() : text;
  // Specs repeat descriptions (a component inlined at every use): clean each text once.
  let clean = cleaned.get(text);
  if (clean === undefined) {
    if (cleaned.size >= MAX_CACHED) cleaned.clear();
    clean = cleanMarkup(text);
    cleaned.set(text, clean);
  }
  return clean;
}

/** Anything {@link cleanMarkup} could change besides runs of spaces. */
const MARKUP = /[\n\r\t<>[\]*_#>`-]|!\[/;
const MAX_CACHED = 20_000;
const cleaned = new Map<string, string>();

/**
 * The cleaning passes, each skipped when its marker character is absent: GitHub's 1,223 tool
 * descriptions are long and unique, and 18 regular-expression passes over each were a fifth of
 * building the IR.
 */
function cleanMarkup(input: string): string {
  const text = input.includes("\r") ? input.replace(/\r\n?/g, "\n") : input;
  // Fenced code is content: its indentation, `#` comments and `**` are not markup. Only the prose
  // between fences (the even parts) is cleaned.
  if (!text.includes("```")) return compactBreaks(cleanProse(text));
  return compactBreaks(text.split("```").map((part, i) => (i % 2 === 0 ? cleanProse(part) : part)).join("```"));
}

/** The cleaning passes over prose (see {@link cleanMarkup}). */
function cleanProse(prose: string): string {
  let text = prose;
  if (text.includes("<!--")) text = text.replace(/<!--[\s\S]*?-->/g, "");
  const links = text.includes("](") || /<a\b/i.test(text);
  if (links) {
    text = text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "") // images
      .replace(/<a\b[^>]*>([^<]*)<\/a>/gi, LINK_OPEN + "$1" + LINK_CLOSE)
      .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, LINK_OPEN + "$1" + LINK_CLOSE);
    if (text.includes(LINK_OPEN)) text = text.replace(POINTER_SENTENCE, "").replace(/[\u0001\u0002]/g, ""); // links keep their text
  }
  if (text.includes(">")) {
    text = text
      .replace(/^[ \t]*>[ \t]*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n[ \t]*>[ \t]?)?/gim, (_, kind: string) => `${kind[0]!.toUpperCase()}${kind.slice(1).toLowerCase()}: `)
      .replace(/^[ \t]*>[ \t]?/gm, ""); // block quotes
  }
  if (text.includes("<")) text = text.replace(/<\/?(?:br|p|div|span|b|i|em|strong|code|ul|ol|li|a|h\d|table|tr|td|th|tbody|thead|pre|sup|sub)\b[^>]*>/gi, " ");
  if (text.includes("#")) text = text.replace(/^#{1,6}\s+(.*)$/gm, "\n$1\n"); // headings, a paragraph of their own
  if (/[-*_]{3}/.test(text)) text = text.replace(/^\s*[-*_]{3,}\s*$/gm, "").replace(/^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, ""); // rules, table header separators
  if (text.includes("**")) text = text.replace(/\*\*([^*]+)\*\*/g, "$1");
  if (text.includes("__")) text = text.replace(/__([^_]+)__/g, "$1");
  // Only runs that change: a lone space (every word gap) or a bare newline would each be a match
  // replaced by itself, and on long descriptions those matches were most of the cleaning time.
  return text.replace(/[ \t]{2,}|\t/g, " ").replace(/ +\n *|\n +/g, "\n");
}

/**
 * Blank lines become single line breaks: a model reads "\n" as a break as well as "\n\n", and in
 * o200k a blank line is a token of its own in most places (with the joining below, 8,300 tokens
 * over GitHub's tool descriptions). So that a paragraph break stays distinguishable from a line wrapped inside a
 * paragraph, wrapped lines are first joined, as Markdown renders them
 * (https://spec.commonmark.org/0.31.2/#soft-line-breaks) — except inside fenced code blocks, where
 * line breaks are the content.
 */
function compactBreaks(text: string): string {
  const unwrap = (prose: string): string => prose.replace(/([^\n])\n(?![\n*+|#-]|\d+[.)] |$)/g, "$1 ");
  // Split at fences: the odd parts are code.
  const unwrapped = text.includes("```") ? text.split("```").map((part, i) => (i % 2 === 0 ? unwrap(part) : part)).join("```") : unwrap(text);
  return unwrapped.replace(/\n{2,}/g, "\n").trim();
}

// Links are first marked (their URL dropped), so a sentence made only of a lead-in and links can be
// recognised without tripping on the dots inside URLs.
const LINK_OPEN = "\u0001";
const LINK_CLOSE = "\u0002";
const LINK = `["']?${LINK_OPEN}[^${LINK_CLOSE}]*${LINK_CLOSE}["']?`;
/**
 * "For more information, see [X](…)." and its kin: the whole sentence is a pointer to pages the model
 * cannot open. Only sentences that end right after their links go; "See [X](…) for the allowed
 * values" keeps its words.
 */
const POINTER_SENTENCE = new RegExp(
  `(^|(?<=[.!?:]["')]?)[ \\t]+|(?<=\\n))` +
    `(?:For more (?:information|details|info)|For details|To learn more|Learn more|For (?:an )?examples?|See also|See)\\b[^.\\n${LINK_OPEN}]{0,120}?` +
    `${LINK}(?:(?:,|,?\\s+and|,?\\s+or)\\s+${LINK})*["']?` +
    // "…, see [GitHub's products](…) in the GitHub Help documentation." points just as much.
    `(?:\\s+in the [\\w' ]{1,40}? (?:documentation|docs|guide))?` +
    `(?:\\.["']?(?=\\s|$)|(?=\\n|$))`,
  "gi",
);

/** Cuts text at a word boundary so it fits `max` characters, ending with an ellipsis when cut. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastBreak = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("\n"));
  const end = lastBreak > max * 0.6 ? lastBreak + 1 : Math.max(cut.lastIndexOf(" "), max * 0.8);
  return `${cut.slice(0, end).trimEnd()}…`;
}

/** What an operation description is built from. */
export interface DescriptionInput {
  summary?: string;
  description?: string;
  method: string;
  path: string;
  deprecated: boolean;
  /** The tool's name: listed beside the description, so a summary word it says is said. */
  name?: string;
  /** Argument names with their location, for the fallback description. */
  arguments: Array<{ name: string; in: string; required: boolean }>;
}

/**
 * Summary and description joined (the description alone when it already says the summary, see
 * {@link saysSummary}), cleaned, without prose for the operator ({@link dropOperatorProse}) and
 * capped; an operation with neither gets `Calls GET /pets/{petId}. Arguments: petId (path, required).`
 */
export function operationDescription(input: DescriptionInput, maxLength: number): string {
  const summary = cleanMarkdown(input.summary ?? "");
  const description = dropOperatorProse(cleanMarkdown(input.description ?? ""), {
    acceptArgument: input.arguments.some((a) => a.in === "header" && a.name.toLowerCase() === "accept"),
    aboutCredentials: CREDENTIAL_SUBJECT.test(summary),
  });
  let text: string;
  if (summary && description) {
    text = saysSummary(description, summary, input.name ?? "") ? description : joinSummary(summary, description);
  } else {
    text = summary || description || fallbackDescription(input);
  }
  if (input.deprecated) text = `${DEPRECATED}${text}`;
  return capLength(text, maxLength);
}

const DEPRECATED = "Deprecated. ";

function joinSummary(summary: string, description: string): string {
  return `${summary.replace(/([^.!?])$/, "$1.")}\n${description}`;
}

/**
 * A tool description built under one name, for a tool a curation file renames: the summary is put
 * back in front when the description left it out only because the old name said it
 * ({@link saysSummary}). Not capped again: a summary is one short line.
 */
export function withSummary(description: string, rawSummary: string, name: string): string {
  const summary = cleanMarkdown(rawSummary);
  const deprecated = description.startsWith(DEPRECATED);
  const body = deprecated ? description.slice(DEPRECATED.length) : description;
  if (summary === "" || body === summary || saysSummary(body, summary, name)) return description;
  return `${deprecated ? DEPRECATED : ""}${joinSummary(summary, body)}`;
}

/** Words too common to tell a summary from its description. */
const COMMON = new Set(["a", "an", "the", "for", "of", "to", "in", "on", "by", "with", "and", "or"]);
/** A word without a common ending, lower-cased: create, creates, created; repository, repositories. */
function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith("ies")) return w.slice(0, -3);
  if (w.endsWith("es") || w.endsWith("ed")) return w.slice(0, -2);
  return /[sdey]$/.test(w) ? w.slice(0, -1) : w;
}
const WORD_BREAK = /[\s.,:;'`()]+/;
/** Abbreviations tool names use (GitHub's `orgs_list`, `repos_get`), with the words summaries spell out. */
const NAME_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  org: ["organization"],
  orgs: ["organizations"],
  repo: ["repository"],
  repos: ["repositories"],
};

/**
 * Whether the description already says the summary, so the description alone loses nothing:
 * it opens with the summary's text, or every word of the summary (less {@link COMMON} ones, and up
 * to a common ending) is a word of the description's first sentence or of the tool's name, which
 * the model reads beside every description ("Set GitHub Actions cache limit for an enterprise." /
 * "Sets GitHub Actions cache limit for an enterprise."; "Get a code of conduct." beside
 * `codes_of_conduct_get_conduct_code` / "Returns information about the specified GitHub code of
 * conduct."). On GitHub's spec about 4,500 tokens from the first sentence and 3,200 more from the
 * name.
 */
export function saysSummary(description: string, summary: string, name: string): boolean {
  // Long descriptions are common: only their opening is lower-cased and split.
  const head = summary.replace(/\.$/, "").toLowerCase();
  if (description.slice(0, head.length).toLowerCase() === head) return true;
  const words = summary.split(WORD_BREAK).filter((word) => word !== "" && !COMMON.has(word.toLowerCase()));
  if (words.length === 0) return false;
  const end = description.search(/\n|[.!?]\s/);
  const said = new Set((end < 0 ? description : description.slice(0, end + 1)).split(WORD_BREAK).map(stem));
  for (const word of name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/)) {
    said.add(stem(word));
    for (const spelled of NAME_ABBREVIATIONS[word.toLowerCase()] ?? []) said.add(stem(spelled));
  }
  return words.every((word) => said.has(stem(word)));
}

function fallbackDescription(input: DescriptionInput): string {
  const call = `${input.method} ${input.path}`;
  if (input.arguments.length === 0) return `Calls ${call}. Takes no arguments.`;
  const args = input.arguments
    .map((a) => `${a.name} (${a.in}${a.required ? ", required" : ""})`)
    .join(", ");
  return `Calls ${call}. Arguments: ${args}.`;
}
