import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRealWorld, parseIndexTsv } from "../../../bench/corpus/index-tsv.js";

describe("parseIndexTsv", () => {
  it("reads the columns by header name", () => {
    const text = "path\tgroup\tformat\tspec_version\tbytes\tpaths\toperations\twebhook_ops\nvendors/a/x.yaml\tvendors/a\tyaml\topenapi 3.1.0\t120\t2\t5\t1\n";
    assert.deepEqual(parseIndexTsv(text), [{ path: "vendors/a/x.yaml", group: "vendors/a", specVersion: "openapi 3.1.0", bytes: 120, operations: 5, webhookOperations: 1 }]);
  });
  it("names a missing column", () => {
    assert.throws(() => parseIndexTsv("path\tgroup\n"), /no "spec_version" column/);
  });
});

describe("isRealWorld", () => {
  const cases: Array<[string, { given: string; want: boolean }]> = [
    ["APIs.guru", { given: "apisguru", want: true }],
    ["a vendor", { given: "vendors/stripe", want: true }],
    ["edge cases", { given: "edgecases/hey-api", want: false }],
    ["the negative example", { given: "negative", want: false }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(isRealWorld(given), want));
});
