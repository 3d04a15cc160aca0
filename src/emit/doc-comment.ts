/**
 * Comments in generated code carry text from the spec, so they are neutralised: nothing can close
 * a block comment (`*\/` is written `*\/`), end a line comment, or turn into a JSDoc tag (an `@`
 * that would start a tag, at the start of a word or after `{`, is written `\@`, TSDoc's escape).
 */
import type { CodeBlockWriter } from "ts-morph";

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Text safe inside a `/** ... *\/` comment, as lines (trailing whitespace and blank edges trimmed). */
export function docCommentLines(text: string): string[] {
  const lines = text
    .replace(LINE_BREAK, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(/(^|[\s{])@/g, "$1\\@")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  // Runs of blank lines collapse to one: paragraphs, not whitespace.
  return lines.filter((line, i) => !(line === "" && lines[i - 1] === ""));
}

/** Text safe on one `//` comment line: every line break becomes a space. */
export function lineCommentText(text: string): string {
  return text.replace(LINE_BREAK, " ");
}

/**
 * Writes a JSDoc block: `/** one line *\/` when it fits on one line, else one ` * ` line each.
 * `tags` are trusted tag lines (e.g. `@deprecated ...`) written after the text, already escaped.
 */
export function writeDocComment(writer: CodeBlockWriter, text: string, tags: string[] = []): void {
  const lines = [...docCommentLines(text)];
  if (tags.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...tags);
  }
  if (lines.length === 0) return;
  if (lines.length === 1) {
    writer.writeLine(`/** ${lines[0]} */`);
    return;
  }
  writer.writeLine("/**");
  for (const line of lines) writer.writeLine(line === "" ? " *" : ` * ${line}`);
  writer.writeLine(" */");
}
