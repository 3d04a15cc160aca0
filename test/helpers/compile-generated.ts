/**
 * Compiles several generated projects with one tsc program (loading the SDK's and Node's
 * declarations once is several times faster than one tsc per project), as test/golden/generate.test.ts
 * does. Each project lives at `<root>/<name>` (inside the repo, so its imports resolve from our
 * node_modules by walking up); its output goes to `<root>/dist/<name>/src` and `<root>/<name>/dist`
 * links there, so `<root>/<name>/dist/server.js` is where its own `npm run build` would put it.
 */
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoPath, runProcess, type ProcessRun } from "./start-processes.js";

const TSC = repoPath("node_modules/typescript/bin/tsc");

/**
 * Writes `<root>/tsconfig.json` (the projects' own compiler options — which must all be the same —
 * with `rootDir: "."`, `outDir: "dist"`), links each project's `dist`, and runs tsc once.
 */
export async function compileGeneratedProjects(root: string, names: readonly string[], timeoutMs = 60_000): Promise<ProcessRun> {
  let options: string | undefined;
  for (const name of names) {
    const own = (JSON.parse(await readFile(join(root, name, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> }).compilerOptions;
    const text = JSON.stringify({ ...own, rootDir: undefined, outDir: undefined });
    if (options !== undefined && text !== options) throw new Error(`${name}/tsconfig.json has other compiler options than ${names[0]}/tsconfig.json`);
    options = text;
    await rm(join(root, name, "dist"), { recursive: true, force: true });
    await mkdir(join(root, "dist", name, "src"), { recursive: true });
    await symlink(join("..", "dist", name, "src"), join(root, name, "dist"), "dir");
  }
  const compilerOptions = { ...(JSON.parse(options ?? "{}") as Record<string, unknown>), rootDir: ".", outDir: "dist" };
  await writeFile(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions, include: names.map((n) => `${n}/src`) }, null, 2));
  return runProcess(process.execPath, [TSC, "-p", join(root, "tsconfig.json")], { timeoutMs });
}
