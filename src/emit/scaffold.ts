/**
 * The non-TypeScript files of a generated project, rendered from `templates/*.hbs` with Handlebars:
 * package.json, tsconfig.json, README.md, .env.example, Dockerfile, .dockerignore, .gitignore and
 * the smoke test. Templates get only pre-escaped values (JSON via `JSON.stringify`, markdown via
 * {@link mdText}/{@link mdCode}, comments on one line), rendered with `noEscape` — HTML escaping
 * would be wrong for every one of these formats.
 */
import Handlebars from "handlebars";
import { credentialVariables, unsupportedSchemes } from "../runtime/auth/credentials.js";
import { headerVariables } from "../runtime/request/static-headers.js";
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { LIMITS, type LimitSpec } from "../runtime/core/serve-settings.js";
import type { PublishSettings } from "./emit-registry-files.js";
import { lineCommentText } from "./doc-comment.js";
import { mdCell, mdCode, mdFence, mdText, summaryLine } from "./markdown.js";
import { registryName, unscopedPackageName } from "./registry-name.js";
import { listedTools } from "./listed-tools.js";

/** Version ranges the generated project depends on, copied from this package's package.json. */
export interface DependencyRanges {
  /** The MCP SDK (v2 line, both protocol eras). */
  "@modelcontextprotocol/server": string;
  ajv: string;
  /** The runtime's upstream HTTP client. */
  undici: string;
  /** OAuth resource server (loaded only when configured): JWT checks; the v2 SDK above supplies its resource-server helpers. */
  jose: string;
  /** Tracing: the API always (a no-op without an SDK); the SDK and OTLP exporter loaded only when OTEL_* asks. */
  "@opentelemetry/api": string;
  "@opentelemetry/sdk-trace-node": string;
  "@opentelemetry/exporter-trace-otlp-http": string;
  /** Metrics (`serve.metrics`); loaded only when metrics are on. */
  "prom-client": string;
  /** Rate-limit buckets shared by replicas (`OPENAPI_MCP_REDIS_URL`); loaded only when set. */
  redis: string;
  typescript: string;
  "@types/node": string;
  /** Bundles the built entry point into one file: Node loads one module instead of one per tool. */
  esbuild: string;
}

/** Template file name → the path it renders to. */
export const SCAFFOLD_TEMPLATES: ReadonlyMap<string, string> = new Map([
  ["package.json.hbs", "package.json"],
  ["tsconfig.json.hbs", "tsconfig.json"],
  ["README.md.hbs", "README.md"],
  ["env.example.hbs", ".env.example"],
  ["Dockerfile.hbs", "Dockerfile"],
  ["dockerignore.hbs", ".dockerignore"],
  ["gitignore.hbs", ".gitignore"],
  ["mcpbignore.hbs", ".mcpbignore"],
  ["smoke.test.mjs.hbs", "test/smoke.test.mjs"],
]);

/** What the scaffold is rendered from. */
export interface ScaffoldInput {
  server: ServerDefinition;
  specSource: string;
  curationSource?: string;
  generatorVersion: string;
  dependencyRanges: DependencyRanges;
  /** Template file name → text (see {@link SCAFFOLD_TEMPLATES}). */
  templates: ReadonlyMap<string, string>;
  /** The curation file's `publish` block; when present the package is no longer `private`. */
  publish?: PublishSettings;
}

/** One environment variable the generated server reads. */
export interface EnvironmentVariable {
  name: string;
  /** One line for people. */
  description: string;
  secret: boolean;
}

const handlebars = Handlebars.create();

/** Renders every scaffold file (relative path → text). */
export function emitScaffold(input: ScaffoldInput): Map<string, string> {
  const context = scaffoldContext(input);
  const files = new Map<string, string>();
  for (const [template, path] of SCAFFOLD_TEMPLATES) {
    const source = input.templates.get(template);
    if (source === undefined) throw new Error(`template ${template} is missing`);
    const render = handlebars.compile(source, { noEscape: true, strict: true });
    files.set(path, render(context));
  }
  return files;
}

