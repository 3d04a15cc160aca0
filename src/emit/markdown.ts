/**
 * Markdown escaping for text from a spec that lands in a generated README: one line, no markup,
 * nothing that can break a table row or a code span.
 */

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Plain inline text: line breaks become spaces; markdown and HTML punctuation is backslash-escaped. */
export function mdText(text: string): string {
  return text.replace(LINE_BREAK, " ").replace(/[\\`*_[\]<>|~#!]/g, "\\$&").trim();
}

/** A table cell of plain text (pipes are escaped by {@link mdText}). */
export function mdCell(text: string): string {
  return mdText(text);
}

/**
 * An inline code span holding `text` verbatim (on one line): delimited by a backtick run longer
 * than any inside, padded when the text starts or ends with a backtick. `inTable` escapes `|`, which
 * GitHub's tables require even inside code spans.
 */
export function mdCode(text: string, inTable = false): string {
  const line = text.replace(LINE_BREAK, " ");
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  const span = `${ticks}${pad}${line}${pad}${ticks}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}

/** A fenced code block, its fence longer than any backtick run in `text`. */
export function mdFence(language: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** The first non-empty line of a description, shortened to `max` characters. */
export function summaryLine(text: string, max = 160): string {
  const line = text.split(LINE_BREAK).map((l) => l.trim()).find((l) => l !== "") ?? "";
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
