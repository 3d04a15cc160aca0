/**
 * The conformance suite's verdicts for one scenario run, as both its pinned versions (0.1.x and
 * the 0.2.x prerelease) write them: `<out>/server-<scenario>-<time>/checks.json`.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** One check of a scenario, as the suite records it. */
export interface Check {
  id: string;
  name?: string;
  description?: string;
  status: string;
  errorMessage?: string;
  details?: unknown;
}

/** Reads `<out>/server-<scenario>-<time>/checks.json`; exactly one such folder must exist. */
export async function readChecks(outDir: string, scenario: string): Promise<Check[]> {
  const dirs = (await readdir(outDir)).filter((d) => d.startsWith(`server-${scenario}-`));
  assert.equal(dirs.length, 1, `expected one result folder for ${scenario} in ${outDir}, found: ${JSON.stringify(await readdir(outDir))}`);
  const checks = JSON.parse(await readFile(join(outDir, dirs[0]!, "checks.json"), "utf8")) as Check[];
  assert.ok(Array.isArray(checks), `checks.json of ${scenario} is not an array`);
  return checks;
}
