/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function, self time per
 * area (bridge runtime, MCP SDK, zod, ajv, node core, GC, ...), and inclusive time of the functions
 * that matter. Used by run-overhead.ts; also runnable on its own:
 *
 *   npx tsx bench/overhead/cpu-profile.ts FILE.cpuprofile [--top 25] [--calls N]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One function's share. */
export interface FunctionTime {
  fn: string;
  where: string;
  area: string;
  ms: number;
  /** Share of non-idle time, in %. */
  pct: number;
}

/** What a profile says. */
export interface ProfileSummary {
  file: string;
  /** Wall time covered by samples. */
  wallMs: number;
  /** Sampled time outside `(idle)`. */
  busyMs: number;
  /** busyMs per call, in µs, when the call count is given. */
  busyUsPerCall?: number;
  /** Whether only samples inside the requested window were counted (false: no window, or it missed the profile). */
  windowed: boolean;
  areas: Array<{ area: string; ms: number; pct: number; usPerCall?: number }>;
  topSelf: FunctionTime[];
  /** Inclusive time (each sample counted once per function on its stack). */
  topInclusive: FunctionTime[];
  /** Inclusive time of the functions asked for by name (all their frames together). */
  focus: Array<{ fn: string; ms: number; pct: number; usPerCall?: number }>;
}

const ROOT_MARK = "/work/";

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "(program: native/VM)";
    return "native builtins";
  }
  if (url.startsWith("node:")) return "node core";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "@modelcontextprotocol/sdk") return `MCP SDK (${rest.slice(3, -1).join("/") || rest[3]})`;
    return pkg;
  }
  const dist = url.indexOf("/dist/");
  if (dist >= 0) {
    const parts = url.slice(dist + 1).split("/");
    return `bridge ${parts.slice(0, 2).join("/")}`;
  }
  if (url.includes("/bench/")) return "bench";
  return "other";
}

function shortUrl(url: string): string {
  if (url === "") return "";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + "/node_modules/".length);
  const root = url.indexOf(ROOT_MARK);
  if (root >= 0) return url.slice(url.indexOf("/", root + ROOT_MARK.length) + 1);
  return url.replace(/^file:\/\//, "");
}

function keyOf(frame: CallFrame): string {
  return `${frame.functionName || "(anonymous)"}\u0000${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

/** Reads and summarises one profile; `calls` turns totals into per-call figures. */
export function summariseProfile(
  file: string,
  options: {
    top?: number;
    calls?: number;
    /** [from, to] in µs of CLOCK_MONOTONIC, like the profile's timestamps. */
    window?: [number, number];
    /** Function names whose inclusive time is reported on its own. */
    focus?: string[];
  } = {},
): ProfileSummary {
  const top = options.top ?? 25;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const window = options.window;
  const windowed = window !== undefined && window[0] < profile.endTime && window[1] > profile.startTime;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, { frame: CallFrame; us: number }>();
  const inclusive = new Map<string, { frame: CallFrame; us: number }>();
  const areas = new Map<string, number>();
  const focusNames = new Set(options.focus ?? []);
  const focus = new Map<string, number>();
  let busyUs = 0;
  let wallUs = 0;
  // timeDeltas[i] is the gap before sample i; attribute it to sample i (V8's own convention in DevTools).
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = Math.max(0, profile.timeDeltas[i] ?? 0);
    at += profile.timeDeltas[i] ?? 0;
    if (windowed && (at < window[0] || at > window[1])) continue;
    wallUs += us;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const frame = node.callFrame;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area === "idle") continue;
    busyUs += us;
    const key = keyOf(frame);
    const entry = self.get(key) ?? { frame, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const seen = new Set<string>();
    const seenFocus = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === "(root)") continue;
      if (focusNames.has(f.functionName) && !seenFocus.has(f.functionName)) {
        seenFocus.add(f.functionName);
        focus.set(f.functionName, (focus.get(f.functionName) ?? 0) + us);
      }
      const k = keyOf(f);
      if (seen.has(k)) continue;
      seen.add(k);
      const inc = inclusive.get(k) ?? { frame: f, us: 0 };
      inc.us += us;
      inclusive.set(k, inc);
    }
  }
  const pct = (us: number): number => (busyUs === 0 ? 0 : Math.round((1000 * us) / busyUs) / 10);
  const toTime = ({ frame, us }: { frame: CallFrame; us: number }): FunctionTime => ({
    fn: frame.functionName || "(anonymous)",
    where: frame.url === "" ? "" : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`,
    area: areaOf(frame),
    ms: Math.round(us / 100) / 10,
    pct: pct(us),
  });
  const calls = options.calls;
  return {
    file,
    wallMs: Math.round(wallUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    ...(calls ? { busyUsPerCall: Math.round(busyUs / calls) } : {}),
    windowed,
    areas: [...areas.entries()]
      .filter(([area]) => area !== "idle")
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, ms: Math.round(us / 100) / 10, pct: pct(us), ...(calls ? { usPerCall: Math.round(us / calls) } : {}) })),
    topSelf: [...self.values()].sort((a, b) => b.us - a.us).slice(0, top).map(toTime),
    topInclusive: [...inclusive.values()]
      .filter(({ frame }) => frame.url !== "" && !frame.url.startsWith("node:"))
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(toTime),
    focus: (options.focus ?? []).map((fn) => {
      const us = focus.get(fn) ?? 0;
      return { fn, ms: Math.round(us / 100) / 10, pct: pct(us), ...(calls ? { usPerCall: Math.round(us / calls) } : {}) };
    }),
  };
}

/** Plain-text rendering of a summary. */
export function formatProfile(summary: ProfileSummary, title: string, top = 20): string {
  const lines: string[] = [];
  const perCall = summary.busyUsPerCall === undefined ? "" : `, ${summary.busyUsPerCall} µs of CPU per call`;
  lines.push(`── ${title}: ${summary.busyMs} ms busy of ${summary.wallMs} ms sampled${perCall}`);
  lines.push("   self time by area:");
  for (const a of summary.areas.slice(0, 12)) {
    lines.push(`     ${a.pct.toFixed(1).padStart(5)}%  ${String(a.ms).padStart(8)} ms${a.usPerCall === undefined ? "" : `  ${String(a.usPerCall).padStart(5)} µs/call`}  ${a.area}`);
  }
  lines.push("   top self time:");
  for (const f of summary.topSelf.slice(0, top)) {
    lines.push(`     ${f.pct.toFixed(1).padStart(5)}%  ${String(f.ms).padStart(8)} ms  ${f.fn}  ${f.where}`);
  }
  lines.push("   top inclusive time (JS frames):");
  for (const f of summary.topInclusive.slice(0, top)) {
    lines.push(`     ${f.pct.toFixed(1).padStart(5)}%  ${String(f.ms).padStart(8)} ms  ${f.fn}  ${f.where}`);
  }
  if (summary.focus.length > 0) {
    lines.push("   inclusive time of selected functions (sync segments; async continuations count under the function that resumes):");
    for (const f of summary.focus) {
      if (f.ms === 0) continue;
      lines.push(`     ${f.pct.toFixed(1).padStart(5)}%  ${String(f.ms).padStart(8)} ms${f.usPerCall === undefined ? "" : `  ${String(f.usPerCall).padStart(5)} µs/call`}  ${f.fn}`);
    }
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: cpu-profile.ts FILE.cpuprofile [--top N] [--calls N]\n");
    process.exit(2);
  }
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const top = arg("top") ?? 25;
  const calls = arg("calls");
  console.log(formatProfile(summariseProfile(file, { top, ...(calls ? { calls } : {}) }), file, top));
}
