/**
 * A scripted MCP session against a fake upstream, shared by the examples' demos and their tests: starts
 * `openapi-mcp serve <spec> --curation <file>` over stdio as a real process, connects the MCP SDK
 * client, lists the tools, makes each call in turn, and keeps, per call, the tool result and the
 * requests the fake upstream received while it ran. The demos print it; the tests assert on it.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import type { FakeRequest, SpecFake } from "./spec-fake/server.js";

/** `node` arguments that run the built CLI bundle (what `openapi-mcp` runs once installed). */
export const BUILT_CLI = [fileURLToPath(new URL("../../dist/bin/main.js", import.meta.url))];

/** `node` arguments that run the CLI from the TypeScript sources (no build needed; used by the tests). */
export const SOURCE_CLI = ["--import", "tsx", fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url))];

/** One scripted call. */
export interface SessionStep {
  /** What the call shows, in a sentence. */
  title: string;
  tool: string;
  args: Record<string, unknown>;
}

/** A call's outcome: what the model read, and what the upstream received. */
export interface StepOutcome {
  step: SessionStep;
  isError: boolean;
  /** The text content blocks, joined by newlines. */
  text: string;
  /** Requests the fake received during this call (retries included). */
  requests: FakeRequest[];
}

/** A finished session. */
export interface SessionTranscript {
  server: { name: string; version: string } | undefined;
  tools: Tool[];
  steps: StepOutcome[];
  /** What the server process wrote to stderr (its logs), when `stderr` was "pipe". */
  stderr: string;
}

/** Options for {@link runSession}. */
export interface SessionOptions {
  /** Path of the spec `serve` reads. */
  spec: string;
  /** Path of the curation file. */
  curation: string;
  /** The running fake; its origin becomes OPENAPI_MCP_BASE_URL. */
  fake: SpecFake;
  /** Credentials and other variables for the server (added to this process's environment). */
  env: Record<string, string>;
  steps: readonly SessionStep[];
  /** How to run the CLI: {@link BUILT_CLI} (default) or {@link SOURCE_CLI}. */
  cli?: readonly string[];
  /** "inherit" shows the server's logs (the demos); "pipe" collects them (the tests). Default "pipe". */
  stderr?: "inherit" | "pipe";
}

/** Runs the session; the server process is stopped before it resolves or rejects. */
export async function runSession(options: SessionOptions): Promise<SessionTranscript> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...(options.cli ?? BUILT_CLI), "serve", options.spec, "--curation", options.curation],
    env: { ...(process.env as Record<string, string>), ...options.env, OPENAPI_MCP_BASE_URL: options.fake.origin },
    stderr: options.stderr ?? "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "openapi-mcp-example-session", version: "1.0.0" });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const steps: StepOutcome[] = [];
    for (const step of options.steps) {
      const before = options.fake.requests.length;
      const result = await client.callTool({ name: step.tool, arguments: step.args });
      const content = result.content as Array<{ type: string; text?: string }>;
      steps.push({ step, isError: result.isError === true, text: content.map((c) => c.text ?? `[${c.type}]`).join("\n"), requests: options.fake.requests.slice(before) });
    }
    return { server: client.getServerVersion(), tools, steps, stderr };
  } catch (error) {
    const detail = stderr.trim() === "" ? "" : ` — server stderr: ${stderr.trim().slice(-2000)}`;
    throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`, { cause: error });
  } finally {
    await client.close();
  }
}

/**
 * Prints a transcript as the demos show it: the tool list, then each call with the request it caused
 * (and the `headers` named, credentials shortened), then what the model read.
 */
export function printSession(transcript: SessionTranscript, headers: readonly string[] = [], log: (line: string) => void = console.log): void {
  const { server, tools } = transcript;
  log(`Connected to MCP server "${server?.name}" ${server?.version} over stdio.\n`);
  log(`tools/list → ${tools.length} tools:`);
  const width = Math.max(...tools.map((t) => t.name.length));
  for (const tool of tools) log(`  • ${tool.name.padEnd(width)}  ${firstSentence(tool.description ?? "")}`);
  for (const { step, isError, text, requests } of transcript.steps) {
    log(`\n── ${step.title}\n   tools/call ${step.tool} ${JSON.stringify(step.args)}`);
    for (const request of requests) {
      log(`   → upstream ${request.method} ${readable(request.url)}  ← ${request.status}`);
      const shown = headers.filter((name) => request.headers[name] !== undefined).map((name) => `${name}: ${shorten(name, String(request.headers[name]))}`);
      if (shown.length > 0) log(`     ${shown.join(" · ")}`);
    }
    if (requests.length === 0) log("   → no upstream request");
    log(`   ${isError ? "isError ✗" : "ok ✓"}  ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`);
  }
}

/** A credential shown by its scheme and first characters only. */
function shorten(name: string, value: string): string {
  if (name !== "authorization") return value;
  const [scheme = "", secret = ""] = value.split(" ", 2);
  return `${scheme} ${secret.slice(0, 8)}…`;
}

/** A request target with its percent-escapes decoded for reading (kept as sent when malformed). */
function readable(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function firstSentence(text: string): string {
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}
