/**
 * `headers` in the curation file (top level and per tool): static headers sent on every request,
 * for what a spec leaves out (GitHub's `X-GitHub-Api-Version`, an `Accept` variant). They belong to
 * the server's configuration, so a header parameter of the same name stops being an argument.
 */
import { ENV_REFERENCE } from "../runtime/request/static-headers.js";
import type { ToolDefinition } from "../runtime/core/tool-definition.js";
import type { CurationPath, PathedProblem } from "./curation-path.js";

/**
 * Headers a static header may not set (lower case): the transport's framing and routing
 * (RFC 9110 §7.2, §6.6; RFC 9112 §6–§9), the body's own Content-Type, and Cookie/Proxy-Authorization,
 * which credentials own. Authorization is allowed only from the environment ({@link headerProblems}).
 */
const FORBIDDEN: Record<string, string> = {
  host: "the upstream URL decides it",
  "content-length": "the runtime computes it from the body",
  "transfer-encoding": "the HTTP client frames the body",
  connection: "the HTTP client manages connections",
  "keep-alive": "the HTTP client manages connections",
  "proxy-connection": "the HTTP client manages connections",
  te: "the HTTP client negotiates it",
  trailer: "the HTTP client frames the body",
  upgrade: "the HTTP client manages connections",
  expect: "the HTTP client decides it",
  "content-type": "the runtime sets it from the operation's request body media type",
  cookie: "declare an apiKey security scheme with in: cookie instead",
  "proxy-authorization": "proxies are configured outside the server",
};


/**
 * Problems with a `headers` block: forbidden names, a duplicate name differing only in case, a
 * `${...}` that is not `${env:NAME}`, and an `Authorization` whose value is written in the file (a
 * secret in version control) rather than read with `${env:NAME}`.
 */
export function headerProblems(headers: Record<string, string> | undefined, base: CurationPath): PathedProblem[] {
  const problems: PathedProblem[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    const path = [...base, name];
    const lower = name.toLowerCase();
    const reason = FORBIDDEN[lower];
    if (reason !== undefined) problems.push({ path, message: `the ${name} header cannot be set here`, hint: reason });
    const earlier = seen.get(lower);
    if (earlier !== undefined) problems.push({ path, message: `header ${JSON.stringify(name)} repeats ${JSON.stringify(earlier)} (header names ignore case)`, hint: "keep one of them" });
    seen.set(lower, name);
    if (value.replace(ENV_REFERENCE, "").includes("${")) {
      problems.push({ path, message: 'a "${" in a header value must start an environment reference', hint: 'write "${env:NAME}", NAME made of letters, digits and "_"' });
    }
    if (lower === "authorization" && environmentReferences(value).length === 0) {
      problems.push({
        path,
        message: "an Authorization header written in the curation file would put a secret in it",
        hint: 'read it from the environment ("Bearer ${env:MY_TOKEN}"), or declare a scheme under securitySchemes and name it in security',
      });
    }
  }
  return problems;
}

/** The variable names a header value reads, in order of appearance. */
export function environmentReferences(value: string): string[] {
  return [...value.matchAll(ENV_REFERENCE)].map((match) => match[1]!);
}

/**
 * Hides every header argument whose wire name (case-insensitive) is in `names`: it leaves the input
 * schema, its fixed and default values are dropped (the static header is sent instead), and a model
 * that passes it is refused as for any hidden argument. Copies on write: the IR's tool is shared.
 */
export function hideHeaderArguments(tool: ToolDefinition, names: ReadonlySet<string>): ToolDefinition {
  const hidden = tool.http.arguments.filter((b) => b.target.in === "header" && names.has(b.target.name.toLowerCase())).map((b) => b.argument);
  if (hidden.length === 0) return tool;
  const gone = new Set(hidden);
  const properties = { ...(tool.inputSchema.properties as Record<string, never> | undefined) };
  for (const argument of gone) delete properties[argument];
  const required = Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required.filter((r) => typeof r !== "string" || !gone.has(r)) : undefined;
  const { required: _required, ...schema } = tool.inputSchema;
  return {
    ...tool,
    inputSchema: { ...schema, properties, ...(required && required.length > 0 ? { required } : {}) },
    http: {
      ...tool.http,
      arguments: tool.http.arguments.map((binding) => {
        if (!gone.has(binding.argument)) return binding;
        const { fixedValue: _fixed, defaultValue: _default, ...rest } = binding;
        // Not required of the request builder any more: the curation header supplies it after the build.
        return { ...rest, required: false, hidden: true };
      }),
    },
    pagingArguments: tool.pagingArguments.filter((argument) => !gone.has(argument)),
  };
}
