/**
 * The door every `tools/call` passes, whatever the transport: it caps how many run at once and,
 * once the server is shutting down, refuses new ones and tells the shutdown when the last
 * running call has finished.
 *
 * A call past the cap is refused rather than queued: a queue needs its own cap and deadline, and
 * a refusal the model can read ("retry shortly") costs the upstream nothing. Refusals are tool
 * results with `isError: true` (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling)
 * naming the limit and the setting that raises it.
 */
import type { Log } from "../core/logger.js";
import { limitHint } from "../core/serve-settings.js";
import { createThrottledLog, type ThrottledLog } from "../core/throttled-log.js";
import { errorResult, type ToolResult } from "../core/tool-results.js";

/** Counts running calls; see the file comment. */
export class CallGate {
  private running = 0;
  private draining = false;
  private onIdle: (() => void) | undefined;
  private readonly log: ThrottledLog;

  constructor(
    private readonly maxConcurrent: number,
    log: Log,
  ) {
    this.log = createThrottledLog(log);
  }

  /** Calls running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs `call` unless the cap is reached or the server is draining; then resolves with a refusal. */
  run<T>(call: () => Promise<T>): Promise<T | ToolResult> {
    if (this.draining) {
      this.log("draining", "warn", "tool call refused: the server is shutting down");
      return Promise.resolve(errorResult("This server is shutting down and takes no new tool calls; nothing was sent. Retry once it is back."));
    }
    if (this.running >= this.maxConcurrent) {
      this.log("cap", "warn", "tool call refused: max concurrent calls reached", { maxConcurrentCalls: this.maxConcurrent });
      return Promise.resolve(
        errorResult(
          `Too many tool calls at once: ${this.maxConcurrent} are already running (the server's max concurrent calls; ${limitHint("maxConcurrentCalls")}). Nothing was sent; retry when one has finished.`,
        ),
      );
    }
    this.running++;
    let answer: Promise<T>;
    try {
      answer = call();
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(this.done, this.done);
    return answer;
  }

  /** Refuses new calls from now on; resolves once no call is running. */
  drain(): Promise<void> {
    this.draining = true;
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.onIdle;
      this.onIdle = () => {
        previous?.();
        resolve();
      };
    });
  }

  private readonly done = (): void => {
    this.running--;
    if (this.running === 0 && this.onIdle !== undefined) {
      const idle = this.onIdle;
      this.onIdle = undefined;
      idle();
    }
  };
}
