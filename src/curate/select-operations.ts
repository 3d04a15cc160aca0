/**
 * Which operations become tools: `include`, `exclude` and `tools` of a curation file applied to a
 * spec's operations.
 */
import type { OperationIr } from "../ir/types.js";
import { formatCurationPath, type CurationPath, type PathedProblem } from "./curation-path.js";
import type { Curation, Selector, ToolEntry } from "./curation-schema.js";
import { closestMatch } from "./did-you-mean.js";
import {
  indexOperations,
  operationLabel,
  resolveOperationRef,
  unknownOperationProblem,
  type OperationIndex,
} from "./operation-ref.js";
import { matchPathGlob } from "./path-glob.js";

/** The warning for a selection of nothing; the CLI replaces it with advice naming the file. */
export const NO_OPERATION_SELECTED = "no operation selected: the server will have no tools; list operations under `tools` or `include`";

/** Above this many tools, selecting every operation earns a warning. */
export const TOOL_COUNT_WARNING_THRESHOLD = 40;

/** A `tools` entry and its index in the file. */
export interface ToolEntryRef {
  entry: ToolEntry;
  index: number;
}

/** The outcome of selection. */
export interface OperationSelection {
  /** Selected operations, in spec order. */
  selected: OperationIr[];
  /** The `tools` entry of each operation that has one. */
  entries: Map<OperationIr, ToolEntryRef>;
  problems: PathedProblem[];
  warnings: string[];
}

/**
 * Selects operations, in spec order.
 *
 * - Operations named in `include.operations` or in `tools` are always selected.
 * - `include.tags`, `include.methods` and `include.paths` are ANDed: an operation must satisfy each
 *   criterion given (any listed tag, any listed method, any listed glob). An empty list counts as
 *   not given. Tags compare exactly; methods ignore case; paths are globs ({@link matchPathGlob}).
 * - With no include criterion, no `include.operations` and no `tools`, every operation is selected
 *   (with a warning above {@link TOOL_COUNT_WARNING_THRESHOLD} tools).
 * - In discovery mode (`discovery`), `tools` entries are what is listed beside the meta-tools and
 *   do not bound the selection: with no include criterion and no `include.operations`, every
 *   operation is selected, and no count warning is given (search keeps the list small).
 * - An operation matching any `exclude` criterion is removed, except that exclude tags, methods
 *   and paths never remove an operation named explicitly in `include.operations` or `tools` (the
 *   explicit choice wins). Naming such an operation in `exclude.operations` is a problem.
 * - Unknown references and a second `tools` entry for the same operation are problems; tags and
 *   path globs that match nothing are warnings.
 */
/** What selection looks at: enough to decide before an operation is converted. */
export type OperationSummary = Pick<OperationIr, "operationId" | "method" | "path" | "tags">;

/**
 * Which operations a curation file could select, decided from their summaries alone, so start-up
 * converts only those (GitHub: 15 of 1,223). A superset is fine; `undefined` means every operation
 * (a file that chooses nothing). Selection proper still runs on the converted operations.
 */
export function candidateFilter(curation: Curation | undefined, discovery = false): ((operation: OperationSummary) => boolean) | undefined {
  if (curation?.include === undefined && curation?.tools === undefined) return undefined;
  const include = curation.include ?? {};
  if (discovery && !reachBounded(include)) return undefined;
  const refs = new Set<string>();
  for (const ref of [...(include.operations ?? []), ...(curation.tools ?? []).map((t) => t.operation)]) {
    const route = /^([A-Za-z]+)\s+(\/.*)$/.exec(ref.trim());
    refs.add(route ? `${route[1]!.toUpperCase()} ${route[2]}` : ref);
  }
  const hasCriteria = given(include.tags) || given(include.methods) || given(include.paths);
  return (operation) =>
    (operation.operationId !== undefined && refs.has(operation.operationId)) ||
    refs.has(`${operation.method} ${operation.path}`) ||
    (hasCriteria && matchesEvery(operation, include));
}

