/**
 * V8 settings for a server process, applied before any other module of ours runs: `openapi-mcp`'s
 * entry (src/cli/main.ts) and a generated project's (`src/index.ts`) import this module first.
 * Node.js offers no other way for an npm bin: a shebang cannot carry them portably, and
 * NODE_OPTIONS does not take them.
 *
 * `--no-allocation-site-pretenuring`: V8 watches where objects are allocated and, when many from
 * one place survive a young-generation collection, allocates that place's objects straight in the
 * old generation from then on. A proxy under load has calls in flight at every collection, so their
 * short-lived objects look long-lived: in some processes (at random, by what a collection happened
 * to see) V8 decided so for our call path, and old space then grew ~20 MB/s at 50 calls in flight,
 * with major collections every 2–3 s, fresh pages faulted in (~0.7 per call) and 10–25% more CPU per
 * call than in the processes where it did not. Without the feature, the same load grows old space
 * ~1 MB/s, at ~0.03 page faults per call, in most processes. (bench/overhead/http-cpu.ts
 * --concurrency 50 shows both; the flag is process-wide, so the pipeline worker runs with it too.)
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--no-allocation-site-pretenuring");
