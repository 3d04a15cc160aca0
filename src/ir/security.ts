/**
 * Security schemes and requirements, reduced to what the runtime needs to attach credentials.
 * OpenAPI 3: https://spec.openapis.org/oas/v3.1.0#security-scheme-object; Swagger 2.0
 * `securityDefinitions` map onto the same shapes (basic → http basic, flows renamed).
 */
import type { SecurityRequirement, SecuritySchemeDefinition } from "../runtime/core/tool-definition.js";
import type { RefResolver } from "./resolve-ref.js";
import { appendPointer } from "./json-pointer.js";
import type { Diagnostic, SpecVersion } from "./types.js";

type Raw = Record<string, unknown>;

/** Converts every declared security scheme; unusable ones are skipped with a warning. */
export function securitySchemesFromSpec(
  document: Raw,
  specVersion: SpecVersion,
  resolver: RefResolver,
  warnings: Diagnostic[],
): Record<string, SecuritySchemeDefinition> {
  const base = specVersion === "2.0" ? "#/securityDefinitions" : "#/components/securitySchemes";
  const raw = (specVersion === "2.0" ? document.securityDefinitions : (document.components as Raw | undefined)?.securitySchemes) as Raw | undefined;
  const out: Record<string, SecuritySchemeDefinition> = {};
  for (const [name, node] of Object.entries(raw ?? {})) {
    const pointer = appendPointer(base, name);
    let scheme: Raw;
    try {
      scheme = resolver.resolve(node as Raw, pointer).value;
    } catch {
      warnings.push({ pointer, message: `security scheme "${name}" cannot be resolved; it is ignored` });
      continue;
    }
    const converted = schemeToDefinition(scheme);
    if (converted) out[name] = converted;
    else warnings.push({ pointer, message: `security scheme "${name}" has an unknown type "${String(scheme?.type)}"; it is ignored` });
  }
  return out;
}

/**
 * One Security Scheme Object (OpenAPI 3 or Swagger 2.0) → its runtime shape; undefined for an
 * unknown type. Also converts the curation file's `securitySchemes`.
 */
export function schemeToDefinition(s: Raw): SecuritySchemeDefinition | undefined {
  const description = typeof s.description === "string" ? { description: s.description } : {};
  switch (s.type) {
    case "apiKey": {
      const where = s.in === "query" || s.in === "cookie" ? s.in : "header";
      return { type: "apiKey", in: where, name: String(s.name ?? "X-API-Key"), ...description };
    }
    case "http":
      return {
        type: "http",
        scheme: String(s.scheme ?? "bearer").toLowerCase(),
        ...(typeof s.bearerFormat === "string" ? { bearerFormat: s.bearerFormat } : {}),
        ...description,
      };
    case "basic":
      return { type: "http", scheme: "basic", ...description };
    case "oauth2":
      return { type: "oauth2", flows: oauthFlows(s), ...description };
    case "openIdConnect":
      return { type: "openIdConnect", openIdConnectUrl: String(s.openIdConnectUrl ?? ""), ...description };
    case "mutualTLS":
      return { type: "mutualTLS", ...description };
    default:
      return undefined;
  }
}

type Flows = Extract<SecuritySchemeDefinition, { type: "oauth2" }>["flows"];

function oauthFlows(s: Raw): Flows {
  const scopes = (f: Raw | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((f?.scopes as Raw | undefined) ?? {})) out[k] = String(v ?? "");
    return out;
  };
  const str = (v: unknown): string => (typeof v === "string" ? v : "");
  if (s.flows && typeof s.flows === "object") {
    const f = s.flows as Record<string, Raw | undefined>;
    const flows: Flows = {};
    if (f.clientCredentials) flows.clientCredentials = { tokenUrl: str(f.clientCredentials.tokenUrl), scopes: scopes(f.clientCredentials) };
    if (f.authorizationCode) flows.authorizationCode = { authorizationUrl: str(f.authorizationCode.authorizationUrl), tokenUrl: str(f.authorizationCode.tokenUrl), scopes: scopes(f.authorizationCode) };
    if (f.implicit) flows.implicit = { authorizationUrl: str(f.implicit.authorizationUrl), scopes: scopes(f.implicit) };
    if (f.password) flows.password = { tokenUrl: str(f.password.tokenUrl), scopes: scopes(f.password) };
    return flows;
  }
  // Swagger 2.0: one flow per scheme, with older names.
  switch (s.flow) {
    case "application":
      return { clientCredentials: { tokenUrl: str(s.tokenUrl), scopes: scopes(s) } };
    case "accessCode":
      return { authorizationCode: { authorizationUrl: str(s.authorizationUrl), tokenUrl: str(s.tokenUrl), scopes: scopes(s) } };
    case "implicit":
      return { implicit: { authorizationUrl: str(s.authorizationUrl), scopes: scopes(s) } };
    case "password":
      return { password: { tokenUrl: str(s.tokenUrl), scopes: scopes(s) } };
    default:
      return {};
  }
}

/**
 * The requirement list for one operation: its own `security` (an empty list turns auth off), else
 * the document's. Requirements naming undeclared schemes are dropped with a warning.
 */
export function operationSecurity(
  operation: Raw,
  document: Raw,
  schemes: Record<string, SecuritySchemeDefinition>,
  pointer: string,
  warnings: Diagnostic[],
): SecurityRequirement[] {
  const raw = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  const out: SecurityRequirement[] = [];
  for (const requirement of raw as unknown[]) {
    if (!requirement || typeof requirement !== "object") continue;
    const entry: SecurityRequirement = {};
    let known = true;
    for (const [name, scopes] of Object.entries(requirement as Raw)) {
      if (!schemes[name]) {
        warnings.push({ pointer: `${pointer}/security`, message: `security requirement names undeclared scheme "${name}"` });
        known = false;
        continue;
      }
      entry[name] = Array.isArray(scopes) ? scopes.map(String) : [];
    }
    if (known || Object.keys(entry).length > 0) out.push(entry);
  }
  return out;
}
