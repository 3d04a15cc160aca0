/**
 * Fits tool results into the response budget (`ToolPolicy.maxResponseTokens × CHARS_PER_TOKEN`).
 * JSON stays valid, compact JSON, and truncation always says what was cut and how much:
 * - a top-level array becomes `{"items":[…],"_truncated":{"originalCount","keptCount","note",…}}`;
 * - a top-level object gains one `"_truncated"` entry (`"_truncated_"` etc. if the key is taken)
 *   holding a note and a `cuts` list of `{path, originalCount, keptCount}` (arrays),
 *   `{path, originalKeys, keptKeys}` (objects) or `{path, originalLength, keptLength}` (strings),
 *   paths being JSONPath into the returned document (at most 5 listed, then `moreCuts`);
 * - cut strings end with `…[N more chars]` in place.
 * Markers live at the top rather than beside each nested array so the data keeps its shape and the
 * model finds every cut in one place. Text is cut with `\n…[truncated: kept N of M characters]`.
 */
import { JsonShrinker, limitDepth, MAX_DEPTH, type Cut, type Json } from "./json-shrink.js";

/** Characters per token used to turn a token budget into a character budget. */
export const CHARS_PER_TOKEN = 4;

/** What a truncation kept. `notes` are human-readable lines for logs, not part of `text`. */
export interface TruncationResult {
  /** The text to return: within `maxChars`, valid JSON when produced by {@link truncateJson}. */
  text: string;
  truncated: boolean;
  /** The kept JSON value (the parse of `text`), when JSON. */
  value?: unknown;
  notes: string[];
}

/** Options for {@link truncateJson}. */
export interface TruncateJsonOptions {
  /** The tool's paging arguments, named in the marker (e.g. `page`, `per_page`). */
  pagingArguments?: string[];
  /** The tool's field-selection argument: the marker names it and lists the fields the answer has. */
  fields?: { argument: string; available: () => string[] };
}

const MAX_LISTED_CUTS = 5;
const MAX_NOTES = 10;
const KIND_ORDER = { array: 0, object: 1, string: 2 } as const;

function describeCut(cut: Cut): { [key: string]: Json } {
  if (cut.kind === "array") return { path: cut.path, originalCount: cut.original, keptCount: cut.kept };
  if (cut.kind === "object") return { path: cut.path, originalKeys: cut.original, keptKeys: cut.kept };
  return { path: cut.path, originalLength: cut.original, keptLength: cut.kept };
}

function cutNote(cut: Cut): string {
  const unit = cut.kind === "array" ? "items" : cut.kind === "object" ? "keys" : "characters";
  return `${cut.path}: kept ${cut.kept} of ${cut.original} ${unit}`;
}

function pagingHint(paging: string[] | undefined): string {
  return paging !== undefined && paging.length > 0
    ? ` Use the paging arguments ${paging.join(", ")} to fetch more.`
    : " Narrow the request (filters, fields, smaller pages) to see the rest.";
}

/** Marker detail: 0 full, 1 without the cut list, 2 counts only. */
type Level = 0 | 1 | 2;

function listCuts(marker: { [key: string]: Json }, cuts: Cut[], level: Level): void {
  if (cuts.length === 0) return;
  if (level > 0) {
    marker["cutCount"] = cuts.length;
    return;
  }
  const sorted = [...cuts].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  marker["cuts"] = sorted.slice(0, MAX_LISTED_CUTS).map(describeCut);
  if (sorted.length > MAX_LISTED_CUTS) marker["moreCuts"] = sorted.length - MAX_LISTED_CUTS;
}

interface Attempt {
  value: Json;
  cuts: Cut[];
}

function markerKey(node: { [key: string]: Json }): string {
  let key = "_truncated";
  while (Object.prototype.hasOwnProperty.call(node, key)) key += "_";
  return key;
}

/** What one fitting pass needs besides the document. */
interface Pass {
  budget: number;
  level: Level;
  maxChars: number;
  paging: string[] | undefined;
  fields: { argument: string; available: string[] } | undefined;
}

/** Names the field-selection argument and, with full detail, the fields there are to choose from. */
function fieldsHint(marker: { [key: string]: Json }, fields: Pass["fields"], level: Level): string {
  if (fields === undefined || level === 2) return "";
  const example = fields.available.slice(0, 2).map((f) => JSON.stringify(f)).join(", ");
  if (level === 0 && fields.available.length > 0) marker["fields"] = fields.available;
  return ` Pass ${fields.argument} (dotted paths${example ? `, e.g. [${example}]` : ""}) to get only the fields you need${level === 0 ? "; fields lists those the answer has" : ""}.`;
}

function attemptArray(shrinker: JsonShrinker, root: Json[], { budget, level, maxChars, paging, fields }: Pass): Attempt {
  shrinker.reset();
  const items = shrinker.shrinkArray(root, Math.max(2, budget), "$.items", 0).value as Json[];
  // Cuts made by limitDepth use paths into the original array ("$[3]…"); the output nests it in "items".
  const others = shrinker.cuts
    .filter((c) => c.path !== "$.items")
    .map((c) => (c.path.startsWith("$[") ? { ...c, path: `$.items${c.path.slice(1)}` } : c));
  const marker: { [key: string]: Json } = { originalCount: root.length, keptCount: items.length };
  if (level < 2) {
    const nested = others.length > 0 ? " Some kept items were shortened too." : "";
    const shown = `Showing the first ${items.length} of ${root.length} items to stay within ${maxChars} characters.`;
    marker["note"] = `${shown}${nested}${pagingHint(paging)}${fieldsHint(marker, fields, level)}`;
  }
  listCuts(marker, others, level);
  const top: Cut = { path: "$.items", kind: "array", original: root.length, kept: items.length };
  return { value: { items, _truncated: marker }, cuts: [top, ...others] };
}

