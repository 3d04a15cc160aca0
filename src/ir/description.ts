/**
 * Tool and argument descriptions: the spec's summary and description with markdown noise removed
 * and a length cap, or, when the spec says nothing, a description built from the operation itself.
 */

/** Removes markdown and HTML noise that costs tokens and helps no model. */
export function cleanMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "") // images
    .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, "$1") // links keep their text
    .replace(/<\/?(?:br|p|div|span|b|i|em|strong|code|ul|ol|li|a|h\d|table|tr|td|th|tbody|thead|pre|sup|sub)\b[^>]*>/gi, " ")
    .replace(/^#{1,6}\s+/gm, "") // headings
    .replace(/^\s*[-*_]{3,}\s*$/gm, "") // rules
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/__([^_]+)__/g, "$1")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

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
  /** Argument names with their location, for the fallback description. */
  arguments: Array<{ name: string; in: string; required: boolean }>;
}

/**
 * Summary and description joined (the summary alone when the description repeats it), cleaned and
 * capped; an operation with neither gets `GET /pets/{petId}: takes petId (path, required).`
 */
export function operationDescription(input: DescriptionInput, maxLength: number): string {
  const summary = cleanMarkdown(input.summary ?? "");
  const description = cleanMarkdown(input.description ?? "");
  let text: string;
  if (summary && description) {
    text = description.toLowerCase().startsWith(summary.toLowerCase().replace(/\.$/, ""))
      ? description
      : `${summary.replace(/([^.!?])$/, "$1.")}\n\n${description}`;
  } else {
    text = summary || description || fallbackDescription(input);
  }
  if (input.deprecated) text = `Deprecated. ${text}`;
  return capLength(text, maxLength);
}

function fallbackDescription(input: DescriptionInput): string {
  const call = `${input.method} ${input.path}`;
  if (input.arguments.length === 0) return `Calls ${call}. Takes no arguments.`;
  const args = input.arguments
    .map((a) => `${a.name} (${a.in}${a.required ? ", required" : ""})`)
    .join(", ");
  return `Calls ${call}. Arguments: ${args}.`;
}

/** A short title for the tool: the summary when it is short, else undefined. */
export function operationTitle(summary: string | undefined): string | undefined {
  if (!summary) return undefined;
  const clean = cleanMarkdown(summary).split("\n")[0]?.replace(/\.$/, "").trim();
  return clean && clean.length <= 80 ? clean : undefined;
}
