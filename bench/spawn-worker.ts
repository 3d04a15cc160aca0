/**
 * Runs a bench worker as its own process with a time limit, so a crash, a hang or an out-of-memory
 * in the code under test cannot take the benchmark down with it.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** How a worker process ended. */
export interface WorkerRun {
  stdout: string;
  /** The last {@link MAX_CAPTURE} characters of stderr (a crash's stack comes last). */
  stderr: string;
  /** Exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we killed it at the time limit. */
  timedOut: boolean;
  /** Spawn to exit. */
  wallMs: number;
}

const MAX_CAPTURE = 256 * 1024;

/** Spawns `node [nodeArgs] script [args]` in `cwd` and kills it (SIGKILL, by pid) after `timeoutMs`. */
export function runWorker(nodeArgs: string[], args: string[], options: { cwd: string; timeoutMs: number }): Promise<WorkerRun> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: stderr.slice(-MAX_CAPTURE), code, signal, timedOut, wallMs: Math.round(performance.now() - start) });
    });
  });
}

/** The last line of `stdout` that parses as a JSON object, if any. */
export function lastJsonLine<T>(stdout: string): T | undefined {
  const lines = stdout.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith("{")) continue;
    try {
      return JSON.parse(line) as T;
    } catch {
      // Not our report: keep looking.
    }
  }
  return undefined;
}