export function selectOperations(operations: readonly OperationIr[], curation: Curation | undefined, discovery = false): OperationSelection {
  const index = indexOperations(operations);
  const problems: PathedProblem[] = [];
  const warnings: string[] = [];
  const include = curation?.include ?? {};
  const exclude = curation?.exclude ?? {};

  // Explicitly named operations, with the path that names them first.
  const named = new Map<OperationIr, CurationPath>();
  resolveRefs(include.operations, ["include", "operations"], index, problems).forEach(([operation, path]) => {
    if (!named.has(operation)) named.set(operation, path);
  });

  const entries = new Map<OperationIr, ToolEntryRef>();
  for (const [i, entry] of (curation?.tools ?? []).entries()) {
    const path = ["tools", i, "operation"];
    const operation = resolveOperationRef(entry.operation, index);
    const earlier = operation && entries.get(operation);
    if (!operation) {
      problems.push(unknownOperationProblem(entry.operation, path, index));
    } else if (earlier) {
      problems.push({
        path,
        message: `operation ${JSON.stringify(operationLabel(operation))} already has a tools entry at tools[${earlier.index}]`,
        hint: "merge the two entries into one",
      });
    } else {
      entries.set(operation, { entry, index: i });
      if (!named.has(operation)) named.set(operation, path);
    }
  }

  const excludedByName = new Set<OperationIr>();
  for (const [operation, path] of resolveRefs(exclude.operations, ["exclude", "operations"], index, problems)) {
    const selectedBy = named.get(operation);
    if (selectedBy) {
      const label = JSON.stringify(operationLabel(operation));
      problems.push({
        path,
        message: `operation ${label} is excluded here but selected by ${formatCurationPath(selectedBy)}`,
        hint: "remove it from one of the two",
      });
    } else {
      // On a conflict the operation stays selected, so its tools entry is still checked.
      excludedByName.add(operation);
    }
  }

  warnings.push(...unmatchedCriteria(operations, include, "include"), ...unmatchedCriteria(operations, exclude, "exclude"));

  const hasCriteria = given(include.tags) || given(include.methods) || given(include.paths);
  // Writing `include` or `tools` at all (even `tools: []`, as `init` does) means "I choose":
  // only a file with neither selects every operation.
  // In discovery mode `tools` are what is listed beside the meta-tools, not a bound on what
  // search reaches: only include does that.
  const selectAll = discovery ? !reachBounded(include) : curation?.include === undefined && curation?.tools === undefined;
  const selected = operations.filter((operation) => {
    if (named.has(operation)) return true;
    if (!selectAll && !(hasCriteria && matchesEvery(operation, include))) return false;
    return !excludedByName.has(operation) && !matchesAny(operation, exclude);
  });

  if (selectAll && !discovery && selected.length > TOOL_COUNT_WARNING_THRESHOLD) {
    warnings.push(
      `${selected.length} tools selected (every operation): several clients cap tool counts; use include or tools to pick fewer`,
    );
  }
  if (selected.length === 0 && operations.length > 0) {
    warnings.push(NO_OPERATION_SELECTED);
  }
  return { selected, entries, problems, warnings };
}

/** Whether include names operations or criteria at all (in discovery mode, otherwise every operation is in reach). */
function reachBounded(include: Selector): boolean {
  return given(include.operations) || given(include.tags) || given(include.methods) || given(include.paths);
}

function given(list: readonly string[] | undefined): list is string[] {
  return list !== undefined && list.length > 0;
}

/** Resolves a list of references; unknown ones become problems. */
function resolveRefs(
  refs: readonly string[] | undefined,
  base: CurationPath,
  index: OperationIndex,
  problems: PathedProblem[],
): Array<[OperationIr, CurationPath]> {
  const out: Array<[OperationIr, CurationPath]> = [];
  (refs ?? []).forEach((ref, i) => {
    const path = [...base, i];
    const operation = resolveOperationRef(ref, index);
    if (operation) out.push([operation, path]);
    else problems.push(unknownOperationProblem(ref, path, index));
  });
  return out;
}

function matchesTags(operation: OperationSummary, tags: string[]): boolean {
  return operation.tags.some((tag) => tags.includes(tag));
}

function matchesMethods(operation: OperationSummary, methods: string[]): boolean {
  return methods.some((method) => method.toUpperCase() === operation.method);
}

function matchesPaths(operation: OperationSummary, paths: string[]): boolean {
  return paths.some((pattern) => matchPathGlob(pattern, operation.path));
}

/** Every criterion given (tags, methods, paths) is satisfied. */
function matchesEvery(operation: OperationSummary, selector: Selector): boolean {
  if (given(selector.tags) && !matchesTags(operation, selector.tags)) return false;
  if (given(selector.methods) && !matchesMethods(operation, selector.methods)) return false;
  if (given(selector.paths) && !matchesPaths(operation, selector.paths)) return false;
  return true;
}

/** At least one criterion given (tags, methods, paths) is satisfied. */
function matchesAny(operation: OperationIr, selector: Selector): boolean {
  return (
    (given(selector.tags) && matchesTags(operation, selector.tags)) ||
    (given(selector.methods) && matchesMethods(operation, selector.methods)) ||
    (given(selector.paths) && matchesPaths(operation, selector.paths))
  );
}

/** Warnings for tags no operation has and globs no path matches (likely typos). */
function unmatchedCriteria(operations: readonly OperationIr[], selector: Selector, key: string): string[] {
  const warnings: string[] = [];
  const tags = new Set(operations.flatMap((operation) => operation.tags));
  (selector.tags ?? []).forEach((tag, i) => {
    if (tags.has(tag)) return;
    const close = closestMatch(tag, tags);
    const hint = close === undefined ? "" : ` (did you mean ${JSON.stringify(close)}?)`;
    warnings.push(`${key}.tags[${i}]: no operation has tag ${JSON.stringify(tag)}${hint}`);
  });
  (selector.paths ?? []).forEach((pattern, i) => {
    if (operations.some((operation) => matchPathGlob(pattern, operation.path))) return;
    warnings.push(`${key}.paths[${i}]: ${JSON.stringify(pattern)} matches no operation path`);
  });
  return warnings;
}
