/**
 * Process plumbing shared by the `generate` benches: running a command with a time limit and its
 * peak RSS, the repository build, counting a generated project, and timing process start → a
 * completed `tools/list` over stdio with a bare JSON-RPC client.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseTimeOutput, projectArea, type TscDiagnostic } from "./helpers.js";
import { peakRssKb } from "../process-figures.js";
export { nodeBaselineMs } from "../process-figures.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = join(ROOT, "dist/bin/main.js");
export const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
/** esbuild's executable (a native binary; a generated project bundles its entry point with it). */
export const ESBUILD = join(ROOT, "node_modules/.bin/esbuild");
const GNU_TIME = "/usr/bin/time";
const HAS_GNU_TIME = existsSync(GNU_TIME);
const MAX_CAPTURE = 512 * 1024;

/** Children still running, killed if this process exits early; `groups` lead their own process group. */
const live = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();
process.on("exit", () => {
  for (const child of live) killGroup(child);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of live) killGroup(child);
    process.exit(130);
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  if (!groups.has(child)) {
    child.kill("SIGKILL");
    return;
  }
  try {
    // The child leads its own process group (detached), so this reaches node under /usr/bin/time too.
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** How a timed command ended. */
export interface TimedRun {
  code: number | null;
  timedOut: boolean;
  wallMs: number;
  /** Peak RSS of the command (GNU time's %M, KiB); undefined without /usr/bin/time. */
  peakRssKb: number | undefined;
  /** User + system CPU of the command (GNU time's %U + %S), ms: barely moved by other load on the machine. */
  cpuMs: number | undefined;
  stdout: string;
  /** The last part of stderr. */
  stderr: string;
}

/** Runs `node <args>` in `cwd` under `/usr/bin/time -f "%M %U %S"` (when present), killed after `timeoutMs`. */
export function runNodeTimed(args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<TimedRun> {
  const timeDir = HAS_GNU_TIME ? mkdtempSync(join(tmpdir(), "gen-bench-")) : undefined;
  const timeFile = timeDir === undefined ? undefined : join(timeDir, "time.txt");
  const [command, argv] =
    timeFile === undefined ? [process.execPath, args] : [GNU_TIME, ["-f", "%M %U %S", "-o", timeFile, process.execPath, ...args]];
  const start = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    live.add(child);
    groups.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < MAX_CAPTURE * 4) stdout += chunk;
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      live.delete(child);
      const wallMs = Math.round(performance.now() - start);
      let figures: { peakRssKb: number; cpuMs: number } | undefined;
      if (timeFile !== undefined) {
        try {
          figures = parseTimeOutput(readFileSync(timeFile, "utf8"));
        } catch {
          figures = undefined;
        }
        rmSync(timeDir!, { recursive: true, force: true });
      }
      resolvePromise({ code, timedOut, wallMs, peakRssKb: figures?.peakRssKb, cpuMs: figures?.cpuMs, stdout, stderr: stderr.slice(-MAX_CAPTURE) });
    });
  });
}

