/**
 * The help text of every command, kept as data so `openapi-mcp <command> --help`, `openapi-mcp help
 * <command>` and the did-you-mean for a misspelt option all read the same option list.
 */

/** The commands the CLI knows. */
export const COMMANDS = ["list", "init", "call", "serve", "generate"] as const;

/** One of {@link COMMANDS}. */
export type CommandName = (typeof COMMANDS)[number];

/** One command's help: what it does, its usage line, its options, an example. */
export interface CommandHelp {
  summary: string;
  usage: string;
  /** `[flag, one-line meaning]`; the flag as typed, with its value placeholder. */
  options: Array<[string, string]>;
  example: string;
}

const CURATION: [string, string] = ["--curation FILE", "Curation file choosing and shaping the tools (write one with `init`)."];
const DISCOVERY: [string, string] = ["--discovery", "Discovery mode: list search_operations, describe_operation and call_operation, which reach every operation (curation tools entries are listed beside them)."];
const BASE_URL: [string, string] = ["--base-url URL", "Upstream base URL; beats OPENAPI_MCP_BASE_URL, the curation file and the spec."];
const HELP: [string, string] = ["-h, --help", "This help."];
const CLIENT: [string, string] = ["--client NAME", "openai, gemini, anthropic or cursor: list names and schemas as that client accepts them (beats `client:` in the curation file)."];
const READ_ONLY: [string, string] = ["--read-only", "Only tools with readOnlyHint: true (GET operations, and those annotated so); as readOnly: true in the curation file."];

