/**
 * Reads what {@link emitProject} copies or renders: this package's runtime sources (`src/runtime/`, every `.ts` file in its folders),
 * its templates (`templates/*.hbs`), and its version and dependency ranges (`package.json`). The
 * package root is found from this module's location, which works from `src/` (tsx) and `dist/`.
 */
import { readdir, readFile } from "node:fs/promises";
import { sep } from "node:path";
import type { EmitSources } from "./emit-project.js";
import type { DependencyRanges } from "./scaffold.js";

/** The generator's version plus the files it needs. */
export interface LoadedEmitSources {
  generatorVersion: string;
  sources: EmitSources;
}

const PACKAGE_ROOT = new URL("../../", import.meta.url);

/** Reads the sources from a package root (default: this package's). */
export async function loadEmitSources(root: URL = PACKAGE_ROOT): Promise<LoadedEmitSources> {
  const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8")) as {
    version: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const range = (name: keyof DependencyRanges): string => {
    const value = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    if (value === undefined) throw new Error(`package.json of openapi-mcp-bridge lists no version of ${name}`);
    return value;
  };
  const [runtimeFiles, templates] = await Promise.all([
    readTree(new URL("src/runtime/", root), (name) => name.endsWith(".ts") && !name.endsWith(".d.ts")),
    readFolder(new URL("templates/", root), (name) => name.endsWith(".hbs")),
  ]);
  return {
    generatorVersion: pkg.version,
    sources: {
      runtimeFiles,
      templates,
      dependencyRanges: {
        "@modelcontextprotocol/server": range("@modelcontextprotocol/server"),
        ajv: range("ajv"),
        undici: range("undici"),
        jose: range("jose"),
        "@opentelemetry/api": range("@opentelemetry/api"),
        "@opentelemetry/sdk-trace-node": range("@opentelemetry/sdk-trace-node"),
        "@opentelemetry/exporter-trace-otlp-http": range("@opentelemetry/exporter-trace-otlp-http"),
        "prom-client": range("prom-client"),
        redis: range("redis"),
        typescript: range("typescript"),
        "@types/node": range("@types/node"),
        esbuild: range("esbuild"),
      },
    },
  };
}

/** Every wanted file under `folder`, keyed by its path relative to it (`mcp/create-server.ts`), sorted. */
async function readTree(folder: URL, wanted: (name: string) => boolean): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(folder, { recursive: true })).filter(wanted).map((name) => name.split(sep).join("/")).sort();
  } catch (error) {
    throw new Error(`cannot read ${folder.pathname}: ${error instanceof Error ? error.message : String(error)} (is openapi-mcp-bridge installed completely?)`);
  }
  const texts = await Promise.all(names.map((name) => readFile(new URL(name, folder), "utf8")));
  return new Map(names.map((name, i) => [name, texts[i]!]));
}

async function readFolder(folder: URL, wanted: (name: string) => boolean): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(wanted).sort();
  } catch (error) {
    throw new Error(`cannot read ${folder.pathname}: ${error instanceof Error ? error.message : String(error)} (is openapi-mcp-bridge installed completely?)`);
  }
  const texts = await Promise.all(names.map((name) => readFile(new URL(name, folder), "utf8")));
  return new Map(names.map((name, i) => [name, texts[i]!]));
}
