/**
 * zod validation issues of a curation file, in plain words: one {@link PathedProblem} per issue
 * (per key, for unknown keys), with suggestions for misspelt keys.
 */
import { z } from "zod";
import type { CurationPath, PathedProblem } from "../curate/curation-path.js";
import { didYouMean } from "../curate/did-you-mean.js";

/** Converts the issues of a failed `schema.safeParse(data)` into problems. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], data: unknown, schema: z.ZodType): PathedProblem[] {
  return issues.flatMap((issue) => issueToProblems(issue, data, schema));
}

function issueToProblems(issue: z.core.$ZodIssue, data: unknown, schema: z.ZodType): PathedProblem[] {
  const path: CurationPath = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = objectKeysAt(schema, path);
      return issue.keys.map((key): PathedProblem => ({
        path: [...path, key],
        message: `unknown key ${JSON.stringify(key)}`,
        hint: didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed keys: ${allowed.join(", ")}` : undefined),
      }));
    }
    case "invalid_type": {
      const value = valueAt(data, path);
      if (value === undefined) return [{ path, message: "is required" }];
      const problem: PathedProblem = { path, message: `expected ${expectedWords(issue.expected)}, got ${describe(value)}` };
      if (issue.expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
        problem.hint = "put it in quotes so it is read as text";
      }
      return [problem];
    }
    case "too_small":
    case "too_big":
      return [{ path, message: boundWords(issue) }];
    case "invalid_key":
      // A record key (a header name) failed its own check: say what that check wants.
      return [{ path, message: `key ${issue.issues[0]?.message ?? "is not allowed here"}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function expectedWords(expected: string): string {
  const words: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping of keys to values",
    record: "a mapping of keys to values",
  };
  return words[expected] ?? expected;
}

function boundWords(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const bound = Number(small ? issue.minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  if (issue.origin === "string") {
    if (!small) return `must be at most ${bound} characters`;
    return bound <= 1 ? "must not be empty" : `must be at least ${bound} characters`;
  }
  if (issue.origin === "array") return `must have at ${small ? "least" : "most"} ${bound} items`;
  if (issue.inclusive === false) return `must be ${small ? "greater" : "less"} than ${bound}`;
  return `must be at ${small ? "least" : "most"} ${bound}`;
}

function describe(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

function valueAt(data: unknown, path: CurationPath): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** The keys the schema allows for the object at `path` (empty when it is not a strict object). */
function objectKeysAt(schema: z.ZodType, path: CurationPath): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    current = current && unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