/** Every variable, in the order README.md and .env.example list them. */
export function environmentVariables(server: ServerDefinition): EnvironmentVariable[] {
  const needsBaseUrl = server.tools.some((t) => !t.http.serverUrl);
  return [
    {
      name: "OPENAPI_MCP_BASE_URL",
      description: server.baseUrl
        ? `Upstream base URL; default ${server.baseUrl}`
        : needsBaseUrl
          ? "Upstream base URL; required: the spec declares no absolute server URL"
          : "Upstream base URL; optional: every operation declares its own server",
      secret: false,
    },
    ...credentialVariables(server.securitySchemes).map((v) => ({ name: v.name, description: v.description, secret: v.secret })),
    ...headerVariables(server).map((v) => ({ name: v.name, description: v.description, secret: v.secret })),
    { name: "OPENAPI_MCP_LOG_LEVEL", description: "Log level: debug, info, warn or error; default info (logs go to stderr, secrets redacted)", secret: false },
    { name: "OPENAPI_MCP_LOG_FORMAT", description: "Log format: text or json; default text", secret: false },
    { name: "OPENAPI_MCP_MAX_RESPONSE_BYTES", description: "Cap on bytes read from one upstream response, after decompression; default 10485760 (10 MiB)", secret: false },
  ];
}

/**
 * Every limit, from the one table `serve` reads (the same flags work on the generated entry point),
 * for the generated README and .env.example; registry metadata keeps the short list above.
 */
export function limitVariables(): EnvironmentVariable[] {
  return LIMITS.map((limit) => ({ name: limit.env, description: `${limit.summary}; flag --${limit.flag}; default ${limitDefaultText(limit)}`, secret: false }));
}

/** A limit's default for people: `10485760 (10 MiB)`, `15000 ms`, `10%`. */
function limitDefaultText(limit: LimitSpec): string {
  if (limit.unit === "percent") return `${limit.default}%`;
  if (limit.unit === "ms") return `${limit.default} ms`;
  if (limit.unit === "bytes" && limit.default >= 1024 * 1024 && limit.default % (1024 * 1024) === 0) return `${limit.default} (${limit.default / (1024 * 1024)} MiB)`;
  return String(limit.default);
}

/** An npm package name from a server name: lower case, `[a-z0-9._-]`, at most 214 characters. */
export function npmPackageName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[-]+$/g, "")
    .slice(0, 214)
    .replace(/[._-]+$/, "");
  return slug === "" || slug === "node_modules" || slug === "favicon.ico" ? "mcp-server" : slug;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A semver version for package.json: the server version when it is one, else its leading numbers (`v2.1` → `2.1.0`), else `0.0.0`. */
export function npmPackageVersion(version: string): string {
  if (SEMVER.test(version)) return version;
  const numbers = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!numbers) return "0.0.0";
  return [numbers[1], numbers[2], numbers[3]].map((n) => String(Number(n ?? 0))).join(".");
}

