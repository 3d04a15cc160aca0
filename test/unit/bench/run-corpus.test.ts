import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCorpusArgs, type CorpusOptions } from "../../../bench/corpus/run-corpus.js";

describe("parseCorpusArgs", () => {
  const defaults: CorpusOptions = { dir: "../shared/corpus", out: "bench/results/corpus.json", timeoutMs: 180_000, jobs: 2 };
  const cases: Array<[string, { given: string[]; want: CorpusOptions }]> = [
    ["no flags gives the defaults", { given: [], want: defaults }],
    [
      "every flag",
      {
        given: ["--dir", "c", "--out", "o.json", "--timeout-ms", "5000", "--jobs", "4", "--filter", "stripe"],
        want: { dir: "c", out: "o.json", timeoutMs: 5000, jobs: 4, filter: "stripe" },
      },
    ],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(parseCorpusArgs(given), want));

  const errors: Array<[string, { given: string[]; want: RegExp }]> = [
    ["an unknown flag", { given: ["--fast", "1"], want: /unknown option --fast/ }],
    ["a flag without its value", { given: ["--jobs"], want: /--jobs needs a value/ }],
    ["a bad number", { given: ["--jobs", "0"], want: /--jobs must be a positive integer/ }],
  ];
  for (const [name, { given, want }] of errors) it(name, () => assert.throws(() => parseCorpusArgs(given), want));
});
