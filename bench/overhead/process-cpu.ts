/**
 * What a server process has spent, read from outside it: CPU time from /proc, and instructions
 * from valgrind's callgrind (`callgrind_control -d` dumps the counts so far). The per-call CPU
 * drivers (http-cpu.ts, stdio-cpu.ts) difference two readings around a batch of calls.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

/** Collections so far, as gc-probe.mjs counts them in the server. */
export interface GcTotals {
  youngCount: number;
  youngMs: number;
  fullCount: number;
  fullMs: number;
  oldBytes: number;
}

/**
 * gc-probe.mjs for one server: the node arguments and environment that load it, and a reader of
 * its totals so far (written every 100 ms, so read after a pause at the end of a batch).
 */
export function gcProbe(file: string): { args: string[]; env: Record<string, string>; read(): GcTotals } {
  return {
    args: ["--import", new URL("./gc-probe.mjs", import.meta.url).pathname],
    env: { GC_PROBE_OUT: file },
    read: () => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as GcTotals) : { youngCount: 0, youngMs: 0, fullCount: 0, fullMs: 0, oldBytes: 0 }),
  };
}

/** One line on the collections between two readings of `calls` calls over `wallMs`. */
export function gcLine(a: GcTotals, b: GcTotals, calls: number, wallMs: number): string {
  const seconds = wallMs / 1000;
  return (
    `young GC ${((b.youngCount - a.youngCount) / seconds).toFixed(0)}/s, ${(((b.youngMs - a.youngMs) * 1000) / calls).toFixed(1)} µs/call; ` +
    `full GC ${b.fullCount - a.fullCount} (${(b.fullMs - a.fullMs).toFixed(0)} ms); old space ${(a.oldBytes / 1e6).toFixed(1)} → ${(b.oldBytes / 1e6).toFixed(1)} MB`
  );
}
