/**
 * The `openapi-mcp` command line: parses the command line, runs one command, and is the only place
 * that sets the exit code. Input problems and OS errors (a busy port, a missing directory, a full
 * disk) print one line with the fix and exit 1; only a bug in this tool prints "internal error"
 * (exit 2), with a stack only under OPENAPI_MCP_DEBUG=1.
 */
import { createRequire } from "node:module";
import { BridgeError } from "../errors.js";
import { parseCommandLine } from "./args.js";
import { commandHelpText, generalHelpText } from "./help.js";
import { processIo } from "./io.js";
import { describeOsError } from "./os-error.js";
import { runServe } from "./serve-command.js";

async function main(argv: string[]): Promise<number> {
  const options = parseCommandLine(argv);
  switch (options.command) {
    case "help":
      processIo.stdout(options.topic === undefined ? generalHelpText() : commandHelpText(options.topic));
      return 0;
    case "version": {
      const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
      processIo.stdout(pkg.version);
      return 0;
    }
    // Commands load lazily: `serve` must not pay for what only `list` or `init` use. `serve` itself
    // is loaded with this file: it starts its pipeline's worker first thing, and the worker is the
    // longer way to the first answer, so the one import fewer before it starts counts.
    case "list":
      return (await import("./list-command.js")).runList(options, processIo);
    case "init":
      return (await import("./init-command.js")).runInit(options, processIo);
    case "call":
      return (await import("./call-command.js")).runCall(options, processIo);
    case "serve":
      return runServe(options, processIo);
    case "generate":
      return (await import("./generate-command.js")).runGenerate(options, processIo);
  }
}

function fail(error: unknown): void {
  if (error instanceof BridgeError) {
    process.stderr.write(`error: ${error.format()}\n`);
    process.exitCode = 1;
    return;
  }
  const os = describeOsError(error);
  if (os !== undefined) {
    process.stderr.write(`error: ${os}\n`);
    process.exitCode = 1;
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`internal error: ${message} (a bug in openapi-mcp; set OPENAPI_MCP_DEBUG=1 for details)\n`);
  if (process.env.OPENAPI_MCP_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
  process.exitCode = 2;
}

// A reader that closes our stdout early (`openapi-mcp list … | head -1`) surfaces as an 'error'
// event on the stream, outside main's promise. EPIPE there is the reader saying it has read enough:
// stop quietly and successfully, as tools killed by SIGPIPE do in a shell (no line on stderr to
// garble the terminal after `head`'s output). Any other stdout error is reported.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  fail(error);
  process.exit();
});

/** Runs the command line `argv` and sets the exit code; only this file's caller, main.ts, runs it. */
export function runCli(argv: string[]): void {
  main(argv).then((code) => {
    process.exitCode = code;
  }, fail);
}
