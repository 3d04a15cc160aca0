/**
 * Reads a curation file (YAML, or JSON, which is YAML too) and validates it against
 * {@link CurationSchema}, keeping a way back from paths to line numbers.
 */
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { toCurationProblems, type LineLookup, type PathedProblem } from "../curate/curation-path.js";
import { CurationSchema, type Curation } from "../curate/curation-schema.js";
import { ConfigError, CurationError } from "../errors.js";
import { issuesToProblems } from "./curation-issues.js";
import { createLineLookup } from "./curation-lines.js";

export type { LineLookup } from "../curate/curation-path.js";

/** A validated curation file and the line lookup into its text. */
export interface LoadedCuration {
  curation: Curation;
  lines: LineLookup;
}

/**
 * Reads and validates a curation file.
 *
 * @throws ConfigError when the file cannot be read (missing, a directory, unreadable).
 * @throws CurationError for YAML syntax errors and schema violations, with paths and lines.
 */
export async function loadCuration(file: string): Promise<LoadedCuration> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new ConfigError(`curation file not found: ${file}`, { file }, "check the file path");
    }
    throw new ConfigError(`cannot read curation file ${file}: ${(error as Error).message}`, { file });
  }
  return parseCuration(text, file);
}

/**
 * Parses and validates curation text (`file` names it in errors). An empty document is an empty
 * curation (every operation, default policy).
 *
 * @throws CurationError for a YAML syntax error (only the first, at its line, with path
 *   `(syntax)`; duplicate keys count) and for schema violations (one problem per issue, one per
 *   unknown key).
 */
export function parseCuration(text: string, file: string): LoadedCuration {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lines = createLineLookup(document, counter);
  const syntaxError = document.errors[0];
  if (syntaxError) {
    // Only the first: later syntax errors are mostly knock-on effects of it.
    const line = counter.linePos(syntaxError.pos[0]).line;
    const message = `YAML syntax error: ${firstSentence(syntaxError.message)}`;
    throw new CurationError(file, [{ message, path: "(syntax)", line }]);
  }
  const data: unknown = document.toJS() ?? {};
  const parsed = CurationSchema.safeParse(data);
  if (!parsed.success) {
    const problems: PathedProblem[] = issuesToProblems(parsed.error.issues, data, CurationSchema);
    throw new CurationError(file, toCurationProblems(problems, lines));
  }
  return { curation: parsed.data, lines };
}

/** yaml's messages end with the position and a code excerpt: keep the words. */
function firstSentence(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
}
