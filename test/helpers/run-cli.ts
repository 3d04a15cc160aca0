/**
 * Runs the CLI as a real process (through tsx, so tests need no build) and captures its output.
 */
import { spawn } from "node:child_process";

/** What the process printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run it: `entry` is a built bundle to run instead of the sources; `uid` runs it as that user (and group). */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  entry?: string;
  uid?: number;
}

/** Runs `openapi-mcp <args>` (from the sources through tsx, or `options.entry`) and captures its output. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const command = options.entry !== undefined ? [options.entry] : ["--import", "tsx", new URL("../../src/cli/main.ts", import.meta.url).pathname];
  // An `undefined` in options.env removes that variable (spawn would pass the text "undefined").
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
