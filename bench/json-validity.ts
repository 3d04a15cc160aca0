/**
 * JSON validity micro-benchmark: what it costs `shapeResponse`'s fast path to know a body is JSON,
 * by the WebAssembly validator (src/runtime/result/json-validity-wasm.ts, copy into linear memory
 * included), by the JS byte scanner (json-validity-js.ts) and by `JSON.parse`, on the overhead
 * benchmark's payloads (examples/petstore/upstream/store.ts createPayloadJson: small objects) at
 * 1 KB and 200 KB, on a 200 KB body of long strings (where the scan is a run of plain bytes), and on
 * 200 KB of PHP-style escaped URLs (`\\/` everywhere).
 * Figures are CPU µs per call (process.cpuUsage, so other processes on a shared machine count less),
 * the best of several batches after a warm-up. Takes ~15 s.
 *
 *   node --import tsx bench/json-validity.ts [--batches 7]
 */
import { createPayloadJson } from "../examples/petstore/upstream/store.js";
import { isJsonBytesJs } from "../src/runtime/result/json-validity-js.js";
import { isJsonBytesWasm } from "../src/runtime/result/json-validity-wasm.js";

const batchesArg = process.argv.indexOf("--batches");
const BATCHES = batchesArg >= 0 ? Number(process.argv[batchesArg + 1]) : 7;
/** Each batch runs about this long, so a timer tick is a small share of it. */
const BATCH_MS = 150;

/** Best-of-batches CPU µs per call of `run`. */
function cpuMicros(run: () => unknown): number {
  const started = performance.now();
  let calls = 0;
  while (performance.now() - started < 300) {
    run();
    calls++;
  }
  const perBatch = Math.max(1, Math.round((calls * BATCH_MS) / 300));
  let best = Infinity;
  for (let b = 0; b < BATCHES; b++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / perBatch);
  }
  return best;
}

const bodies: Array<[string, Buffer]> = [
  ["tiny object", Buffer.from('{"id":1,"ok":true}')],
  ["bench payload 1 KB", Buffer.from(createPayloadJson(1024))],
  ["bench payload 200 KB", Buffer.from(createPayloadJson(204_800))],
  ["long strings 200 KB", Buffer.from(JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: i, text: "lorem ipsum dolor ".repeat(110) }))))],
  // PHP's default encoder escapes every `/`: URLs become runs of `\/` (backslashes cost the validator a step each).
  ["escaped URLs 200 KB", Buffer.from(JSON.stringify(Array.from({ length: 2150 }, (_, i) => ({ id: i, url: `https://api.example.com/v1/items/${i}/parts/a/b`, note: 'say "hi"' }))).replace(/\//g, "\\/"))],
];

const rows = bodies.map(([name, body]) => {
  if (isJsonBytesWasm(body) !== true || !isJsonBytesJs(body)) throw new Error(`${name}: a validator refuses a valid body`);
  const text = body.toString("utf8");
  const wasm = cpuMicros(() => isJsonBytesWasm(body));
  const scan = cpuMicros(() => isJsonBytesJs(body));
  const parse = cpuMicros(() => JSON.parse(text));
  const decode = cpuMicros(() => body.toString("utf8"));
  return {
    body: name,
    bytes: body.length,
    "wasm µs": +wasm.toFixed(2),
    "JS scan µs": +scan.toFixed(2),
    "JSON.parse µs": +parse.toFixed(2),
    "scan/wasm": +(scan / wasm).toFixed(2),
    "parse/wasm": +(parse / wasm).toFixed(2),
    "wasm MB/s": Math.round(body.length / wasm),
    "utf8 decode µs (for scale)": +decode.toFixed(2),
  };
});
console.table(rows);
console.log(JSON.stringify({ bench: "json-validity", node: process.version, batches: BATCHES, rows }));
