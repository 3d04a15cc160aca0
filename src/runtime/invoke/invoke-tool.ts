/**
 * One `tools/call`, start to finish: validate the arguments (no I/O on failure), build the request,
 * attach credentials from configuration, send it with the tool's deadline and retry policy, and
 * shape the answer. Every failure becomes an error result the model can act on; secrets are
 * redacted from everything returned.
 */
import { randomUUID } from "node:crypto";
import { applyAuth, type AuthContext } from "../auth/apply-auth.js";
import { buildRequest, RequestBuildError, type BuiltRequest } from "../request/build-request.js";
import type { CallLog, CallOutcome } from "./call-log.js";
import type { CancelSignal } from "../core/call-cancellation.js";
import { createThrottledLog, type ThrottledLog } from "../core/throttled-log.js";
import { sendRequest, type SendOptions, type UpstreamResponse } from "../upstream/send-request.js";
import type { ServeLimits } from "../core/serve-settings.js";
import { MAX_RESPONSE_BYTES_SETTING, shapeResponse } from "../result/shape-response.js";
import { withStaticHeaders, type StaticHeaders } from "../request/static-headers.js";
import type { ToolDefinition } from "../core/tool-definition.js";
import { errorResult, isRedactedBlock, type ToolResult } from "../core/tool-results.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { InputLimits } from "../request/input-limits.js";
import type { Principal } from "../core/principal.js";
import { argumentProblems, checkArguments } from "../request/validate-arguments.js";
import { undoProfile } from "../request/undo-profile.js";

/** What every call needs from the server: resolved once at start. */
export interface InvokeContext {
  /** Upstream base URL; a tool's own `serverUrl` wins unless {@link InvokeContext.operatorBaseUrl} is set. */
  baseUrl: string | undefined;
  /** Set when the base URL came from the operator (`--base-url`, `OPENAPI_MCP_BASE_URL`): it replaces every server. */
  operatorBaseUrl?: string;
  auth: AuthContext;
  /** Removes configured secrets from any text. */
  redact: (text: string) => string;
  /** Cap on response bytes read, after decompression. */
  maxResponseBytes: number;
  /** The other upstream limits (headers timeout, content codings, the process-wide retry budget); none when absent. */
  upstream?: Pick<SendOptions, "headersTimeoutMs" | "maxContentEncodings" | "retryBudget">;
  /**
   * Every resource limit, resolved once at start: the server's (`LIMITS` in serve-settings.ts: flag >
   * variable > default) and those on what a client sends (input-limits.ts: variables only).
   */
  limits: ServeLimits & InputLimits;
  log: (level: "debug" | "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
  /** Each tool's User-Agent, Accept and curation headers, resolved at start (see `resolveStaticHeaders`). */
  staticHeaders?: ReadonlyMap<ToolDefinition, StaticHeaders>;
  /** One line per call; unset when the log level hides info lines, so nothing is measured or built. */
  logCall?: CallLog;
}

const NO_AUTH = { ok: true, applied: [] as string[], missing: [] as string[], unsupported: [] as string[] };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"]);

/** Runs one tool call; never throws. `caller` reaches the call log (audit, metrics) only. */
export async function invokeTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: InvokeContext,
  signal?: CancelSignal,
  caller?: Principal,
): Promise<ToolResult> {
  if (ctx.logCall === undefined) return invokeUnlogged(tool, args, ctx, signal);
  const started = performance.now();
  const outcome: CallOutcome = { status: undefined, attempts: 0, bytes: 0 };
  const result = await invokeUnlogged(tool, args, ctx, signal, outcome);
  ctx.logCall(tool, outcome, performance.now() - started, result.isError === true, caller, args);
  return result;
}

async function invokeUnlogged(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: InvokeContext,
  signal?: CancelSignal,
  outcome?: CallOutcome,
): Promise<ToolResult> {
  try {
    return redactResult(await invoke(tool, args, ctx, signal, outcome), ctx.redact);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log("error", "tool call failed unexpectedly", { tool: tool.name, error: ctx.redact(message) });
    return errorResult(ctx.redact(`Calling ${tool.http.method} ${tool.http.path} failed: ${message}`));
  }
}

