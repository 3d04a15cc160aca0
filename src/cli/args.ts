/**
 * argv → typed command options. Pure: no I/O, no exit; errors are {@link ConfigError}s.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.js";
import { SERVE_OPTIONS, ServeConfigError, serveSettingsFromValues, type ServeSettings } from "../runtime/serve-settings.js";

/** `openapi-mcp list`. */
export interface ListOptions {
  command: "list";
  spec: string;
  curation?: string;
  baseUrl?: string;
  json: boolean;
  strict: boolean;
  validate: boolean;
  maxNameLength?: number;
}

/** `openapi-mcp init`. */
export interface InitOptions {
  command: "init";
  spec: string;
  out?: string;
  force: boolean;
}

/** `openapi-mcp serve`: the spec and curation, plus the server settings generated entry points take too. */
export interface ServeOptions extends ServeSettings {
  command: "serve";
  spec: string;
  curation?: string;
}

/** `openapi-mcp generate`. */
export interface GenerateOptions {
  command: "generate";
  spec: string;
  curation?: string;
  baseUrl?: string;
  out: string;
  /** Compare with the output directory instead of writing; exit 1 when anything differs. */
  check: boolean;
  /** Write into a non-empty directory that does not hold a generated project. */
  force: boolean;
}

/** `openapi-mcp help` / `--help` / `--version`. */
export interface InfoOptions {
  command: "help" | "version";
}

/** Any parsed command line. */
export type CommandOptions = ListOptions | InitOptions | ServeOptions | GenerateOptions | InfoOptions;

export const USAGE = `openapi-mcp — turn an OpenAPI description into an MCP server

Usage:
  openapi-mcp list <spec> [--curation FILE] [--base-url URL] [--json] [--strict] [--validate]
  openapi-mcp init <spec> [--out FILE] [--force]
  openapi-mcp serve <spec> [--curation FILE] [--base-url URL] [--transport stdio|http] [--host H] [--port P]
  openapi-mcp generate <spec> [--curation FILE] [--base-url URL] --out DIR [--check] [--force]

<spec> is a path or an http(s) URL to an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML).

Commands:
  list   Show the tools the spec (and curation file) produce, with estimated token cost.
         --json prints {"tools": [...], "warnings": [...]}, each tool exactly as tools/list returns it.
         --strict turns spec warnings into errors; --validate also runs swagger-parser's validation
         and reports what it finds as warnings.
  serve  Run the MCP server: over stdio (default), or Streamable HTTP with --transport http
         (default 127.0.0.1:3000, endpoint /mcp, GET /healthz). --allowed-host and --allowed-origin
         (repeatable) widen the DNS-rebinding allow-lists when binding beyond loopback, which also
         needs --allow-unauthenticated (/mcp has no authentication). Limits (--max-connections,
         --max-concurrent-calls, --shutdown-grace-ms, ...): see the README's "Limits" table.
         Credentials and the base URL come from OPENAPI_MCP_* environment variables (see README).
  generate  Write a standalone TypeScript MCP server project for the selected tools into DIR: typed
         tool files, the runtime, README, .env.example, Dockerfile and a smoke test. README.md,
         .env.example and .gitignore are written only when absent. --check writes nothing and exits 1
         listing the generated files that differ (for CI). --force writes into a non-empty
         directory that does not hold a generated project.
  init   Write a starter curation file listing every operation by tag, nothing selected
         (default: <spec name>.curation.yaml; --force overwrites).

Options:
  --max-name-length N   Longest tool name (default 64; clients prefix names, leave room).
  -h, --help            This help.  -v, --version  The version.`;

/** Parses `process.argv.slice(2)`. */
export function parseCommandLine(argv: string[]): CommandOptions {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return { command: "help" };
  if (command === "--version" || command === "-v" || command === "version") return { command: "version" };
  switch (command) {
    case "list":
      return parseList(rest);
    case "init":
      return parseInit(rest);
    case "serve":
      return parseServe(rest);
    case "generate":
      return parseGenerate(rest);
    default:
      throw new ConfigError(`unknown command "${command}"`, undefined, "run `openapi-mcp --help` for the commands");
  }
}

function parseList(argv: string[]): ListOptions {
  const { values, positionals } = parse(argv, {
    curation: { type: "string" },
    "base-url": { type: "string" },
    json: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    validate: { type: "boolean", default: false },
    "max-name-length": { type: "string" },
  });
  const spec = onePositional(positionals, "list");
  const maxNameLength = values["max-name-length"] === undefined ? undefined : positiveInt(String(values["max-name-length"]), "--max-name-length");
  return {
    command: "list",
    spec,
    ...(typeof values.curation === "string" ? { curation: values.curation } : {}),
    ...(typeof values["base-url"] === "string" ? { baseUrl: checkUrl(values["base-url"]) } : {}),
    json: values.json === true,
    strict: values.strict === true,
    validate: values.validate === true,
    ...(maxNameLength === undefined ? {} : { maxNameLength }),
  };
}

function parseInit(argv: string[]): InitOptions {
  const { values, positionals } = parse(argv, { out: { type: "string" }, force: { type: "boolean", default: false } });
  return {
    command: "init",
    spec: onePositional(positionals, "init"),
    ...(typeof values.out === "string" ? { out: values.out } : {}),
    force: values.force === true,
  };
}

function parseServe(argv: string[]): ServeOptions {
  // The server flags are the runtime's, so serve and generated entry points accept the same ones.
  const { values, positionals } = parse(argv, { curation: { type: "string" }, ...SERVE_OPTIONS });
  let settings: ServeSettings;
  try {
    settings = serveSettingsFromValues(values);
  } catch (error) {
    if (error instanceof ServeConfigError) throw new ConfigError(error.message, undefined, "run `openapi-mcp --help` for the options");
    throw error;
  }
  return {
    command: "serve",
    spec: onePositional(positionals, "serve"),
    ...(typeof values.curation === "string" ? { curation: values.curation } : {}),
    ...settings,
  };
}

function parseGenerate(argv: string[]): GenerateOptions {
  const { values, positionals } = parse(argv, {
    curation: { type: "string" },
    "base-url": { type: "string" },
    out: { type: "string" },
    check: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
  });
  const spec = onePositional(positionals, "generate");
  if (typeof values.out !== "string" || values.out === "") {
    throw new ConfigError("generate needs an output directory", undefined, "openapi-mcp generate <spec> --out DIR");
  }
  return {
    command: "generate",
    spec,
    ...(typeof values.curation === "string" ? { curation: values.curation } : {}),
    ...(typeof values["base-url"] === "string" ? { baseUrl: checkUrl(values["base-url"]) } : {}),
    out: values.out,
    check: values.check === true,
    force: values.force === true,
  };
}

type OptionSpec = Record<string, { type: "string" | "boolean"; default?: boolean | string; multiple?: boolean }>;

function parse(argv: string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    throw new ConfigError(message.replace(/\. To specify.*$/, ""), undefined, "run `openapi-mcp --help` for the options");
  }
}

function onePositional(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new ConfigError(`${command} needs a spec path or URL`, undefined, `openapi-mcp ${command} <spec>`);
  if (positionals.length > 1) throw new ConfigError(`${command} takes one spec, got ${positionals.length}: ${positionals.join(" ")}`);
  return positionals[0]!;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 8 || n > 256) throw new ConfigError(`${flag} must be a whole number from 8 to 256, got "${text}"`);
  return n;
}

function checkUrl(text: string): string {
  if (!/^https?:\/\/[^/]/i.test(text)) throw new ConfigError(`--base-url must be an absolute http(s) URL, got "${text}"`);
  return text.replace(/\/+$/, "");
}
