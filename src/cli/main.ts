#!/usr/bin/env node
/**
 * The `openapi-mcp` executable: parses the command line, runs one command, and is the only place
 * that sets the exit code. Input problems print one line (location, message, fix); only a bug in
 * this tool prints a stack, and only with OPENAPI_MCP_DEBUG=1.
 */
import { createRequire } from "node:module";
import { BridgeError } from "../errors.js";
import { parseCommandLine, USAGE } from "./args.js";
import { processIo } from "./io.js";

async function main(argv: string[]): Promise<number> {
  const options = parseCommandLine(argv);
  switch (options.command) {
    case "help":
      processIo.stdout(USAGE);
      return 0;
    case "version": {
      const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
      processIo.stdout(pkg.version);
      return 0;
    }
    // Commands load lazily: `serve` must not pay for what only `list` or `init` use.
    case "list":
      return (await import("./list-command.js")).runList(options, processIo);
    case "init":
      return (await import("./init-command.js")).runInit(options, processIo);
    case "serve":
      return (await import("./serve-command.js")).runServe(options, processIo);
    case "generate":
      return (await import("./generate-command.js")).runGenerate(options, processIo);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BridgeError) {
      process.stderr.write(`error: ${error.format()}\n`);
      process.exitCode = 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`internal error: ${message} (a bug in openapi-mcp; set OPENAPI_MCP_DEBUG=1 for details)\n`);
    if (process.env.OPENAPI_MCP_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
    process.exitCode = 2;
  },
);
