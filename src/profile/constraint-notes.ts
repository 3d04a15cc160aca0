/**
 * Words for what a client profile cannot carry in its schema, and the tool description's
 * "Constraints:" line that gathers them. Models read "at most 5000 characters" more reliably than a
 * keyword they were never given; the runtime still enforces every one of them (calls are validated
 * against the full schema), so the line tells the model what the server will refuse.
 */
import type { ConstraintNote } from "./profile-schema.js";

/** Longest "Constraints:" line before the rest is counted instead of listed. */
export const MAX_CONSTRAINTS_CHARS = 1500;

/** One keyword in words: `maxLength: 5` → "at most 5 characters". `annotation`: as a sentence for a description. */
export function describeKeyword(keyword: string, value: unknown, annotation = false): string {
  const v = (x: unknown): string => {
    const text = typeof x === "string" ? x : JSON.stringify(x) ?? "";
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  };
  switch (keyword) {
    case "minLength": return `at least ${v(value)} characters`;
    case "maxLength": return `at most ${v(value)} characters`;
    case "pattern": return `matches /${v(value)}/`;
    case "format": return `format ${v(value)}`;
    case "minimum": return `≥ ${v(value)}`;
    case "maximum": return `≤ ${v(value)}`;
    case "exclusiveMinimum": return `> ${v(value)}`;
    case "exclusiveMaximum": return `< ${v(value)}`;
    case "multipleOf": return `a multiple of ${v(value)}`;
    case "minItems": return `at least ${v(value)} items`;
    case "maxItems": return `at most ${v(value)} items`;
    case "uniqueItems": return value === true ? "no duplicate items" : "duplicates allowed";
    case "minProperties": return `at least ${v(value)} keys`;
    case "maxProperties": return `at most ${v(value)} keys`;
    case "enum": return `one of ${Array.isArray(value) ? value.map(v).join(", ") : v(value)}`;
    case "const": return `exactly ${v(value)}`;
    case "title": return annotation ? `(${v(value)})` : `title ${v(value)}`;
    case "default": return annotation ? `Default: ${v(value)}.` : `default ${v(value)}`;
    case "examples": return annotation ? `Example: ${Array.isArray(value) ? v(value[0]) : v(value)}.` : `e.g. ${v(value)}`;
    case "deprecated": return value === true ? (annotation ? "Deprecated." : "deprecated") : "";
    case "contentMediaType": return `content of type ${v(value)}`;
    case "contentEncoding": return `encoded as ${v(value)}`;
    default: return `${keyword} ${v(value)}`;
  }
}

/**
 * The "Constraints:" line for a tool's description: identical constraints grouped (`a, b: at most
 * 5000 characters`), at most {@link MAX_CONSTRAINTS_CHARS} characters, and a count of the rest.
 * Empty when there are no notes.
 */
export function constraintsLine(notes: readonly ConstraintNote[]): string {
  const byText = new Map<string, string[]>();
  for (const { path, text } of notes) {
    if (text === "") continue;
    const paths = byText.get(text) ?? [];
    const label = path === "" ? "(arguments)" : path;
    if (!paths.includes(label)) paths.push(label);
    byText.set(text, paths);
  }
  if (byText.size === 0) return "";
  const parts = [...byText].map(([text, paths]) => `${paths.join(", ")}: ${text}`);
  let line = "Constraints (the server checks them):";
  let shown = 0;
  for (const part of parts) {
    if (line.length + part.length + 2 > MAX_CONSTRAINTS_CHARS && shown > 0) break;
    line += `${shown === 0 ? " " : "; "}${part}`;
    shown++;
  }
  const rest = parts.length - shown;
  return rest > 0 ? `${line}; and ${rest} more not listed (an invalid call is refused naming the field).` : `${line}.`;
}
