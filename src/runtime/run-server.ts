/**
 * Runs a server definition until the process is told to stop: the one start-up path shared by
 * `openapi-mcp serve` and every generated project's entry point, so both behave the same.
 *
 * Stopping is graceful (SIGTERM, SIGINT, or stdin closing in stdio mode): nothing new is
 * accepted, calls in flight get up to the shutdown grace period to finish and send their answers,
 * then the rest are cancelled (which aborts their upstream requests) and this resolves, so the
 * process exits 0. A second signal skips what is left of the grace period.
 */
import { startHttpServer } from "./mcp/http-transport.js";
import { countAuthFailures } from "./mcp/inbound-auth.js";
import { prepareRuntime } from "./prepare-runtime.js";
import { attachOps, readOnlyDefinition, resolveServeOps } from "./prepare-ops.js";
import { startStdioServer } from "./mcp/stdio-transport.js";
import { isLoopbackHost, resolveLimits, ServeConfigError, type ServeSettings } from "./core/serve-settings.js";
import type { ServerDefinition } from "./core/tool-definition.js";
import type { LaterTools } from "./core/later-tools.js";
import { resolveOAuthSettings } from "./core/oauth-settings.js";
import type { InboundAuth } from "./mcp/inbound-auth.js";
import { startTracing } from "./telemetry/start-tracing.js";

export { StaticHeaderError } from "./request/static-headers.js";
export { parseServeSettings, SERVE_OPTIONS, ServeConfigError, serveSettingsFromValues, type ServeSettings } from "./core/serve-settings.js";

/** Thrown when HTTP would be served beyond loopback without OAuth and without `--allow-unauthenticated`. */
export class UnprotectedBindError extends ServeConfigError {}

/**
 * Serves until stdin closes (stdio) or SIGINT/SIGTERM; `onListening` gets the HTTP endpoint URL.
 *
 * `later`: tools promised beyond the definition's (later-tools.ts). Over stdio the server answers
 * while they come; anything that looks at every tool first (HTTP, read-only mode, a check that
 * every tool has an upstream) waits for them. If they cannot be built, the server stops with that error.
 */
