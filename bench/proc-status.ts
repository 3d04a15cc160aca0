/**
 * Reads a live process's memory figures from /proc (Linux), for benchmarks that report peak memory.
 */
import { readFileSync } from "node:fs";

/** Peak resident set (VmHWM) of a live process, in KiB; undefined when it cannot be read. */
export function peakRssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
