/**
 * Headers every request of a tool carries whatever the model passes, as an API's own SDK sends
 * them: a `User-Agent` naming the client (GitHub refuses requests without one), an `Accept` built
 * from the operation's success media types, and the curation file's `headers` (server-wide, then
 * per tool), which beat both defaults. Resolved once at start — `${env:NAME}` read then — so a call
 * costs one object spread ({@link withStaticHeaders}).
 *
 * Precedence, lowest first: default User-Agent and Accept < server `headers` < tool `headers` <
 * what the request itself carries (header arguments, Content-Type, Cookie) < credentials, which
 * `applyAuth` sets afterwards. A curation header is never an argument (the curation step hides
 * header parameters of the same name), so only the defaults can be overridden by an argument.
 */
import { BAD_HEADER_CHAR } from "./build-request.js";
import { ServeConfigError } from "../core/serve-settings.js";
import type { ServerDefinition, ToolDefinition } from "../core/tool-definition.js";

/** One tool's headers, ready to merge into a request. */
export interface StaticHeaders {
  headers: Readonly<Record<string, string>>;
  /** Lower-case name → the key used in {@link headers}. */
  names: ReadonlyMap<string, string>;
}

/** The headers of every tool, and the secrets read from the environment for them. */
export interface ResolvedStaticHeaders {
  byTool: Map<ToolDefinition, StaticHeaders>;
  /** Values read with `${env:NAME}`, and the header values that contain them: redact them everywhere. */
  secrets: string[];
}

/** A `${env:NAME}` that cannot be resolved at start; names the header and the variable, never a value. */
export class StaticHeaderError extends ServeConfigError {
  /** The environment variable to set or fix. */
  readonly variable: string;
  constructor(message: string, variable: string) {
    super(message);
    this.variable = variable;
  }
}

/** `${env:NAME}` in a header value: read from the environment when the server starts (global: use with replace/matchAll). */
export const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Resolves every tool's static headers from `definition` and `env`. `userAgent` (e.g.
 * `openapi-mcp-bridge/1.4.0`, or a generated project's `name/version`) is the default
 * `User-Agent`; without it none is set here.
 *
 * @throws StaticHeaderError when a `${env:NAME}` variable is unset or empty, or holds a character
 *   no header may carry (CR, LF, other controls).
 */
export function resolveStaticHeaders(
  definition: ServerDefinition,
  env: Record<string, string | undefined>,
  userAgent?: string,
): ResolvedStaticHeaders {
  const secrets = new Set<string>();
  const expand = (name: string, template: string): string => {
    if (!template.includes("${env:")) return template;
    const value = template.replace(ENV_REFERENCE, (_match, variable: string) => {
      const read = env[variable]?.trim();
      if (read === undefined || read === "") {
        throw new StaticHeaderError(`header ${name} reads \${env:${variable}}, but ${variable} is not set: set it in the server's environment`, variable);
      }
      if (BAD_HEADER_CHAR.test(read)) {
        throw new StaticHeaderError(`${variable} (read by header ${name}) contains control characters or non-Latin-1 text, which cannot be sent in an HTTP header`, variable);
      }
      secrets.add(read);
      return read;
    });
    secrets.add(value);
    return value;
  };
  const serverHeaders = expandAll(definition.headers, expand);
  const byTool = new Map<ToolDefinition, StaticHeaders>();
  for (const tool of definition.tools) {
    const defaults: Record<string, string> = {};
    if (userAgent !== undefined) defaults["User-Agent"] = userAgent;
    const accept = tool.http.responseMediaTypes;
    if (accept !== undefined && accept.length > 0) defaults["Accept"] = accept.join(", ");
    byTool.set(tool, merged([defaults, serverHeaders, expandAll(tool.headers, expand)]));
  }
  return { byTool, secrets: [...secrets] };
}

/**
 * The request's headers over the tool's static ones, names compared case-insensitively: a header
 * the request already carries wins. Returns a new object; `built` is not changed.
 */
export function withStaticHeaders(built: Record<string, string>, fixed: StaticHeaders | undefined): Record<string, string> {
  if (fixed === undefined) return built;
  const out = { ...fixed.headers };
  for (const key in built) {
    const shadowed = fixed.names.get(key.toLowerCase());
    if (shadowed !== undefined && shadowed !== key) delete out[shadowed];
    out[key] = built[key] as string;
  }
  return out;
}

function expandAll(headers: Record<string, string> | undefined, expand: (name: string, template: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers ?? {})) out[name] = expand(name, template);
  return out;
}

/** Later layers replace earlier headers of the same name, whatever its case. */
function merged(layers: Array<Record<string, string>>): StaticHeaders {
  const headers: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) {
      const lower = name.toLowerCase();
      const earlier = names.get(lower);
      if (earlier !== undefined) delete headers[earlier];
      headers[name] = value;
      names.set(lower, name);
    }
  }
  return { headers, names };
}

/** One variable a curation header reads, for `list`, READMEs and `.env.example`. */
export interface HeaderVariable {
  name: string;
  /** The headers that read it, e.g. `Header Authorization (tools issues_create) reads it`. */
  description: string;
  /** Always true: values read from the environment are treated as secrets. */
  secret: true;
}

/** Every `${env:NAME}` the server's and its tools' headers read, in order of first appearance. */
export function headerVariables(definition: ServerDefinition): HeaderVariable[] {
  const readers = new Map<string, string[]>();
  const scan = (headers: Record<string, string> | undefined, where: string): void => {
    for (const [name, template] of Object.entries(headers ?? {})) {
      for (const match of template.matchAll(ENV_REFERENCE)) {
        const variable = match[1] as string;
        const list = readers.get(variable) ?? [];
        const reader = `${name}${where}`;
        if (!list.includes(reader)) list.push(reader);
        readers.set(variable, list);
      }
    }
  };
  scan(definition.headers, "");
  for (const tool of definition.tools) scan(tool.headers, ` (tool ${tool.name})`);
  return [...readers].map(([name, list]) => ({
    name,
    description: `Value for the ${list.join(", ")} header${list.length === 1 ? "" : "s"} (curation headers; required, secret)`,
    secret: true as const,
  }));
}
