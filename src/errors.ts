/**
 * Typed errors. Each carries where the problem is (a file and a JSON pointer or line) and what to do,
 * so the CLI can print one clear line instead of a stack trace.
 */

/** Where in an input file a problem sits. */
export interface SourceLocation {
  /** Path or URL of the file. */
  file: string;
  /** JSON pointer, e.g. `#/paths/~1pets/get`. */
  pointer?: string;
  /** 1-based line, when known. */
  line?: number;
}

/** Base class: a problem with the user's input that has a location and a fix. */
export class BridgeError extends Error {
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;

  constructor(message: string, location?: SourceLocation, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.location = location;
    this.hint = hint;
  }

  /** One line: `file#/pointer (line N): message — hint`. */
  format(): string {
    return formatProblem(this.message, this.location, this.hint);
  }
}

/** The spec cannot be read, parsed or used. */
export class SpecError extends BridgeError {}

/** Options or configuration given to a command are wrong. */
export class ConfigError extends BridgeError {}

/** One problem in a curation file. */
export interface CurationProblem {
  message: string;
  /** Path inside the curation file, e.g. `tools[2].operation`. */
  path: string;
  line?: number;
  hint?: string;
}

/** Every problem found in a curation file, reported together. */
export class CurationError extends BridgeError {
  readonly problems: CurationProblem[];

  constructor(file: string, problems: CurationProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in curation file`,
      { file },
    );
    this.problems = problems;
  }

  override format(): string {
    const file = this.location?.file ?? "curation";
    const lines = this.problems.map((p) => {
      const where = p.line === undefined ? `${file}` : `${file}:${p.line}`;
      const hint = p.hint ? ` — ${p.hint}` : "";
      return `  ${where} ${p.path}: ${p.message}${hint}`;
    });
    return [`${file}: ${this.message}`, ...lines].join("\n");
  }
}

/** Formats a message with its location and hint as one line. */
export function formatProblem(message: string, location?: SourceLocation, hint?: string): string {
  let where = "";
  if (location) {
    where = location.file;
    if (location.line !== undefined) where += `:${location.line}`;
    if (location.pointer) where += ` ${location.pointer}`;
    where += ": ";
  }
  return `${where}${message}${hint ? ` — ${hint}` : ""}`;
}
