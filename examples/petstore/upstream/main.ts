/**
 * Runs the petstore upstream as a process:
 *
 *   node --import tsx examples/petstore/upstream/main.ts [--port 0] [--host 127.0.0.1] [--latency-ms 0] [--seed 1]
 *
 * Prints exactly one line, `petstore upstream listening on <url>`, to stdout once listening (the URL
 * includes `/api/v3`), and stops cleanly on SIGINT or SIGTERM. Bad arguments go to stderr with exit code 2.
 */
import { startPetstoreUpstream, type PetstoreUpstreamOptions } from "./server.js";

const USAGE = "usage: main.ts [--port N] [--host H] [--latency-ms N] [--seed N]";

/** Maps argv (after the script) to upstream options; throws on anything it does not know. */
function argsToOptions(argv: readonly string[]): PetstoreUpstreamOptions {
  const options: PetstoreUpstreamOptions = { port: 0, host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? "").split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const integer = (): number => {
      if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
      return Number(value);
    };
    if (flag === "--port") options.port = integer();
    else if (flag === "--host") options.host = value;
    else if (flag === "--latency-ms") options.latencyMs = integer();
    else if (flag === "--seed") options.seed = integer();
    else throw new Error(`unknown argument ${flag}`);
  }
  return options;
}

async function main(): Promise<void> {
  let options: PetstoreUpstreamOptions;
  try {
    options = argsToOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // Long-running processes do not need every request kept in memory.
  let upstream: Awaited<ReturnType<typeof startPetstoreUpstream>>;
  try {
    upstream = await startPetstoreUpstream({ ...options, record: false });
  } catch (error) {
    process.stderr.write(`petstore upstream failed to start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`petstore upstream listening on ${upstream.url}\n`);
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    void upstream.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await main();
