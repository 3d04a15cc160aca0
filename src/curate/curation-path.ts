/**
 * Paths into a curation file (`tools[2].arguments.petId`) and the problems that carry them.
 */
import type { CurationProblem } from "../errors.js";

/** Keys and indexes from the document root, e.g. `["tools", 2, "arguments", "petId"]`. */
export type CurationPath = Array<string | number>;

/** The 1-based line of the key (or list item) a path leads to, or of its nearest existing ancestor. */
export type LineLookup = (path: CurationPath) => number | undefined;

/** A problem found while checking or applying a curation file, before its line is looked up. */
export interface PathedProblem {
  path: CurationPath;
  message: string;
  hint?: string;
}

/** Keys that read well after a dot; anything else is written `["..."]`. */
const PLAIN_KEY = /^[^.[\]"'\s]+$/;

/** Writes a path the way users read it: `tools[2].arguments.petId`; the empty path is `(root)`. */
export function formatCurationPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** Formats problems, adds their lines, and orders them as they appear in the file. */
export function toCurationProblems(problems: readonly PathedProblem[], lines?: LineLookup): CurationProblem[] {
  const out = problems.map((problem): CurationProblem => {
    const result: CurationProblem = { message: problem.message, path: formatCurationPath(problem.path) };
    const line = lines?.(problem.path);
    if (line !== undefined) result.line = line;
    if (problem.hint !== undefined) result.hint = problem.hint;
    return result;
  });
  // Stable sort: problems without a line keep their relative order, after the others.
  return out.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}
