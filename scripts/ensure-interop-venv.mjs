// Makes sure .venv-interop holds the Python MCP client the interop matrix drives (test/interop/),
// pinned: `python3 -m venv .venv-interop && .venv-interop/bin/pip install mcp==2.3.0`. Idempotent: a
// venv that already has exactly that version is left alone, so `npm test` can run this every time.
// pip installs from whatever index the machine configures (offline mirrors included).
//
//   node scripts/ensure-interop-venv.mjs        prints the venv's python path; exit 1 with the reason
//
// Run by scripts/run-tests.mjs before any test under test/interop/, by .ci/run, and by the matrix
// test itself when started on its own. A missing python3 is an error, never a reason to skip.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The pinned Python client; the matrix test names this version in its cells. */
export const PYTHON_MCP_VERSION = "2.3.0";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The venv's directory, at the repository root (`.venv*` is git-ignored). */
export const VENV_DIR = join(root, ".venv-interop");
/** Its interpreter. */
export const VENV_PYTHON = join(VENV_DIR, "bin", "python");

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim(), missing: result.error?.code === "ENOENT" };
}

function installedVersion() {
  if (!existsSync(VENV_PYTHON)) return undefined;
  const probe = run(VENV_PYTHON, ["-c", "import importlib.metadata as m; print(m.version('mcp'))"]);
  return probe.ok ? probe.output : undefined;
}

/** Creates or repairs the venv; returns its python path, or throws with what went wrong and the fix. */
export function ensureInteropVenv() {
  if (installedVersion() === PYTHON_MCP_VERSION) return VENV_PYTHON;
  const python = process.env.PYTHON ?? "python3";
  const version = run(python, ["--version"]);
  if (!version.ok) {
    throw new Error(
      `${python} ${version.missing ? "was not found" : `failed: ${version.output}`}: the interop matrix (test/interop/) drives ` +
        `the Python MCP client and needs Python 3.10 or newer with the venv module — install python3 (e.g. apt-get install python3 python3-venv) ` +
        `or set PYTHON to an interpreter`,
    );
  }
  rmSync(VENV_DIR, { recursive: true, force: true }); // half-made or wrong version: start clean
  const venv = run(python, ["-m", "venv", VENV_DIR]);
  if (!venv.ok) throw new Error(`${python} -m venv ${VENV_DIR} failed (${version.output}): ${venv.output}\nfix: install the venv module (e.g. apt-get install python3-venv)`);
  // One retry per index: a machine whose configured mirror is local should not wait out a
  // five-retry backoff on an unreachable default index for every package.
  const pip = run(VENV_PYTHON, ["-m", "pip", "install", "--disable-pip-version-check", "--retries", "1", "--quiet", `mcp==${PYTHON_MCP_VERSION}`]);
  if (!pip.ok || installedVersion() !== PYTHON_MCP_VERSION) {
    throw new Error(`pip install mcp==${PYTHON_MCP_VERSION} into ${VENV_DIR} failed: ${pip.output.split("\n").slice(-15).join("\n")}\nfix: configure a package index that has mcp ${PYTHON_MCP_VERSION} (pip config list)`);
  }
  return VENV_PYTHON;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureInteropVenv()}\n`);
  } catch (error) {
    process.stderr.write(`interop venv: ${error.message}\n`);
    process.exitCode = 1;
  }
}
