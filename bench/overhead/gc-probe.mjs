/**
 * Loaded into a server under measurement (`node --import bench/overhead/gc-probe.mjs …`) by the
 * per-call CPU drivers: counts the process's garbage collections, young and full, with their time,
 * and every 100 ms writes the totals so far and the old generation's size as JSON to the file
 * named by GC_PROBE_OUT. The drivers difference two readings around a batch of calls, which shows
 * a process whose calls' objects are being promoted (young collections copying twice as much, full
 * collections every few seconds) apart from one whose are not. Plain JavaScript, so it loads before tsx.
 */
import { renameSync, writeFileSync } from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

const out = process.env.GC_PROBE_OUT;
if (out !== undefined && out !== "") {
  const totals = { youngCount: 0, youngMs: 0, fullCount: 0, fullMs: 0, oldBytes: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        totals.youngCount++;
        totals.youngMs += entry.duration;
      } else {
        totals.fullCount++;
        totals.fullMs += entry.duration;
      }
    }
  }).observe({ entryTypes: ["gc"] });
  setInterval(() => {
    totals.oldBytes = getHeapSpaceStatistics().find((s) => s.space_name === "old_space")?.space_used_size ?? 0;
    // Whole or not at all: the driver may read at any moment.
    writeFileSync(`${out}.next`, JSON.stringify(totals));
    renameSync(`${out}.next`, out);
  }, 100).unref();
}
