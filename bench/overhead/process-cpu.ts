/**
 * What a server process has spent, read from outside it: CPU time from /proc, and instructions
 * from valgrind's callgrind (`callgrind_control -d` dumps the counts so far). The per-call CPU
 * drivers (http-cpu.ts, stdio-cpu.ts) difference two readings around a batch of calls.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const CLK_TCK = 100;

/** User and system CPU of a process so far, µs (/proc/PID/stat utime and stime). */
export function cpuUs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1e6) / CLK_TCK, system: (Number(fields[12]) * 1e6) / CLK_TCK };
}

/** Instructions a process under callgrind has run so far (its newest dump in `dir`). */
export function callgrindInstructions(pid: number, dir: string): number {
  execFileSync("callgrind_control", ["-d", String(pid)], { stdio: "ignore" });
  const newest = readdirSync(dir)
    .filter((f) => f.startsWith(`cg.${pid}`))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  const totals = /^totals: (\d+)/m.exec(readFileSync(newest, "utf8"));
  return Number(totals?.[1] ?? NaN);
}