/** Help for each command. */
export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  list: {
    summary: "Show the tools the spec (and curation file) produce, with their exact token cost (o200k_base, of the tools/list JSON) and the environment they read.",
    usage: "openapi-mcp list <spec> [options]",
    options: [
      CURATION,
      BASE_URL,
      ["--json", 'Print {"tools", "tokens", "warnings", "environment"}, each tool exactly as tools/list returns it.'],
      ["--strict", "Turn spec warnings into errors."],
      ["--validate", "Also run swagger-parser's validation and report what it finds as warnings."],
      ["--max-name-length N", "Longest tool name, 8 to 256 (default 64; clients prefix names, leave room)."],
      CLIENT,
      ["--max-tokens N", "Exit 1 when the whole tool list costs more than N o200k tokens (for CI)."],
      READ_ONLY,
      ["--discovery", "List what a discovery-mode server lists: the three meta-tools and the tools listed beside them (also discovery: true in the curation file)."],
      HELP,
    ],
    example: "openapi-mcp list openapi.yaml --curation openapi.curation.yaml",
  },
  init: {
    summary: "Write a starter curation file listing every operation by tag, each commented out: uncomment the ones to serve.",
    usage: "openapi-mcp init <spec> [options]",
    options: [
      ["--out FILE", "Where to write (default: <spec name>.curation.yaml in the current directory)."],
      ["--force", "Overwrite FILE if it exists."],
      HELP,
    ],
    example: "openapi-mcp init openapi.yaml",
  },
  call: {
    summary: "Run one tool call through the same runtime `serve` uses and print its result (structured content as JSON when present). Exits 1 when the result is an error.",
    usage: "openapi-mcp call <spec> <tool> ['<json arguments>'] [options]",
    options: [
      CURATION,
      BASE_URL,
      ["--json", "Print the whole CallToolResult as JSON."],
      CLIENT,
      HELP,
    ],
    example: `openapi-mcp call openapi.yaml --curation openapi.curation.yaml get_pet_by_id '{"petId": 1}'`,
  },
  serve: {
    summary: "Run the MCP server over stdio (default) or Streamable HTTP (endpoint /mcp, GET /healthz). Credentials come from OPENAPI_MCP_* environment variables (see `list`).",
    usage: "openapi-mcp serve <spec> [options]",
    options: [
      CURATION,
      BASE_URL,
      DISCOVERY,
      ["--transport stdio|http", "How clients connect (default stdio)."],
      ["--host H", "HTTP: address to bind (default 127.0.0.1)."],
      ["--port P", "HTTP: port to bind (default 3000; 0 picks a free one)."],
      ["--allowed-host H", "HTTP, repeatable: also accept this Host header (DNS-rebinding allow-list) when binding beyond loopback."],
      ["--allowed-origin O", "HTTP, repeatable: also accept this Origin."],
      CLIENT,
      ["--max-concurrent-calls N, …", "Every limit in the README's \"Limits\" table is a flag (beating its OPENAPI_MCP_* variable)."],
      ["--oauth-issuer URL", "HTTP: accept only OAuth access tokens from this authorization server (beats serve.oauth.issuer)."],
      ["--oauth-audience URI", "HTTP: this server's canonical URL; tokens must name it in aud (beats serve.oauth.audience)."],
      ["--oauth-scope S", "HTTP, repeatable: a scope every token must carry (beats serve.oauth.requiredScopes)."],
      ["--oauth-introspection", "HTTP: accept opaque tokens through the issuer's RFC 7662 introspection."],
      READ_ONLY,
      ["--rate-limit RATE", "Requests per caller, e.g. 120/min (beats serve.rateLimit.perCaller); HTTP past it: 429 with Retry-After."],
      ["--rate-limit-tool T=RATE", "Repeatable: calls per caller of tool T, e.g. create_issue=10/min (beats serve.rateLimit.perTool)."],
      ["--max-concurrent-calls-per-caller N", "Tool calls one caller may have in flight (default 16 once a rate limit is set)."],
      ["--audit", "One JSON audit line per tool call on stderr (serve.audit)."],
      ["--audit-file PATH", "Append the audit lines to PATH instead."],
      ["--audit-arguments", "Include argument values (redacted) in audit lines."],
      ["--metrics", "Prometheus metrics at GET /metrics on the HTTP listener (serve.metrics)."],
      ["--metrics-port N", "Serve /metrics on a port of its own instead."],
      HELP,
    ],
    example: "openapi-mcp serve openapi.yaml --curation openapi.curation.yaml --transport http --port 3000",
  },
  generate: {
    summary: "Write a standalone TypeScript MCP server project for the selected tools. README.md, .env.example and .gitignore are written only when absent.",
    usage: "openapi-mcp generate <spec> --out DIR [options]",
    options: [
      ["--out DIR", "The project directory (required)."],
      CURATION,
      BASE_URL,
      DISCOVERY,
      ["--check", "Write nothing; exit 1 listing the generated files that differ (for CI)."],
      ["--force", "Write into a non-empty directory that does not hold a generated project."],
      CLIENT,
      READ_ONLY,
      HELP,
    ],
    example: "openapi-mcp generate openapi.yaml --curation openapi.curation.yaml --out my-server",
  },
};

/** `openapi-mcp <command> --help`. */
export function commandHelpText(command: CommandName): string {
  const help = COMMAND_HELP[command];
  const width = Math.max(...help.options.map(([flag]) => flag.length));
  return [
    `${help.summary}`,
    "",
    `Usage: ${help.usage}`,
    "",
    "<spec> is a path or an http(s) URL to an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML).",
    "",
    "Options:",
    ...help.options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`),
    "",
    "Example:",
    `  ${help.example}`,
  ].join("\n");
}

/** `openapi-mcp --help`. */
export function generalHelpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.length));
  return [
    "openapi-mcp — turn an OpenAPI description into an MCP server",
    "",
    "Usage: openapi-mcp <command> <spec> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.padEnd(width)}  ${COMMAND_HELP[c].summary.split(/(?<=\.) /)[0]}`),
    "",
    "Run `openapi-mcp <command> --help` (or `openapi-mcp help <command>`) for a command's options.",
    "  -h, --help  This help.   -v, --version  The version.",
    "",
    "First time: openapi-mcp init openapi.yaml, uncomment a few tools, then list, call and serve (see the README).",
  ].join("\n");
}

/** The long option names a command accepts (`--curation`, ...), for did-you-mean. */
export function optionNames(command: CommandName): string[] {
  return COMMAND_HELP[command].options.flatMap(([flag]) => flag.split(/,\s*/).map((f) => f.split(" ")[0]!)).filter((f) => f.startsWith("--"));
}
