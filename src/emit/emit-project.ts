/**
 * `generate`'s core: a curated server → every file of a standalone TypeScript project that serves
 * it with the same runtime `serve` uses. Pure: no file system, no clock, stable ordering — the same
 * input gives byte-identical output, which is what `generate --check` relies on. Inputs that live on
 * disk (the runtime sources, the templates, our dependency ranges) come in as {@link EmitSources},
 * read by `loadEmitSources`.
 *
 * Layout of the project:
 * - `src/index.ts` (entry point), `src/server.ts` (ServerDefinition), `src/tools/*.ts` (one per
 *   tool, plus `index.ts`) — TypeScript, printed with ts-morph; in discovery mode
 *   `src/search-index.ts` (the search index as data);
 * - `src/runtime/`, every `.ts` file in its folders — this package's runtime, copied verbatim under a header;
 * - package.json, tsconfig.json, README.md, .env.example, Dockerfile, .dockerignore, .gitignore,
 *   .mcpbignore, test/smoke.test.mjs — Handlebars templates;
 * - server.json (MCP Registry) and manifest.json (MCP Bundle) — see `emit-registry-files.ts`.
 */
import type { OperationIr } from "../ir/types.js";
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { emitEntryPoint, emitSearchIndexFile, emitServerFile, emitToolsIndex } from "./emit-server.js";
import { emitRegistryFiles, type PublishSettings } from "./emit-registry-files.js";
import { emitToolFile } from "./emit-tool.js";
import { emitScaffold, npmPackageName, npmPackageVersion, type DependencyRanges } from "./scaffold.js";
import { toolIdentifiers } from "./tool-identifiers.js";
import { createTsProject, generatedHeader } from "./ts-project.js";

/** Files on disk that the emitter copies or renders, read once by the caller. */
export interface EmitSources {
  /** `src/runtime` file name → text, e.g. `invoke-tool.ts`. Every file is copied. */
  runtimeFiles: ReadonlyMap<string, string>;
  /** `templates/` file name → text. */
  templates: ReadonlyMap<string, string>;
  /** Ranges for the generated package.json, from this package's own. */
  dependencyRanges: DependencyRanges;
}

/** What a project is generated from. */
export interface EmitProjectInput {
  server: ServerDefinition;
  /** The operations behind `server.tools`, in the same order. */
  selected: OperationIr[];
  /** The spec path or URL as the user gave it (goes into headers and the README). */
  specSource: string;
  /** The curation file as the user gave it, if any. */
  curationSource?: string;
  /** This package's version. */
  generatorVersion: string;
  sources: EmitSources;
  /** The curation file's `publish` block: registry name, npm package, author (server.json, manifest.json). */
  publish?: PublishSettings;
}

/** Files users are meant to edit: written only when absent, and ignored by `--check`. */
export const USER_EDITABLE_FILES: ReadonlySet<string> = new Set(["README.md", ".env.example", ".gitignore"]);

/** Modules the runtime may import besides `node:*` and itself: they become the project's dependencies. */
const RUNTIME_PACKAGES = [
  "@modelcontextprotocol/server",
  "ajv",
  "undici",
  "jose",
  "@opentelemetry/api",
  "@opentelemetry/sdk-trace-node",
  "@opentelemetry/exporter-trace-otlp-http",
  "prom-client",
  "redis",
];

/** Every file of the generated project: relative path (with `/`) → text, sorted by path. */
export function emitProject(input: EmitProjectInput): Map<string, string> {
  const { server, selected } = input;
  if (selected.length !== server.tools.length) {
    throw new Error(`emitProject: ${selected.length} operations for ${server.tools.length} tools; they must correspond one to one`);
  }
  const header = generatedHeader(input.generatorVersion, input.specSource);
  const ids = toolIdentifiers(server.tools.map((t) => t.name));
  const project = createTsProject();
  const files = new Map<string, string>();

  // The npm package the project publishes as: it names the project in package.json, server.json and its User-Agent.
  const packageName = input.publish?.npmPackage ?? npmPackageName(server.name);
  files.set("src/index.ts", emitEntryPoint(project, header, `${packageName}/${npmPackageVersion(server.version)}`));
  files.set("src/server.ts", emitServerFile(project, header, server));
  if (server.discovery?.index !== undefined) files.set("src/search-index.ts", emitSearchIndexFile(header, server.discovery.index));
  files.set("src/tools/index.ts", emitToolsIndex(project, header, ids));
  server.tools.forEach((tool, i) => {
    files.set(`src/tools/${ids[i]!.file}.ts`, emitToolFile(project, { tool, operation: selected[i]!, ids: ids[i]!, header }));
  });
  for (const [name, text] of input.sources.runtimeFiles) {
    checkRuntimeImports(name, text);
    files.set(`src/runtime/${name}`, runtimeFileText(input.generatorVersion, name, text));
  }
  const scaffold = emitScaffold({
    server,
    specSource: input.specSource,
    ...(input.curationSource === undefined ? {} : { curationSource: input.curationSource }),
    generatorVersion: input.generatorVersion,
    dependencyRanges: input.sources.dependencyRanges,
    templates: input.sources.templates,
    ...(input.publish === undefined ? {} : { publish: input.publish }),
  });
  for (const [path, text] of scaffold) files.set(path, text);
  const registryFiles = emitRegistryFiles({
    server,
    packageName,
    specSource: input.specSource,
    ...(input.publish === undefined ? {} : { publish: input.publish }),
  });
  for (const [path, text] of registryFiles) files.set(path, text);

  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A runtime file as copied into a project: a one-line header, then the source unchanged. */
export function runtimeFileText(generatorVersion: string, name: string, text: string): string {
  return `// Copied from openapi-mcp-bridge ${generatorVersion} src/runtime/${name}. Do not edit: regenerate instead.\n${text}`;
}

/** The runtime must stay copyable: anything it imports has to be a dependency of the generated project. */
function checkRuntimeImports(name: string, text: string): void {
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm)) {
    const specifier = match[1]!;
    if (specifier.startsWith("node:") || specifier.startsWith("./") || specifier.startsWith("../")) continue;
    if (RUNTIME_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`))) continue;
    throw new Error(`src/runtime/${name} imports "${specifier}", which generated projects do not depend on`);
  }
}
