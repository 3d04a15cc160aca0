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

/**
 * The peer ports of the established loopback TCP connections to local `port` (from `ss`): how many
 * connections a server holds, and — compared between two readings — how many it opened meanwhile.
 */
export function tcpPeers(port: number | string): Set<number> {
  const out = execFileSync("ss", ["-Htn", "state", "established", `( sport = :${port} )`], { encoding: "utf8" });
  const peers = new Set<number>();
  for (const line of out.split("\n")) {
    const peer = line.trim().split(/\s+/)[3];
    if (peer !== undefined) peers.add(Number(peer.slice(peer.lastIndexOf(":") + 1)));
  }
  return peers;
}

/**
 * Load-independent counts of a process's kernel traffic so far, all threads together: read and
 * write system calls (/proc/PID/io `syscr`, `syscw`), minor page faults, and voluntary context switches (each one a
 * thread that went to sleep, e.g. an event loop waiting in epoll: the number of wake-ups). A server
 * that answers the same calls with more of these costs the machine more than its own CPU shows.
 */
export function kernelCounts(pid: number): { reads: number; writes: number; switches: number; faults: number } {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // minflt, the 10th field: page faults served without I/O (fresh memory touched, or returned and touched again).
  const faults = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[7]);
  const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(io)?.[1] ?? NaN);
  let switches = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      switches += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${task}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return { reads: field("syscr"), writes: field("syscw"), switches, faults };
}
