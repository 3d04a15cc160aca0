#!/usr/bin/env node
/**
 * The `openapi-mcp` executable. It sets the process's V8 settings (runtime/v8-tuning.ts) before any other
 * module of ours is loaded, then runs the command line (run-cli.ts). The rest is loaded with a
 * dynamic import because static imports are evaluated first: a setting made in this file's body
 * would come after every imported module had run.
 */
import "../runtime/v8-tuning.js";

const { runCli } = await import("./run-cli.js");
runCli(process.argv.slice(2));
