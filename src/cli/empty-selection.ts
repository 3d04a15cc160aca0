/**
 * What to say when a spec and curation file select no tools — the state `init` leaves a file in,
 * so the first thing a new user meets. `list` prints it; `serve` and `call` refuse with it, since a
 * server with no tools looks to an MCP client like a broken one.
 */
import { NO_OPERATION_SELECTED } from "../curate/select-operations.js";

/** The inputs the advice names. */
export interface SelectionInputs {
  spec: string;
  curation?: string;
}

/** One line: why nothing is selected and what to edit. */
export function emptySelectionMessage(inputs: SelectionInputs, operationCount: number): string {
  if (operationCount === 0) return `no tools: ${inputs.spec} declares no operations under paths`;
  if (inputs.curation === undefined) return `no tools selected from ${inputs.spec}`;
  return (
    `no tools selected: ${inputs.curation} selects none of ${operationCount} operations — uncomment entries under \`tools:\` in ${inputs.curation} ` +
    `(delete the leading "#"), or add \`include:\` with tags or paths; check with  openapi-mcp list ${inputs.spec} --curation ${inputs.curation}`
  );
}

/** The pipeline's warnings without the generic "nothing selected" one, which {@link emptySelectionMessage} replaces. */
export function withoutEmptySelectionWarning(warnings: readonly string[]): string[] {
  return warnings.filter((w) => w !== NO_OPERATION_SELECTED);
}
