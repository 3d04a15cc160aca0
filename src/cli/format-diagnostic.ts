/**
 * One line for a spec warning.
 */
import type { Diagnostic } from "../ir/types.js";

/** `pointer: message — hint`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.pointer}: ${d.message}${d.hint ? ` — ${d.hint}` : ""}`;
}