export async function runServer(
  definition: ServerDefinition,
  settings: ServeSettings,
  env: Record<string, string | undefined>,
  onListening?: (url: string) => void,
  later?: LaterTools,
): Promise<void> {
  const limits = resolveLimits(settings.limits, env);
  const whole = async (): Promise<void> => {
    if (later === undefined) return;
    later.start?.();
    const first = later.first === undefined ? [] : await later.first;
    definition = { ...definition, tools: [...definition.tools, ...first, ...(await later.rest)] };
    later = undefined;
  };
  if (settings.transport !== "stdio") await whole();
  // --- i12-ops: rate limits, read-only, audit, metrics ---
  const ops = resolveServeOps(definition, settings.ops, env, later?.names);
  if (ops.readOnly) {
    await whole();
    definition = readOnlyDefinition(definition);
  }
  if (later !== undefined && (settings.baseUrl ?? env.OPENAPI_MCP_BASE_URL ?? definition.baseUrl ?? "").trim() === "") await whole();
  const { prepared, log } = prepareRuntime(definition, env, {
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    ...(settings.userAgent === undefined ? {} : { userAgent: settings.userAgent }),
    limits,
    ...(later === undefined ? {} : { later }),
  });
  const toolCount = later?.names.length ?? definition.tools.length;
  if (!prepared.invoke.baseUrl && definition.tools.some((t) => !t.http.serverUrl)) {
    throw new ServeConfigError("no upstream base URL: pass --base-url or set OPENAPI_MCP_BASE_URL");
  }
  // OAuth (README "OAuth"): flags beat the curation file's serve.oauth; the resource server (and
  // the JWT library) is loaded only when configured, and only HTTP has inbound authentication.
  const oauth = settings.transport === "http" ? resolveOAuthSettings(settings.oauth, definition.serve?.oauth) : undefined;
  if (settings.transport === "http" && !isLoopbackHost(settings.host) && oauth === undefined) {
    // /mcp has no authentication: whoever reaches the port calls the tools with this
    // server's credentials. Binding wider must be a decision, and it is said out loud.
    const exposure = `HTTP on ${settings.host} is reachable beyond this machine and /mcp has no authentication: anyone who can reach the port calls the tools with this server's credentials`;
    if (settings.allowUnauthenticated !== true) {
      throw new UnprotectedBindError(`${exposure}. Bind to 127.0.0.1 (the default), protect it with OAuth (--oauth-issuer and --oauth-audience, or serve.oauth in the curation file), or pass --allow-unauthenticated if a firewall or proxy in front protects it`);
    }
    log("warn", `${exposure} (--allow-unauthenticated was given)`);
  }
  const attached = await attachOps(prepared, ops, log, settings.host, settings.transport === "http");
  if (attached.metricsUrl !== undefined) log("info", `metrics on ${attached.metricsUrl}`);

  // Tracing (README "Tracing"): on only when OTEL_* asks for it; the SDK is loaded then and not before.
  const stopTracing = await startTracing(env, settings.transport, definition.name, log);

  let signals = 0;
  let hurry: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) resolveStop(signal);
    else hurry?.();
  };
  let resolveStop: (why: string) => void = () => {};
  const stop = new Promise<string>((resolve) => {
    resolveStop = resolve;
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    if (settings.transport === "stdio") {
      process.stdin.once("end", () => resolve("stdin closed"));
      process.stdin.once("close", () => resolve("stdin closed"));
    }
  });
  const forgetSignals = (): void => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  // A second signal cuts the grace period short. The timer is unref'd: once the last call has
  // finished, nothing should keep the process alive waiting for it.
  const grace = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      hurry = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  if (settings.transport === "stdio") {
    const running = await startStdioServer(prepared);
    log("info", `serving ${toolCount} tools over stdio`, { upstream: prepared.invoke.baseUrl });
    // Tools that could not be built after start stop the server as a start-up error would.
    const failed = prepared.completion?.then(
      () => new Promise<never>(() => {}),
      (error: unknown) => ({ error }),
    );
    const outcome = await Promise.race([stop, ...(failed === undefined ? [] : [failed])]);
    if (typeof outcome !== "string") {
      process.stdin.pause();
      await running.close();
      await attached.close();
      forgetSignals();
      await stopTracing?.();
      throw outcome.error;
    }
    const why = outcome;
    // No new calls: stop reading stdin, refuse anything already buffered, let running calls answer.
    process.stdin.pause();
    const inFlight = prepared.gate.inFlight;
    if (inFlight > 0) log("info", `stopping (${why}): waiting up to ${limits.shutdownGraceMs} ms for ${inFlight} calls in flight`);
    await Promise.race([prepared.gate.drain(), grace(limits.shutdownGraceMs)]);
    const cut = prepared.gate.inFlight;
    await running.close();
    await attached.close();
    forgetSignals();
    await stopTracing?.();
    log("info", "stopped", { finished: inFlight - cut, cancelled: cut });
    return;
  }
  let auth: InboundAuth | undefined;
  if (oauth !== undefined) {
    const { startOAuthResourceServer } = await import("./mcp/oauth-resource-server.js");
    auth = await startOAuthResourceServer(oauth, definition, env, log);
    const metrics = prepared.ops?.metrics;
    if (metrics !== undefined) auth = countAuthFailures(auth, (reason) => metrics.authFailure(reason));
    log("info", `OAuth: accepting access tokens from ${oauth.issuer} for ${oauth.audience}`, { requiredScopes: oauth.requiredScopes.join(" ") });
  }
  const running = await startHttpServer(prepared, {
    ...(auth === undefined ? {} : { auth }),
    host: settings.host,
    port: settings.port,
    ...(settings.allowedHosts ? { allowedHosts: settings.allowedHosts } : {}),
    ...(settings.allowedOrigins ? { allowedOrigins: settings.allowedOrigins } : {}),
  });
  onListening?.(running.url);
  log("info", `serving ${toolCount} tools on ${running.url}`, { upstream: prepared.invoke.baseUrl });
  const why = await stop;
  log("info", `stopping (${why}): no new connections; calls in flight get up to ${limits.shutdownGraceMs} ms`);
  const outcome = await running.shutdown(grace(limits.shutdownGraceMs));
  await attached.close();
  forgetSignals();
  await stopTracing?.();
  log("info", "stopped", { finished: outcome.finished, cancelled: outcome.cut });
}
