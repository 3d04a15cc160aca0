// After `tsc`: bundles the CLI into dist/bin/ and makes its entry executable, so `npm install`
// leaves `openapi-mcp` runnable.
//
// Why bundle: a command starts by loading its modules, and Node resolves, reads and compiles each
// file on its own: ours, and the many small files of the MCP SDK, zod, ajv and yaml. One bundle,
// split per command so `serve` never loads what only `generate` needs, starts `serve` on GitHub's
// spec ~100 ms sooner (bench/overhead, start-up section). Packages that are large, loaded only by
// one command, or that read files next to their own code stay external.
//
// The chunks live two folders below the package root, as the tsc output does, so the paths that
// modules build from import.meta.url (templates/, src/runtime/, package.json) still resolve.
import { chmodSync, existsSync, rmSync } from "node:fs";
import { build } from "esbuild";

const entry = new URL("../dist/cli/main.js", import.meta.url);
// `serve` runs its pipeline on a worker thread (src/cli/pipeline-off-thread.ts), which loads this
// file beside the chunk that starts it: a second entry, sharing the chunks.
const workerEntry = new URL("../dist/cli/pipeline-worker.js", import.meta.url);
const outdir = new URL("../dist/bin/", import.meta.url);
if (!existsSync(entry)) throw new Error("dist/cli/main.js is missing: run tsc first");

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [entry.pathname, workerEntry.pathname],
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  external: ["ts-morph", "typescript", "handlebars", "@apidevtools/*", "undici"],
  // CommonJS dependencies (ajv, yaml) call require() for node: modules; ESM has no require of its own.
  banner: { js: 'import { createRequire as __bridgeCreateRequire } from "node:module";\nconst require = __bridgeCreateRequire(import.meta.url);' },
});
chmodSync(new URL("main.js", outdir), 0o755);
chmodSync(entry, 0o755);