async function invoke(tool: ToolDefinition, listedArgs: Record<string, unknown>, ctx: InvokeContext, signal?: CancelSignal, outcome?: CallOutcome): Promise<ToolResult> {
  // A client profile listed a reshaped schema: turn its arguments back before the full schema judges them.
  // A tool shortened to its token budget lists less than it accepts: the whole schema judges.
  const schema = tool.argumentSchema ?? tool.inputSchema;
  const args = tool.profile === undefined ? listedArgs : undoProfile(schema, listedArgs, tool.profile.undo);
  const checked = checkArguments(schema, args, ctx.limits, hiddenArguments(tool));
  if (checked.limit !== undefined) {
    limitLog(ctx)(`arguments:${checked.limit}`, "warn", "refused a tool call's arguments at a limit", { tool: tool.name, limit: checked.limit, value: ctx.limits[checked.limit] });
  }
  if (checked.problems.length > 0) {
    return errorResult(`Invalid arguments for ${tool.name}; nothing was sent:\n- ${checked.problems.join("\n- ")}`);
  }
  // Precedence: the operator's URL > the tool's own server (curation tool entry or spec) > the server's base URL.
  const baseUrl = ctx.operatorBaseUrl ?? ctx.baseUrl ?? tool.http.serverUrl;
  const buildOptions = { replaceServers: ctx.operatorBaseUrl !== undefined };
  if (!baseUrl) {
    return errorResult("No upstream base URL is configured for this server: set OPENAPI_MCP_BASE_URL, or baseUrl in the curation file.");
  }
  // The request as the API gets it: built from the arguments, then the server's static headers.
  const build = (): BuiltRequest => {
    const built = buildRequest(tool, args, baseUrl, buildOptions);
    built.headers = withStaticHeaders(built.headers, ctx.staticHeaders?.get(tool));
    return built;
  };
  let request;
  try {
    request = build();
  } catch (error) {
    if (error instanceof RequestBuildError) return errorResult(`Invalid arguments for ${tool.name}; nothing was sent: ${error.message}`);
    throw error;
  }
  // Most tools of a spec share one requirement; a tool with none skips the (async) credential step.
  const auth = tool.security.length === 0 ? NO_AUTH : await applyAuth(request, tool.security, ctx.auth);
  if (!auth.ok) {
    if (auth.missing.length > 0) {
      return errorResult(`${tool.name} needs credentials that this server does not have: set ${auth.missing.join(" and ")} in its environment. Nothing was sent.`);
    }
    return errorResult(`${tool.name} needs a kind of credential this server cannot supply (${auth.unsupported.join(", ")}). Nothing was sent.`);
  }
  const idempotencyHeader = tool.policy.idempotencyKeyHeader;
  if (idempotencyHeader && !(idempotencyHeader.toLowerCase() in lowerKeys(request.headers))) {
    // One key for every attempt, so the API can recognise a retried POST.
    request.headers[idempotencyHeader] = randomUUID();
  }
  const retrySafe = SAFE_METHODS.has(tool.http.method) || idempotencyHeader !== undefined;
  // Assigned, not spread: object spreads cost more per call than the rest of this object.
  const options: SendOptions = {
    deadlineMs: tool.policy.timeoutMs,
    retries: tool.policy.retries,
    retrySafe,
    maxResponseBytes: ctx.maxResponseBytes,
    onRetry: (info: { attempt: number; delayMs: number; reason: string }) =>
      ctx.log("info", "retrying upstream call", { tool: tool.name, ...info }),
    onLimit: (info: { limit: string; setting: string; detail: string }) => limitLog(ctx)(`upstream:${info.limit}`, "warn", `upstream limit reached: ${info.limit}`, { tool: tool.name, ...info }),
  };
  if (signal) options.signal = signal;
  const upstream = ctx.upstream;
  if (upstream !== undefined) {
    if (upstream.headersTimeoutMs !== undefined) options.headersTimeoutMs = upstream.headersTimeoutMs;
    if (upstream.maxContentEncodings !== undefined) options.maxContentEncodings = upstream.maxContentEncodings;
    if (upstream.retryBudget !== undefined) options.retryBudget = upstream.retryBudget;
  }
  let response: UpstreamResponse;
  try {
    response = await sendRequest(request, options);
    if (response.status === 401 && auth.applied.some((name) => ctx.auth.schemes[name]?.type === "oauth2")) {
      // A cached OAuth token may have been revoked early: fetch a fresh one, once.
      const fresh = build();
      await applyAuth(fresh, tool.security, ctx.auth, { forceRefresh: true });
      response = await sendRequest(fresh, options);
    }
  } catch (error) {
    if (error instanceof UpstreamError) return errorResult(`${tool.http.method} ${tool.http.path} failed: ${error.message}${error.retryable ? " Retrying later may help." : ""}`);
    throw error;
  }
  if (outcome) Object.assign(outcome, { status: response.status, attempts: response.attempts, bytes: response.body.length });
  if (response.truncatedBody) {
    limitLog(ctx)("upstream:read limit", "warn", "upstream response exceeded the read limit", { tool: tool.name, limit: ctx.maxResponseBytes, setting: MAX_RESPONSE_BYTES_SETTING });
  }
  const fields = tool.resultFields === undefined ? undefined : (args[tool.resultFields] as string[] | undefined);
  const result = shapeResponse(tool, response, ctx.redact, fields);
  return checkOutput(tool, result);
}