function attemptObject(shrinker: JsonShrinker, root: { [key: string]: Json }, { budget, level, maxChars, paging, fields }: Pass): Attempt {
  shrinker.reset();
  const kept = (shrinker.shrink(root, Math.max(2, budget), "$")?.value ?? {}) as { [key: string]: Json };
  const marker: { [key: string]: Json } = {};
  if (level < 2) {
    const shortened = `Response shortened to stay within ${maxChars} characters; see cuts for what was removed.`;
    marker["note"] = `${shortened}${pagingHint(paging)}${fieldsHint(marker, fields, level)}`;
  }
  listCuts(marker, shrinker.cuts, level);
  return { value: { ...kept, [markerKey(root)]: marker }, cuts: shrinker.cuts };
}

function result(text: string, value: unknown, cuts: Cut[], originalLength: number, maxChars: number): TruncationResult {
  const size = originalLength < 0 ? "too deeply nested to serialise in full; it" : `of ${originalLength} characters`;
  const notes = [`response ${size} exceeded the ${maxChars}-character budget`, ...cuts.slice(0, MAX_NOTES).map(cutNote)];
  if (cuts.length > MAX_NOTES) notes.push(`…and ${cuts.length - MAX_NOTES} more cuts`);
  return { text, truncated: true, value, notes };
}

/** Last resort when even the smallest marker does not fit beside any content. */
function minimal(root: Json, maxChars: number, originalLength: number): TruncationResult {
  const candidates: Json[] = [
    Array.isArray(root)
      ? { items: [], _truncated: { originalCount: root.length, keptCount: 0 } }
      : { _truncated: originalLength < 0 ? true : { originalLength } },
    { _truncated: true },
    null,
  ];
  for (const candidate of candidates) {
    const text = JSON.stringify(candidate);
    if (text.length <= maxChars) return result(text, candidate, [], originalLength, maxChars);
  }
  return result("", undefined, [], originalLength, maxChars);
}

/**
 * Serialises `value` as compact JSON within `maxChars` characters (marker included). A value that fits
 * is returned untouched; otherwise arrays keep their first items, long strings are cut, objects share
 * the budget among their keys (dropping keys only when there are too many), and nesting deeper than 24
 * levels is emptied. Linear in the size of the input.
 */
export function truncateJson(value: unknown, maxChars: number, options: TruncateJsonOptions = {}): TruncationResult {
  let full: string;
  let originalLength = -1;
  const depthCuts: Cut[] = [];
  try {
    full = JSON.stringify(value) ?? "null";
    if (full.length <= maxChars) return { text: full, truncated: false, value, notes: [] };
    originalLength = full.length;
  } catch (error) {
    // RangeError: too deep for the recursive JSON.stringify, so cut the depth first (iteratively).
    // Anything else (BigInt, cycles) is not JSON at all.
    if (!(error instanceof RangeError)) return truncateText(String(value), maxChars);
    try {
      full = JSON.stringify(limitDepth(value, MAX_DEPTH, depthCuts)) ?? "null";
    } catch {
      return truncateText(String(value), maxChars);
    }
  }
  const root = JSON.parse(full) as Json;
  const shrinker = new JsonShrinker(depthCuts);
  if (typeof root === "string") {
    const cut = shrinker.shrinkString(root, maxChars, "$");
    if (cut === undefined) return minimal(root, maxChars, originalLength);
    return result(JSON.stringify(cut.value), cut.value, shrinker.cuts, originalLength, maxChars);
  }
  if (typeof root !== "object" || root === null) return minimal(root, maxChars, originalLength);
  const wrapper = Array.isArray(root) ? '{"items":,"_truncated":}'.length : 0;
  const fields = options.fields === undefined ? undefined : { argument: options.fields.argument, available: options.fields.available() };
  for (const level of [0, 1, 2] as const) {
    let reserve = [160, 80, 40][level] as number;
    for (let pass = 0; pass < 6; pass++) {
      const budget = maxChars - wrapper - reserve;
      if (budget < 2) break;
      const pass: Pass = { budget, level, maxChars, paging: options.pagingArguments, fields };
      const attempt = Array.isArray(root) ? attemptArray(shrinker, root, pass) : attemptObject(shrinker, root, pass);
      const text = JSON.stringify(attempt.value);
      if (text.length <= maxChars) return result(text, attempt.value, attempt.cuts, originalLength, maxChars);
      reserve += text.length - maxChars;
    }
  }
  return minimal(root, maxChars, originalLength);
}

/** Cuts plain text to `maxChars`, ending with `\n…[truncated: kept N of M characters]`. */
export function truncateText(text: string, maxChars: number): TruncationResult {
  if (text.length <= maxChars) return { text, truncated: false, notes: [] };
  const marker = (kept: number): string => `\n…[truncated: kept ${kept} of ${text.length} characters]`;
  let keep = Math.max(0, maxChars - marker(text.length).length);
  if (keep > 0 && (text.charCodeAt(keep - 1) & 0xfc00) === 0xd800) keep--; // do not split a surrogate pair
  const note = `kept ${keep} of ${text.length} characters`;
  if (keep === 0 && marker(0).length > maxChars) {
    return { text: "…[truncated]".slice(0, maxChars), truncated: true, notes: [note] };
  }
  return { text: text.slice(0, keep) + marker(keep), truncated: true, notes: [note] };
}
