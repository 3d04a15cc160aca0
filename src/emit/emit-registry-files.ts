/**
 * The two files that make a generated project publishable, written next to its README:
 *
 * - `server.json` for the official MCP Registry
 *   (https://github.com/modelcontextprotocol/registry/blob/main/docs/reference/server-json/generic-server-json.md):
 *   the registry stores only this metadata and points at the npm package, which must carry the same
 *   name in its package.json `mcpName` (that is how the registry checks ownership of the package).
 * - `manifest.json` for an MCP Bundle (`.mcpb`, https://github.com/modelcontextprotocol/mcpb/blob/main/MANIFEST.md):
 *   the zip a desktop client installs in one click; `user_config` makes the client ask for the base URL
 *   and the credentials and pass them in as the same environment variables `serve` reads.
 *
 * Both are derived from the curated server and the curation file's optional `publish` block; without
 * it, the registry namespace is a placeholder (see `registry-name.ts`), which the registry
 * refuses to publish under, so nothing goes out under a name nobody chose. Pure: same input, same text.
 */
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { credentialVariables } from "../runtime/auth/credentials.js";
import { headerVariables } from "../runtime/request/static-headers.js";
import { summaryLine } from "./markdown.js";
import { registryName, unscopedPackageName } from "./registry-name.js";
import { environmentVariables, npmPackageVersion } from "./scaffold.js";
import { listedTools } from "./listed-tools.js";

/** The server.json schema the file declares: the newest dated release of the registry's schema. */
export const SERVER_JSON_SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

/** The MCPB manifest version written: the newest `@anthropic-ai/mcpb` ships a schema for and validates. */
export const MCPB_MANIFEST_VERSION = "0.4";

/** The built, bundled entry point (package.json `build` writes it; `bin` and the Dockerfile run it). */
export const BUILT_ENTRY_POINT = "dist/main.js";

/**
 * What the curation file's `publish` block says (see `PublishSchema` in src/curate/publish-schema.ts,
 * which validates it; this is the plain shape the emitter needs).
 */
export interface PublishSettings {
  /** Registry name, reverse-DNS namespace + `/` + server name, e.g. `io.github.acme/petstore`. */
  registryName?: string;
  /** npm package name (may be scoped); default: the server name, slugged. */
  npmPackage?: string;
  /** One line, at most 100 characters (the registry's limit). */
  description?: string;
  author?: { name: string; email?: string; url?: string };
  /** Source repository URL. */
  repository?: string;
  homepage?: string;
  /** SPDX identifier. */
  license?: string;
}

/** What the registry files are derived from. */
export interface RegistryFilesInput {
  server: ServerDefinition;
  /** The generated package.json's name. */
  packageName: string;
  publish?: PublishSettings;
  specSource: string;
}

/** `server.json` and `manifest.json` (relative path → text). */
export function emitRegistryFiles(input: RegistryFilesInput): Map<string, string> {
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    ["server.json", json(serverJson(input))],
    ["manifest.json", json(mcpbManifest(input))],
  ]);
}

/** A one-line description within the registry's 100-character limit. */
export function registryDescription(input: Pick<RegistryFilesInput, "server" | "publish">): string {
  return input.publish?.description ?? clip(`MCP server for the ${input.server.name} API`, 100);
}

/**
 * server.json (schema {@link SERVER_JSON_SCHEMA_URL}): one npm package run over stdio, with every
 * environment variable the server reads; credentials are `isSecret`.
 */
export function serverJson(input: RegistryFilesInput): Record<string, unknown> {
  const { server, publish } = input;
  const version = npmPackageVersion(server.version);
  const baseUrl = baseUrlNeed(server);
  return {
    $schema: SERVER_JSON_SCHEMA_URL,
    name: registryName(input.packageName, publish?.registryName),
    title: clip(server.name, 100),
    description: registryDescription(input),
    version,
    ...(publish?.repository ? { repository: { url: publish.repository, source: repositorySource(publish.repository) } } : {}),
    ...(publish?.homepage ? { websiteUrl: publish.homepage } : {}),
    packages: [
      {
        registryType: "npm",
        identifier: input.packageName,
        version,
        transport: { type: "stdio" },
        environmentVariables: environmentVariables(server)
          .filter((v) => v.name !== "OPENAPI_MCP_BASE_URL" || baseUrl !== "unused")
          .map((v) => ({
            name: v.name,
            description: v.description,
            format: "string",
            isRequired: v.name === "OPENAPI_MCP_BASE_URL" && baseUrl === "required",
            isSecret: v.secret,
            ...(v.name === "OPENAPI_MCP_BASE_URL" && server.baseUrl ? { default: server.baseUrl } : {}),
          })),
      },
    ],
  };
}

