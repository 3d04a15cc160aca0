/**
 * `securitySchemes` and `security` in the curation file: what a spec leaves out about credentials
 * (GitHub's declares no scheme at all), said in OpenAPI's own vocabulary
 * (https://spec.openapis.org/oas/v3.1.0#security-scheme-object,
 * https://spec.openapis.org/oas/v3.1.0#security-requirement-object).
 */
import type { ApiIr, OperationIr } from "../ir/types.js";
import { schemeToDefinition } from "../ir/security.js";
import type { SecurityRequirement, SecuritySchemeDefinition } from "../runtime/core/tool-definition.js";
import type { CurationPath, PathedProblem } from "./curation-path.js";
import type { Curation, ToolEntry } from "./curation-schema.js";
import { didYouMean } from "./did-you-mean.js";

/** The spec's schemes with the curation file's added; a curation scheme of the same name replaces the spec's. */
export function curatedSecuritySchemes(ir: ApiIr, curation: Curation | undefined): Record<string, SecuritySchemeDefinition> {
  const out = structuredClone(ir.securitySchemes);
  for (const [name, scheme] of Object.entries(curation?.securitySchemes ?? {})) {
    // The zod schema admits only the five known types, so the conversion always succeeds.
    const converted = schemeToDefinition(scheme as Record<string, unknown>);
    if (converted) out[name] = converted;
  }
  return out;
}

/** An HTTP header name (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Problems with the file's own schemes: an apiKey sent in a header needs a valid header name. */
export function schemeProblems(curation: Curation | undefined): PathedProblem[] {
  const problems: PathedProblem[] = [];
  for (const [name, scheme] of Object.entries(curation?.securitySchemes ?? {})) {
    if (scheme.type === "apiKey" && scheme.in === "header" && !HEADER_NAME.test(scheme.name)) {
      problems.push({ path: ["securitySchemes", name, "name"], message: `${JSON.stringify(scheme.name)} is not an HTTP header name`, hint: "use letters, digits and !#$%&'*+.^_`|~-, e.g. X-API-Key" });
    }
  }
  return problems;
}

/** One problem per requirement entry naming a scheme that neither the spec nor the file declares. */
export function unknownSchemeProblems(
  requirements: readonly SecurityRequirement[] | undefined,
  schemes: Record<string, SecuritySchemeDefinition>,
  base: CurationPath,
): PathedProblem[] {
  const known = Object.keys(schemes);
  const problems: PathedProblem[] = [];
  (requirements ?? []).forEach((requirement, i) => {
    for (const name of Object.keys(requirement)) {
      if (name in schemes) continue;
      problems.push({
        path: [...base, i, name],
        message: `security requirement names unknown security scheme ${JSON.stringify(name)}`,
        hint:
          didYouMean(name, known) ??
          (known.length > 0 ? `declared schemes: ${known.join(", ")}` : "declare it under securitySchemes in the curation file"),
      });
    }
  });
  return problems;
}

/**
 * The tool's requirement: its `tools` entry's `security` beats everything; else, when the spec says
 * nothing about the operation's credentials ({@link OperationIr.securityUndeclared}: no `security`
 * on the operation or the document), the file's `security`; else the spec's (an explicit
 * `security: []` stays public).
 */
export function toolSecurity(operation: OperationIr, entry: ToolEntry | undefined, curation: Curation | undefined): SecurityRequirement[] {
  if (entry?.security !== undefined) return structuredClone(entry.security);
  if (operation.securityUndeclared === true && curation?.security !== undefined) return structuredClone(curation.security);
  return operation.tool.security;
}
