/**
 * Parses spec text as JSON or YAML. Syntax errors become one-line {@link SpecError}s with the line.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import { SpecError } from "../errors.js";

/** Parses JSON (fast path) or YAML text into a plain value. */
export function parseSpecText(text: string, file: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      // JSON is YAML too, but a broken JSON file is better reported as JSON.
      throw jsonSyntaxError(error, text, file);
    }
  }
  try {
    // Real specs can be large and repeat anchors; YAML 1.1 merge keys (`<<`) appear in vendor files.
    return parseYaml(text, { maxAliasCount: -1, merge: true, prettyErrors: true, uniqueKeys: false });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      const message = error.message.split("\n")[0] ?? "syntax error";
      throw new SpecError(
        `YAML syntax error: ${message.replace(/ at line \d+, column \d+:?$/, "")}`,
        { file, ...(line === undefined ? {} : { line }) },
        "fix the YAML syntax at that line",
      );
    }
    throw error;
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
