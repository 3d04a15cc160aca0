/**
 * The JSON half of parse-text.ts, on its own so that loading a JSON spec does not load js-yaml
 * (~3,000 lines evaluated before the first line of the spec is read; `serve` on GitHub's JSON
 * spec waits for it on its critical path).
 */
import { SpecError } from "../errors.js";

/** True when the text is JSON rather than YAML (an object or array first). */
export function isJsonText(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed.startsWith("{") || trimmed.startsWith("[");
}

/** `JSON.parse`, with a syntax error as a one-line {@link SpecError} naming the line. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(error, text, file);
  }
}

function jsonSyntaxError(error: unknown, text: string, file: string): SpecError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  let line: number | undefined;
  if (position?.[1] !== undefined) {
    const offset = Number(position[1]);
    line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  }
  return new SpecError(
    `JSON syntax error: ${message.replace(/^.*?JSON[^:]*: /, "")}`,
    { file, ...(line === undefined ? {} : { line }) },
    "fix the JSON syntax at that line",
  );
}