/** `npm run build` in the repository; throws with the output when it fails. */
export function buildRepository(log: (line: string) => void): void {
  log("npm run build …");
  const t0 = performance.now();
  const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (exit ${result.status}); another change to src/ may be half-done:\n${(result.stdout ?? "") + (result.stderr ?? "")}`.slice(0, 4000));
  }
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** When dist/bin/main.js was built: other work may rebuild it while a bench runs. */
export function distBuiltAt(): string | undefined {
  return existsSync(CLI) ? statSync(CLI).mtime.toISOString() : undefined;
}

/** Files, bytes and TypeScript lines of a generated project (dist/ and node_modules/ excluded). */
export interface ProjectStats {
  files: number;
  bytes: number;
  tsFiles: number;
  tsLines: number;
  tsBytes: number;
  /** TypeScript lines by area: src/tools, src/runtime, src/server.ts + src/index.ts. */
  tsLinesByArea: { tools: number; runtime: number; server: number; other: number };
  toolFiles: number;
}

export function projectStats(dir: string): ProjectStats {
  const stats: ProjectStats = { files: 0, bytes: 0, tsFiles: 0, tsLines: 0, tsBytes: 0, tsLinesByArea: { tools: 0, runtime: 0, server: 0, other: 0 }, toolFiles: 0 };
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (path === dir && (entry.name === "dist" || entry.name === "node_modules")) continue;
        walk(full);
        continue;
      }
      const size = statSync(full).size;
      stats.files++;
      stats.bytes += size;
      if (!entry.name.endsWith(".ts")) continue;
      const text = readFileSync(full, "utf8");
      const lines = text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      stats.tsFiles++;
      stats.tsBytes += size;
      stats.tsLines += lines;
      const rel = relative(dir, full).replace(/\\/g, "/");
      const area = rel.startsWith("src/tools/") ? "tools" : rel.startsWith("src/runtime/") ? "runtime" : rel === "src/server.ts" || rel === "src/index.ts" ? "server" : "other";
      stats.tsLinesByArea[area] += lines;
      if (area === "tools" && rel !== "src/tools/index.ts") stats.toolFiles++;
    }
  };
  walk(dir);
  return stats;
}

/** One start-up: spawn → `tools/list` answered, with the server's peak RSS at that moment. */
export interface StartupRun {
  ms: number;
  initializeMs: number;
  peakRssKb: number | undefined;
  /** Server CPU (user + system, all threads) from spawn to the tools/list answer, ms: robust to other load. */
  cpuMs: number | undefined;
  tools: number;
  /** Bytes of the tools/list response line. */
  responseBytes: number;
  /** The `tools` array as JSON, when asked for. */
  toolsJson?: string;
}

const CLK_TCK = (() => {
  const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(result.stdout?.trim()) || 100;
})();

/** User + system CPU of a live process so far, ms (from /proc). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
  } catch {
    return undefined;
  }
}


/**
 * Spawns `node <args>` and drives it with raw newline-delimited JSON-RPC: `initialize`, then (on its
 * answer) `notifications/initialized` and `tools/list`. Resolves when the tools/list answer line is
 * complete; the server is then shut (stdin closed, SIGKILL after 5 s).
 */
export function startupToToolsList(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; keepTools?: boolean }): Promise<StartupRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  live.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    if (stderr.length < 16_000) stderr += chunk.toString("utf8");
  });
  const send = (message: object): void => void child.stdin!.write(`${JSON.stringify(message)}\n`);
  const finish = (): Promise<void> =>
    new Promise((resolveExit) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        live.delete(child);
        resolveExit();
      });
      child.stdin!.end();
    });
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "generate-bench", version: "1" } } });
  return new Promise((resolvePromise, reject) => {
    let initializeMs = 0;
    let pending: Buffer[] = [];
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no tools/list answer within ${options.timeoutMs ?? 60_000} ms: ${stderr}`)), options.timeoutMs ?? 60_000);
    child.once("exit", (code, signal) => fail(new Error(`server exited (${code ?? signal}) during start-up: ${stderr}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      pending.push(chunk);
      if (chunk.indexOf(10) < 0) return;
      const text = Buffer.concat(pending).toString("utf8");
      const lines = text.split("\n");
      pending = [Buffer.from(lines.pop() ?? "")];
      for (const line of lines) {
        if (line.trim() === "" || settled) continue;
        const message = JSON.parse(line) as { id?: unknown; result?: { tools?: unknown[] }; error?: unknown };
        if (message.id === 1) {
          initializeMs = performance.now() - t0;
          if (message.error !== undefined) return fail(new Error(`initialize failed: ${line.slice(0, 300)}`));
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
          continue;
        }
        if (message.id !== 2) continue;
        const ms = performance.now() - t0;
        const peakKb = peakRssKb(child.pid);
        const cpuMs = processCpuMs(child.pid);
        if (!Array.isArray(message.result?.tools)) return fail(new Error(`unexpected answer to tools/list: ${line.slice(0, 300)}`));
        settled = true;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        const run: StartupRun = {
          ms: Math.round(ms),
          initializeMs: Math.round(initializeMs),
          peakRssKb: peakKb,
          cpuMs,
          tools: message.result.tools.length,
          responseBytes: Buffer.byteLength(line),
          ...(options.keepTools ? { toolsJson: JSON.stringify(message.result.tools) } : {}),
        };
        void finish().then(() => resolvePromise(run));
        return;
      }
    });
  });
}


/** A tsc diagnostic located in a generated project, with the source line it points at. */
export interface LocatedDiagnostic extends TscDiagnostic {
  /** tools, runtime, server or other. */
  area: string;
  /** The line of the file the error points at, trimmed (at most 240 characters). */
  source?: string;
}

/** Paths made relative to `projectDir` (tsc printed them relative to `cwd`), with the source lines. */
export function describeDiagnostics(diagnostics: TscDiagnostic[], projectDir: string, cwd = ROOT): LocatedDiagnostic[] {
  const files = new Map<string, string[] | undefined>();
  return diagnostics.map((d) => {
    if (d.file === "") return { ...d, area: "other" };
    const absolute = resolve(cwd, d.file);
    if (!files.has(absolute)) {
      try {
        files.set(absolute, readFileSync(absolute, "utf8").split("\n"));
      } catch {
        files.set(absolute, undefined);
      }
    }
    const source = files.get(absolute)?.[d.line - 1]?.trim().slice(0, 240);
    const file = relative(projectDir, absolute);
    return { ...d, file, area: projectArea(file), ...(source === undefined ? {} : { source }) };
  });
}

/** `file(line,col) [area] TS1234: message`, then up to 3 detail lines and the source line, indented. */
export function formatDiagnostic(d: LocatedDiagnostic, indent = "  "): string {
  const more = [...d.detail.slice(0, 3), ...(d.source === undefined ? [] : [`> ${d.source}`])];
  return `${indent}${d.file}(${d.line},${d.column}) [${d.area}] ${d.code}: ${d.message}${more.map((l) => `\n${indent}    ${l}`).join("")}`;
}
