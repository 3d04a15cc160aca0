/**
 * Starts real child processes for end-to-end tests — the petstore upstream, `openapi-mcp serve` over
 * stdio or Streamable HTTP, and one-shot tools such as the conformance suite or the inspector CLI —
 * and waits until they are ready. Every process gets its own process group (`detached`), so stopping
 * it also stops whatever it started (the inspector CLI spawns the stdio server, for one). Everything
 * listens on 127.0.0.1 and on port 0, so tests never fight over ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** An absolute path inside the repository. */
export const repoPath = (path: string): string => fileURLToPath(new URL(path, new URL("../../", import.meta.url)));

/** The bundled example's spec and curation file. */
export const PETSTORE_SPEC = repoPath("examples/petstore/openapi.yaml");
export const PETSTORE_CURATION = repoPath("examples/petstore/curation.yaml");

/** How to start `openapi-mcp`: from the TypeScript sources through tsx (no build), or the built `dist/`. */
export type CliEntry = "src" | "dist";

/** `node` arguments that run the CLI from `entry`. */
export function cliCommand(entry: CliEntry): string[] {
  return entry === "src" ? ["--import", "tsx", repoPath("src/cli/main.ts")] : [repoPath("dist/bin/main.js")];
}

/** A running child process. */
export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when it has exited (with its code, or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once it has exited and its stdout and stderr are fully read. */
  readonly closed: Promise<void>;
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<StartedProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}

// Last resort if a test run dies before its `after` hooks: never leave servers behind.
process.once("exit", () => {
  for (const started of live) killGroup(started.child, "SIGKILL");
});

/** Spawns `command args` in its own process group, from the repo root unless `cwd` says otherwise. */
export function startProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; stdin?: "pipe" | "ignore" } = {},
): StartedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      stderr += `\nspawn failed: ${error.message}`;
      resolve(-1);
    });
  });
  const closed = new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.once("error", () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const started: StartedProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    closed,
    stop(graceMs = 5_000): Promise<void> {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          killGroup(child, "SIGTERM");
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
          clearTimeout(timer);
        }
        // Anything left in the group (a server the process started, or the process itself if it
        // ignored SIGTERM) goes now.
        killGroup(child, "SIGKILL");
        await exited;
        live.delete(started);
      })();
      return stopping;
    },
  };
  live.add(started);
  void exited.then(() => {
    if (stopping === undefined) {
      // Exited on its own: sweep any grandchildren still in its group.
      killGroup(child, "SIGKILL");
      live.delete(started);
    }
  });
  return started;
}

/** Stops every process started through this module that is still running. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/**
 * Resolves with the first match of `pattern` in the process's `stream`; rejects (and stops the
 * process) if it exits first or `timeoutMs` passes, with everything it printed in the message.
 */
export function waitForOutput(started: StartedProcess, stream: "stdout" | "stderr", pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const text = stream === "stdout" ? started.stdout : started.stderr;
  const describe = (why: string): Error =>
    new Error(`${why} before printing ${pattern} on ${stream}: ${started.child.spawnargs.join(" ")}\n--- stdout:\n${started.stdout()}\n--- stderr:\n${started.stderr()}`);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(text());
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      check();
      reject(describe(`exited with ${code === null ? `signal ${String(started.child.signalCode)}` : `code ${code}`}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      void started.stop();
      reject(describe(`not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      started.child[stream]!.off("data", check);
      started.child.off("exit", onExit);
    };
    started.child[stream]!.on("data", check);
    started.child.once("exit", onExit);
    check();
  });
}

/** A petstore upstream running as its own process. */
export interface UpstreamProcess {
  /** Base URL including `/api/v3`, e.g. `http://127.0.0.1:43121/api/v3`. */
  url: string;
  process: StartedProcess;
  stop(): Promise<void>;
}

/** Starts examples/petstore/upstream/main.ts on a free loopback port and waits until it listens. */
export async function startUpstreamProcess(options: { timeoutMs?: number } = {}): Promise<UpstreamProcess> {
  const started = startProcess(process.execPath, ["--import", "tsx", repoPath("examples/petstore/upstream/main.ts"), "--port", "0", "--host", "127.0.0.1"]);
  const match = await waitForOutput(started, "stdout", /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/, options.timeoutMs);
  return { url: match[1]!, process: started, stop: () => started.stop() };
}

/** Options shared by the `serve` starters. */
export interface ServeOptions {
  /** Upstream base URL, passed as `OPENAPI_MCP_BASE_URL`. */
  baseUrl: string;
  /** Extra environment (credentials, log level). */
  env?: Record<string, string>;
  /** Spec and curation arguments; default the bundled petstore example. */
  specArgs?: string[];
  /** Further `serve` arguments. */
  extraArgs?: string[];
  entry?: CliEntry;
  timeoutMs?: number;
}

const defaultSpecArgs = (): string[] => [PETSTORE_SPEC, "--curation", PETSTORE_CURATION];

/** `serve` over Streamable HTTP. */
export interface HttpServeProcess {
  /** The MCP endpoint, e.g. `http://127.0.0.1:41234/mcp`. */
  url: string;
  port: number;
  /** How many tools it said it serves. */
  tools: number;
  process: StartedProcess;
  stop(): Promise<void>;
}

/** Starts `openapi-mcp serve --transport http --host 127.0.0.1 --port 0` and waits for its "serving … on URL" line. */
export async function startServeHttp(options: ServeOptions): Promise<HttpServeProcess> {
  const args = [
    ...cliCommand(options.entry ?? "src"),
    "serve",
    ...(options.specArgs ?? defaultSpecArgs()),
    "--transport", "http",
    "--host", "127.0.0.1",
    "--port", "0",
    ...(options.extraArgs ?? []),
  ];
  const started = startProcess(process.execPath, args, { env: { OPENAPI_MCP_BASE_URL: options.baseUrl, ...options.env } });
  const match = await waitForOutput(started, "stderr", /serving (\d+) tools on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)\b/, options.timeoutMs);
  return { url: match[2]!, port: Number(match[3]), tools: Number(match[1]), process: started, stop: () => started.stop() };
}

/** `serve` over stdio: write JSON-RPC lines to `process.child.stdin`, read them from its stdout. */
export interface StdioServeProcess {
  tools: number;
  process: StartedProcess;
  stop(): Promise<void>;
}

/** Starts `openapi-mcp serve` over stdio and waits for its "serving N tools over stdio" log line. */
export async function startServeStdio(options: ServeOptions): Promise<StdioServeProcess> {
  const args = [...cliCommand(options.entry ?? "src"), "serve", ...(options.specArgs ?? defaultSpecArgs()), ...(options.extraArgs ?? [])];
  const started = startProcess(process.execPath, args, { env: { OPENAPI_MCP_BASE_URL: options.baseUrl, ...options.env }, stdin: "pipe" });
  const match = await waitForOutput(started, "stderr", /serving (\d+) tools over stdio/, options.timeoutMs);
  return { tools: Number(match[1]), process: started, stop: () => started.stop() };
}

/** How a one-shot process ended. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `command args` to completion in its own process group; after `timeoutMs` the group is killed. */
export async function runProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  const started = startProcess(command, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void started.stop(1_000);
  }, options.timeoutMs ?? 30_000);
  const code = await started.exited;
  clearTimeout(timer);
  await started.stop(); // also ends anything it left running in its group, so the pipes close
  await started.closed;
  return { code, stdout: started.stdout(), stderr: started.stderr(), timedOut };
}
