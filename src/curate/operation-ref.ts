/**
 * Operation references in a curation file: an operationId, or `"METHOD /path"` with the method in
 * any case and the path exactly as written in the spec.
 */
import type { OperationIr } from "../ir/types.js";
import type { CurationPath, PathedProblem } from "./curation-path.js";
import { didYouMean } from "./did-you-mean.js";

/** Lookup tables over a spec's operations. */
export interface OperationIndex {
  byId: Map<string, OperationIr>;
  /** Keyed by {@link operationRoute}. */
  byRoute: Map<string, OperationIr>;
  /** Every valid reference (operationIds, then routes), for suggestions. */
  references: string[];
}

/** `"GET /pets/{petId}"`. */
export function operationRoute(operation: Pick<OperationIr, "method" | "path">): string {
  return `${operation.method} ${operation.path}`;
}

/** How messages name an operation: its operationId, or its route. */
export function operationLabel(operation: OperationIr): string {
  return operation.operationId ?? operationRoute(operation);
}

/** Indexes operations by operationId (first one wins on duplicates) and by route. */
export function indexOperations(operations: readonly OperationIr[]): OperationIndex {
  const byId = new Map<string, OperationIr>();
  const byRoute = new Map<string, OperationIr>();
  for (const operation of operations) {
    if (operation.operationId !== undefined && !byId.has(operation.operationId)) {
      byId.set(operation.operationId, operation);
    }
    byRoute.set(operationRoute(operation), operation);
  }
  return { byId, byRoute, references: [...byId.keys(), ...byRoute.keys()] };
}

const ROUTE = /^([A-Za-z]+)\s+(\S.*)$/;

/** The operation a reference names: an operationId first, else a `"METHOD /path"` route. */
export function resolveOperationRef(ref: string, index: OperationIndex): OperationIr | undefined {
  const byId = index.byId.get(ref);
  if (byId) return byId;
  const route = ROUTE.exec(ref.trim());
  if (!route) return undefined;
  return index.byRoute.get(`${route[1]!.toUpperCase()} ${route[2]!.trim()}`);
}

/** The problem for a reference that names no operation, with the closest reference as a hint. */
export function unknownOperationProblem(ref: string, path: CurationPath, index: OperationIndex): PathedProblem {
  return {
    path,
    message: `unknown operation ${JSON.stringify(ref)}`,
    hint:
      didYouMean(ref, index.references) ??
      'refer to an operationId or to "METHOD /path" with the path as written in the spec',
  };
}
