// Runs every test file under test/ with node's built-in runner (Node 20 has no --test globs).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ensureInteropVenv } from "./ensure-interop-venv.mjs";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (entry.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

const files = collect(join(root, "test")).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
// The interop matrix drives the Python MCP client from a venv this creates once (pip is slow; doing
// it here keeps it out of the tests' timeouts). A failure is printed and the matrix's Python cells
// then fail with the same reason — never a silent skip.
if (files.some((f) => f.startsWith(join("test", "interop")))) {
  try {
    ensureInteropVenv();
  } catch (error) {
    process.stderr.write(`interop venv: ${error.message}\n`);
  }
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exitCode = result.status ?? 1;