function scaffoldContext(input: ScaffoldInput): Record<string, unknown> {
  const { server } = input;
  const npmName = input.publish?.npmPackage ?? npmPackageName(server.name);
  // Docker tags, bin commands, client config keys and paths take the unscoped name.
  const packageName = unscopedPackageName(npmName);
  const limits = limitVariables();
  const variables = [...environmentVariables(server).filter((v) => !limits.some((limit) => limit.name === v.name)), ...limits];
  const secretVariables = variables.filter((v) => v.secret);
  const entry = "/absolute/path/to/" + packageName + "/dist/index.js";
  const env = Object.fromEntries(
    variables
      .filter((v) => v.name === "OPENAPI_MCP_BASE_URL" || v.name.startsWith("OPENAPI_MCP_AUTH_"))
      .filter((v) => !(v.name === "OPENAPI_MCP_BASE_URL" && !server.baseUrl && !server.tools.some((t) => !t.http.serverUrl)))
      .map((v) => [v.name, v.name === "OPENAPI_MCP_BASE_URL" ? (server.baseUrl ?? "https://api.example.com") : ""]),
  );
  const stdio = { command: "node", args: [entry], env };
  const vscodeInputs = secretVariables.map((v) => ({ type: "promptString", id: inputId(v.name), description: v.description, password: true }));
  const vscodeEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, secretVariables.some((s) => s.name === k) ? `\${input:${inputId(k)}}` : v]));
  const json = (value: unknown): string => JSON.stringify(value, null, 2);
  const unsupported = unsupportedSchemes(server.securitySchemes);
  const curationArgument = input.curationSource === undefined ? "" : ` --curation ${shellWord(input.curationSource)}`;
  const regenerate = `npx -p openapi-mcp-bridge openapi-mcp generate ${shellWord(input.specSource)}${curationArgument} --out <this directory>`;
  return {
    generatorVersion: input.generatorVersion,
    packageNameJson: JSON.stringify(npmName),
    binNameJson: JSON.stringify(packageName),
    mcpNameJson: JSON.stringify(registryName(npmName, input.publish?.registryName)),
    publishable: input.publish !== undefined,
    bundleFile: `${packageName}.mcpb`,
    registryNameCode: mdCode(registryName(npmName, input.publish?.registryName)),
    packageVersionJson: JSON.stringify(npmPackageVersion(server.version)),
    descriptionJson: JSON.stringify(`MCP server for ${server.name}, generated from ${input.specSource}`),
    ranges: {
      ajv: JSON.stringify(input.dependencyRanges.ajv),
      undici: JSON.stringify(input.dependencyRanges.undici),
      jose: JSON.stringify(input.dependencyRanges.jose),
      sdkServer: JSON.stringify(input.dependencyRanges["@modelcontextprotocol/server"]),
      otelApi: JSON.stringify(input.dependencyRanges["@opentelemetry/api"]),
      otelSdk: JSON.stringify(input.dependencyRanges["@opentelemetry/sdk-trace-node"]),
      otelExporter: JSON.stringify(input.dependencyRanges["@opentelemetry/exporter-trace-otlp-http"]),
      promClient: JSON.stringify(input.dependencyRanges["prom-client"]),
      redis: JSON.stringify(input.dependencyRanges.redis),
      typescript: JSON.stringify(input.dependencyRanges.typescript),
      typesNode: JSON.stringify(input.dependencyRanges["@types/node"]),
      esbuild: JSON.stringify(input.dependencyRanges.esbuild),
    },
    packageName,
    title: mdText(server.name),
    versionText: mdCode(server.version),
    specCode: mdCode(input.specSource),
    curationCode: input.curationSource === undefined ? "" : mdCode(input.curationSource),
    instructions: server.instructions ? mdText(server.instructions) : "",
    toolCount: server.tools.length,
    toolsPlural: server.tools.length === 1 ? "tool" : "tools",
    tools: server.tools.map((t) => ({
      name: mdCode(t.name, true),
      request: mdCode(`${t.http.method} ${t.http.path}`, true),
      description: mdCell(summaryLine(t.description)),
    })),
    variables: variables.map((v) => ({ name: v.name, description: mdCell(v.description), comment: lineCommentText(v.description), secret: v.secret })),
    unsupported: unsupported.map((u) => ({ scheme: mdCode(u.scheme), reason: mdText(u.reason) })),
    regenerate: mdFence("sh", [regenerate, "# in CI: exits 1 when a generated file is out of date", `${regenerate} --check`].join("\n")),
    claudeConfig: mdFence("json", json({ mcpServers: { [packageName]: stdio } })),
    cursorConfig: mdFence("json", json({ mcpServers: { [packageName]: stdio } })),
    vscodeConfig: mdFence(
      "json",
      json({
        ...(vscodeInputs.length > 0 ? { inputs: vscodeInputs } : {}),
        servers: { [packageName]: { type: "stdio", command: "node", args: ["${workspaceFolder}/dist/index.js"], env: vscodeEnv } },
      }),
    ),
    toolNamesJson: JSON.stringify(listedTools(server).map((t) => t.name)),
  };
}

function inputId(variable: string): string {
  return variable.toLowerCase().replace(/^openapi_mcp_auth_/, "").replace(/_/g, "-");
}

/** A word for a POSIX shell: as is when plain, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
