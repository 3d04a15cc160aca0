import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  countByCode,
  mulberry32,
  parseTscOutput,
  parseTimeOutput,
  projectArea,
  sampleOrder,
  seededShuffle,
  slugForSpec,
  toolCountFromGenerateOutput,
} from "../../../bench/generate/helpers.js";

describe("mulberry32 / seededShuffle", () => {
  it("gives the same sequence for the same seed, on every run", () => {
    const a = mulberry32(1729);
    const b = mulberry32(1729);
    const first = [a(), a(), a()];
    assert.deepEqual([b(), b(), b()], first);
    for (const x of first) assert.ok(x >= 0 && x < 1);
    // Pinned, so a change to the generator (which would change every sample) is noticed.
    assert.equal(first[0]!.toFixed(6), "0.094856");
  });
  it("permutes without losing or repeating items, and leaves its input alone", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = seededShuffle(items, 7);
    assert.deepEqual([...shuffled].sort((x, y) => x - y), items);
    assert.notDeepEqual(shuffled, items);
    assert.deepEqual(items, Array.from({ length: 20 }, (_, i) => i));
  });
  it("differs between seeds", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    assert.notDeepEqual(seededShuffle(items, 1), seededShuffle(items, 2));
  });
});

describe("sampleOrder", () => {
  it("does not depend on the input order, and drops duplicates", () => {
    const paths = ["c.json", "a.yaml", "b.json", "d.json", "e.json"];
    assert.deepEqual(sampleOrder(paths, 1729), sampleOrder([...paths].reverse().concat("a.yaml"), 1729));
  });
  it("is pinned for seed 1729 (a change here changes every published sample)", () => {
    assert.deepEqual(sampleOrder(["a", "b", "c", "d", "e", "f"], 1729), ["e", "b", "d", "c", "f", "a"]);
  });
});

describe("parseTscOutput", () => {
  const output = [
    ".tmp/x/src/tools/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    ".tmp/x/src/server.ts(3,1): error TS2307: Cannot find module './tools/index.js' or its corresponding type declarations.",
    "  Some continuation line.",
    "error TS5083: Cannot read file '/nope/tsconfig.json'.",
    "",
  ].join("\n");
  it("reads file diagnostics, continuation lines and global diagnostics", () => {
    const diagnostics = parseTscOutput(output);
    assert.equal(diagnostics.length, 3);
    assert.deepEqual(diagnostics[0], {
      file: ".tmp/x/src/tools/a.ts",
      line: 12,
      column: 5,
      code: "TS2322",
      message: "Type 'string' is not assignable to type 'number'.",
      detail: [],
    });
    assert.deepEqual(diagnostics[1]!.detail, ["Some continuation line."]);
    assert.equal(diagnostics[2]!.file, "");
    assert.equal(diagnostics[2]!.code, "TS5083");
  });
  it("reads a path with parentheses in it", () => {
    const [d] = parseTscOutput("src/tools/a(b).ts(1,2): error TS1005: ';' expected.");
    assert.equal(d!.file, "src/tools/a(b).ts");
    assert.equal(d!.line, 1);
  });
  it("returns nothing for a clean run", () => assert.deepEqual(parseTscOutput(""), []));
  it("counts by code, most frequent first", () => {
    const d = parseTscOutput([...Array(2)].map(() => "a.ts(1,1): error TS2322: x").concat("b.ts(1,1): error TS1005: y").join("\n"));
    assert.deepEqual(countByCode(d), [
      { code: "TS2322", count: 2 },
      { code: "TS1005", count: 1 },
    ]);
  });
});

describe("projectArea", () => {
  const cases: Array<[string, ReturnType<typeof projectArea>]> = [
    ["src/tools/get_pet.ts", "tools"],
    ["src/tools/index.ts", "tools"],
    ["src/runtime/invoke/invoke-tool.ts", "runtime"],
    ["src/server.ts", "server"],
    ["src/index.ts", "server"],
    ["test/smoke.test.mjs", "other"],
  ];
  for (const [file, want] of cases) it(file, () => assert.equal(projectArea(file), want));
});

describe("toolCountFromGenerateOutput", () => {
  it("reads the summary line", () => {
    assert.equal(toolCountFromGenerateOutput(".tmp/x: 1223 tools; wrote 1265 files, 0 unchanged\nnext: …"), 1223);
    assert.equal(toolCountFromGenerateOutput("out: 1 tool; wrote 20 files, 0 unchanged"), 1);
  });
  it("is undefined without one", () => assert.equal(toolCountFromGenerateOutput("error: nope"), undefined));
});

describe("slugForSpec", () => {
  const cases: Array<[string, string]> = [
    ["apisguru/adyen.com_CheckoutService-v71_71.json", "apisguru-adyen.com_CheckoutService-v71_71"],
    ["vendors/digitalocean/specification/DigitalOcean-public.v2.yaml", "vendors-digitalocean-specification-DigitalOcean-public.v2"],
    ["vendors/x/a b+c.yml", "vendors-x-a-b-c"],
  ];
  for (const [path, want] of cases) it(path, () => assert.equal(slugForSpec(path), want));
});

describe("parseTimeOutput", () => {
  it("reads %M %U %S, also after GNU time's exit note", () => {
    assert.deepEqual(parseTimeOutput("293120 4.12 0.35\n"), { peakRssKb: 293120, cpuMs: 4470 });
    assert.deepEqual(parseTimeOutput("Command exited with non-zero status 2\n51200 0.50 0.02\n"), { peakRssKb: 51200, cpuMs: 520 });
  });
  it("is undefined when empty", () => assert.equal(parseTimeOutput(""), undefined));
});
