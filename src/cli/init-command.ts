/**
 * `openapi-mcp init`: a starter curation file that lists every operation, grouped by tag, each
 * commented out, so a person picks the tools deliberately and nothing is selected silently.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors.js";
import { buildIr } from "../ir/build-ir.js";
import { loadSpec } from "../load/load-spec.js";
import { emitStarterCuration } from "../curate/emit-starter-curation.js";
import type { InitOptions } from "./args.js";
import type { CommandIo } from "./io.js";

/** The JSON Schema shipped with this package, for the file's `$schema` line. */
const SCHEMA_FILE = fileURLToPath(new URL("../../curation.schema.json", import.meta.url));

/** Runs `init`; returns the exit code. */
export async function runInit(options: InitOptions, io: CommandIo): Promise<number> {
  const spec = await loadSpec(options.spec);
  const ir = buildIr(spec);
  const out = options.out ?? `${basename(options.spec).replace(/\.(ya?ml|json)$/i, "")}.curation.yaml`;
  if (existsSync(out) && !options.force) {
    throw new ConfigError(`${out} already exists`, undefined, "pass --force to overwrite it, or --out to write elsewhere");
  }
  let schemaRef = relative(dirname(resolve(out)), SCHEMA_FILE);
  if (!schemaRef.startsWith(".")) schemaRef = `./${schemaRef}`;
  const specRef = /^https?:/i.test(options.spec) ? options.spec : relative(dirname(resolve(out)), resolve(options.spec));
  await writeFile(out, emitStarterCuration(ir, { schemaRef, specRef, specArg: options.spec, fileArg: out }), "utf8").catch((error: unknown) => {
    // A failed write (ENOSPC) names no path; the one-line report in main.ts needs it.
    if (error instanceof Error && !("path" in error)) Object.assign(error, { path: out });
    throw error;
  });
  io.stderr(`wrote ${out}: ${ir.operations.length} operations listed, none selected yet`);
  io.stderr(`next: in ${out}, delete the "#" before the \"- operation:\" lines you want (5–15 tools), then run  openapi-mcp list ${options.spec} --curation ${out}`);
  return 0;
}