/** One throttled log per server (per `ctx.log`): limit hits come in floods when a client or an upstream misbehaves. */
const limitLogs = new WeakMap<InvokeContext["log"], ThrottledLog>();

function limitLog(ctx: InvokeContext): ThrottledLog {
  let throttled = limitLogs.get(ctx.log);
  if (throttled === undefined) limitLogs.set(ctx.log, (throttled = createThrottledLog(ctx.log)));
  return throttled;
}

const hiddenByTool = new WeakMap<ToolDefinition, ReadonlySet<string>>();

/** Arguments the curation file hid: a model that passes one is told so, rather than silently ignored. */
function hiddenArguments(tool: ToolDefinition): ReadonlySet<string> {
  let hidden = hiddenByTool.get(tool);
  if (!hidden) {
    hidden = new Set(tool.http.arguments.filter((binding) => binding.hidden === true).map((binding) => binding.argument));
    hiddenByTool.set(tool, hidden);
  }
  return hidden;
}

/** With a declared output schema, a result must conform; drift is reported, not passed on. */
function checkOutput(tool: ToolDefinition, result: ToolResult): ToolResult {
  if (!tool.outputSchema || result.isError) return result;
  if (!result.structuredContent) {
    return errorResult(`${tool.name} declares structured output but the API did not answer with a JSON object: ${firstText(result)}`);
  }
  const drift = argumentProblems(tool.outputSchema, result.structuredContent, 10).problems;
  if (drift.length === 0) return result;
  return errorResult(`The API's answer does not match ${tool.name}'s declared output schema (the API drifted from its spec):\n- ${drift.slice(0, 10).join("\n- ")}\nThe raw answer:\n${firstText(result)}`);
}

function firstText(result: ToolResult): string {
  const block = result.content.find((c) => c.type === "text");
  return block && block.type === "text" ? block.text.slice(0, 2000) : "";
}

/** The last pass: every text block not already redacted where it was made (shape-response.ts) is scanned. */
function redactResult(result: ToolResult, redact: (text: string) => string): ToolResult {
  for (const block of result.content) if (block.type === "text" && !isRedactedBlock(block)) block.text = redact(block.text);
  return result;
}

function lowerKeys(headers: Record<string, string>): Record<string, true> {
  const out: Record<string, true> = {};
  for (const key of Object.keys(headers)) out[key.toLowerCase()] = true;
  return out;
}
