/**
 * argv → typed command options. Pure: no I/O, no exit; errors are {@link ConfigError}s.
 */
import { parseArgs } from "node:util";
import { closestMatch } from "../curate/did-you-mean.js";
import { ConfigError } from "../errors.js";
import { COMMANDS, type CommandName } from "./help.js";
import { SERVE_OPTIONS, ServeConfigError, serveSettingsFromValues, type ServeSettings } from "../runtime/core/serve-settings.js";
import type { ClientName } from "../runtime/core/tool-definition.js";

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
  /** `--client`: shape the tools for one client's rules. */
  client?: ClientName;
  /** Fail (exit 1) when the whole tools/list result costs more o200k tokens than this. */
  maxTokens?: number;
  /** `--read-only`: only tools with readOnlyHint. */
  readOnly?: boolean;
  /** `--discovery`: list what a discovery-mode server lists (the three meta-tools and the hybrid tools). */
  discovery?: boolean;
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
  /** `--client`: shape the tools for one client's rules. */
  client?: ClientName;
  /** `--discovery`: three meta-tools reach every operation (also `discovery: true` in the curation file). */
  discovery?: boolean;
}

/** `openapi-mcp generate`. */
export interface GenerateOptions {
  command: "generate";
  spec: string;
  curation?: string;
  baseUrl?: string;
  /** `--discovery`, as for serve. */
  discovery?: boolean;
  out: string;
  /** Compare with the output directory instead of writing; exit 1 when anything differs. */
  check: boolean;
  /** Write into a non-empty directory that does not hold a generated project. */
  force: boolean;
  /** `--client`: shape the tools for one client's rules. */
  client?: ClientName;
  /** `--read-only`: only tools with readOnlyHint. */
  readOnly?: boolean;
}

/** `openapi-mcp call`: one tool call through the runtime, from the command line. */
export interface CallOptions {
  command: "call";
  spec: string;
  curation?: string;
  baseUrl?: string;
  /** The tool's name as `list` shows it. */
  tool: string;
  /** The arguments, parsed from the JSON text given (an object). */
  arguments: Record<string, unknown>;
  /** Print the whole CallToolResult as JSON. */
  json: boolean;
  /** `--client`: take the arguments as this client's profile lists them. */
  client?: ClientName;
}

/** `openapi-mcp help [command]` / `<command> --help` / `--version`. */
export interface InfoOptions {
  command: "help" | "version";
  /** The command whose help to print; none for the general help. */
  topic?: CommandName;
}

/** Any parsed command line. */
export type CommandOptions = ListOptions | InitOptions | CallOptions | ServeOptions | GenerateOptions | InfoOptions;

/**
 * Parses `process.argv.slice(2)`. `--help`/`-h` anywhere before `--` asks for the command's help
 * instead of running it, so a user can append it to whatever they were typing.
 */
export function parseCommandLine(argv: string[]): CommandOptions {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h") return { command: "help" };
  if (command === "--version" || command === "-v" || command === "version") return { command: "version" };
  if (command === "help") {
    const topic = rest[0];
    return topic === undefined ? { command: "help" } : { command: "help", topic: knownCommand(topic) };
  }
  const name = knownCommand(command);
  const end = rest.indexOf("--");
  if ((end === -1 ? rest : rest.slice(0, end)).some((a) => a === "--help" || a === "-h")) return { command: "help", topic: name };
  switch (name) {
    case "list":
      return parseList(rest);
    case "init":
      return parseInit(rest);
    case "call":
      return parseCall(rest);
    case "serve":
      return parseServe(rest);
    case "generate":
      return parseGenerate(rest);
  }
}

function knownCommand(text: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(text)) return text as CommandName;
  const guess = closestMatch(text, COMMANDS);
  throw new ConfigError(
    `unknown command "${text}"${guess ? `: did you mean "${guess}"?` : ""}`,
    undefined,
    `the commands are ${COMMANDS.join(", ")}; run \`openapi-mcp --help\``,
  );
}

function parseList(argv: string[]): ListOptions {
  const { values, positionals } = parse("list", argv, {
    curation: { type: "string" },
    "base-url": { type: "string" },
    json: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    validate: { type: "boolean", default: false },
    "max-name-length": { type: "string" },
    client: { type: "string" },
    "max-tokens": { type: "string" },
    "read-only": { type: "boolean" },
    discovery: { type: "boolean", default: false },
  });
  const spec = onePositional(positionals, "list");
  const maxTokens = values["max-tokens"] === undefined ? undefined : tokenBudget(String(values["max-tokens"]));
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
    ...clientOption(values.client),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(values["read-only"] === true ? { readOnly: true } : {}),
    ...(values.discovery === true ? { discovery: true } : {}),
  };
}

function parseInit(argv: string[]): InitOptions {
  const { values, positionals } = parse("init", argv, { out: { type: "string" }, force: { type: "boolean", default: false } });
  return {
    command: "init",
    spec: onePositional(positionals, "init"),
    ...(typeof values.out === "string" ? { out: values.out } : {}),
    force: values.force === true,
  };
}