/**
 * manifest.json (MCPB manifest {@link MCPB_MANIFEST_VERSION}): a `node` server whose entry point is
 * the bundled {@link BUILT_ENTRY_POINT}; the base URL, every credential variable and every variable a
 * curation header reads become `user_config` entries (secrets `sensitive`) that `mcp_config.env` maps onto the variables.
 */
export function mcpbManifest(input: RegistryFilesInput): Record<string, unknown> {
  const { server, publish } = input;
  const baseUrl = baseUrlNeed(server);
  const userConfig: Record<string, Record<string, unknown>> = {};
  const env: Record<string, string> = {};
  if (baseUrl !== "unused") {
    userConfig.base_url = {
      type: "string",
      title: "Base URL",
      description: `Upstream base URL of the ${server.name} API`,
      required: baseUrl === "required",
      ...(server.baseUrl ? { default: server.baseUrl } : {}),
    };
    env.OPENAPI_MCP_BASE_URL = "${user_config.base_url}";
  }
  for (const variable of credentialVariables(server.securitySchemes)) {
    const key = userConfigKey(variable.name);
    userConfig[key] = {
      type: "string",
      title: `${variable.scheme}: ${variable.name}`,
      description: variable.description,
      // Each tool reports a missing credential when called; tools without security still work.
      required: false,
      sensitive: variable.secret,
    };
    env[variable.name] = `\${user_config.${key}}`;
  }
  for (const variable of headerVariables(server)) {
    const key = userConfigKey(variable.name);
    // A header's `${env:NAME}` must be set: the server refuses to start without it.
    userConfig[key] = { type: "string", title: variable.name, description: variable.description, required: true, sensitive: true };
    env[variable.name] = `\${user_config.${key}}`;
  }
  return {
    manifest_version: MCPB_MANIFEST_VERSION,
    name: unscopedPackageName(input.packageName),
    display_name: server.name,
    version: npmPackageVersion(server.version),
    description: registryDescription(input),
    long_description: `${server.tools.length} tool${server.tools.length === 1 ? "" : "s"} that call the ${server.name} API over HTTP, generated by openapi-mcp-bridge from ${input.specSource}.${server.instructions ? `\n\n${server.instructions}` : ""}`,
    author: publish?.author ?? defaultAuthor(registryName(input.packageName, publish?.registryName)),
    ...(publish?.repository ? { repository: { type: "git", url: publish.repository } } : {}),
    ...(publish?.homepage ? { homepage: publish.homepage } : {}),
    ...(publish?.license ? { license: publish.license } : {}),
    server: {
      type: "node",
      entry_point: BUILT_ENTRY_POINT,
      mcp_config: { command: "node", args: [`\${__dirname}/${BUILT_ENTRY_POINT}`], env },
    },
    tools: listedTools(server).map((t) => ({ name: t.name, description: summaryLine(t.description) })),
    compatibility: { runtimes: { node: ">=20.0.0" } },
    ...(Object.keys(userConfig).length > 0 ? { user_config: userConfig } : {}),
  };
}

/** Whether the server needs a base URL from its user: as `scaffold.ts` decides for the client configs. */
function baseUrlNeed(server: ServerDefinition): "default" | "required" | "unused" {
  if (server.baseUrl) return "default";
  return server.tools.some((t) => !t.http.serverUrl) ? "required" : "unused";
}

/** `OPENAPI_MCP_AUTH_PETSTORE_AUTH` → `auth_petstore_auth`: distinct from `base_url` whatever the scheme is called. */
function userConfigKey(variable: string): string {
  return variable.replace(/^OPENAPI_MCP_/, "").toLowerCase();
}

/** The author when the curation file names none: the GitHub owner in the registry name, else its namespace. */
function defaultAuthor(name: string): { name: string; url?: string } {
  const namespace = name.slice(0, name.indexOf("/"));
  const owner = /^io\.github\.(.+)$/.exec(namespace)?.[1];
  return owner ? { name: owner, url: `https://github.com/${owner}` } : { name: namespace };
}

function repositorySource(url: string): string {
  const host = /^https?:\/\/(?:www\.)?([^/]+)/.exec(url)?.[1] ?? "";
  return host === "github.com" ? "github" : host === "gitlab.com" ? "gitlab" : host;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
