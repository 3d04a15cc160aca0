/**
 * What a bench figure was measured on: the code (other work lands in `src/` while benches run) and
 * how busy the machine was (other processes share its cores).
 */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";

/** The checked-out commit, and whether `src/` has uncommitted changes; `unknown` outside git. */
export function gitRevision(cwd: string): { commit: string; srcDirty: boolean } {
  try {
    const git = (...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { commit: git("rev-parse", "HEAD"), srcDirty: git("status", "--porcelain", "--", "src") !== "" };
  } catch {
    return { commit: "unknown", srcDirty: false };
  }
}

/** The 1, 5 and 15 minute load averages, rounded. */
export function loadAverages(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