function parseServe(argv: string[]): ServeOptions {
  // The server flags are the runtime's, so serve and generated entry points accept the same ones.
  const { values, positionals } = parse("serve", argv, { curation: { type: "string" }, client: { type: "string" }, discovery: { type: "boolean", default: false }, ...SERVE_OPTIONS });
  let settings: ServeSettings;
  try {
    settings = serveSettingsFromValues(values);
  } catch (error) {
    if (error instanceof ServeConfigError) throw new ConfigError(error.message, undefined, "run `openapi-mcp serve --help` for the options");
    throw error;
  }
  return {
    command: "serve",
    spec: onePositional(positionals, "serve"),
    ...(typeof values.curation === "string" ? { curation: values.curation } : {}),
    ...clientOption(values.client),
    ...(values.discovery === true ? { discovery: true } : {}),
    ...settings,
  };
}

function parseGenerate(argv: string[]): GenerateOptions {
  const { values, positionals } = parse("generate", argv, {
    curation: { type: "string" },
    "base-url": { type: "string" },
    out: { type: "string" },
    discovery: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    client: { type: "string" },
    "read-only": { type: "boolean" },
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
    ...(values.discovery === true ? { discovery: true } : {}),
    out: values.out,
    check: values.check === true,
    force: values.force === true,
    ...clientOption(values.client),
    ...(values["read-only"] === true ? { readOnly: true } : {}),
  };
}

function parseCall(argv: string[]): CallOptions {
  const { values, positionals } = parse("call", argv, {
    curation: { type: "string" },
    "base-url": { type: "string" },
    json: { type: "boolean", default: false },
    client: { type: "string" },
  });
  const usage = `openapi-mcp call <spec> <tool> '{"arg": "value"}'`;
  if (positionals.length < 2) throw new ConfigError(positionals.length === 0 ? "call needs a spec and a tool name" : "call needs a tool name after the spec", undefined, usage);
  if (positionals.length > 3) throw new ConfigError(`call takes a spec, a tool and one JSON argument object, got ${positionals.length} words: ${positionals.slice(3).join(" ")}`, undefined, `quote the JSON as one word: ${usage}`);
  const [spec, tool, text = "{}"] = positionals as [string, string, string?];
  return {
    command: "call",
    spec,
    ...(typeof values.curation === "string" ? { curation: values.curation } : {}),
    ...(typeof values["base-url"] === "string" ? { baseUrl: checkUrl(values["base-url"]) } : {}),
    tool,
    arguments: jsonArguments(text),
    json: values.json === true,
    ...clientOption(values.client),
  };
}

/** The arguments of `call`: a JSON object, or one line saying what is wrong with the text. */
function jsonArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    throw new ConfigError(`the tool arguments are not valid JSON (${reason}): ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`, undefined, `pass one JSON object in single quotes, e.g. '{"petId": 1}'`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`the tool arguments must be a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`, undefined, `e.g. '{"petId": 1}', or '{}' for none`);
  }
  return value as Record<string, unknown>;
}

type OptionSpec = Record<string, { type: "string" | "boolean"; default?: boolean | string; multiple?: boolean }>;

function parse(command: CommandName, argv: string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    const hint = `run \`openapi-mcp ${command} --help\` for the options`;
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const guess = closestMatch(unknown.replace(/^-+/, "--"), Object.keys(options).map((o) => `--${o}`));
      throw new ConfigError(`unknown option ${unknown} for ${command}${guess ? `: did you mean ${guess}?` : ""}`, undefined, hint);
    }
    throw new ConfigError(message.replace(/\. To specify.*$/, ""), undefined, hint);
  }
}

function onePositional(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new ConfigError(`${command} needs a spec path or URL`, undefined, `openapi-mcp ${command} <spec>`);
  if (positionals.length > 1) throw new ConfigError(`${command} takes one spec, got ${positionals.length}: ${positionals.join(" ")}`);
  return positionals[0]!;
}

const CLIENTS: readonly ClientName[] = ["openai", "gemini", "anthropic", "cursor"];

/** `--client NAME`, checked against the profiles there are. */
function clientOption(value: string | boolean | string[] | undefined): { client?: ClientName } {
  if (value === undefined) return {};
  const text = String(value);
  if ((CLIENTS as readonly string[]).includes(text)) return { client: text as ClientName };
  const guess = closestMatch(text, CLIENTS);
  throw new ConfigError(`--client must be one of ${CLIENTS.join(", ")}, got "${text}"${guess ? `: did you mean "${guess}"?` : ""}`);
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 8 || n > 256) throw new ConfigError(`${flag} must be a whole number from 8 to 256, got "${text}"`);
  return n;
}

function tokenBudget(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`--max-tokens must be a whole number of tokens, at least 1, got "${text}"`, undefined, "e.g. --max-tokens 25000");
  }
  return n;
}

function checkUrl(text: string): string {
  if (!/^https?:\/\/[^/]/i.test(text)) throw new ConfigError(`--base-url must be an absolute http(s) URL, got "${text}"`);
  return text.replace(/\/+$/, "");
}
