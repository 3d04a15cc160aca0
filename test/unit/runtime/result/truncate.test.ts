import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CHARS_PER_TOKEN, truncateJson, truncateText } from "../../../../src/runtime/result/truncate.js";

type Marker = { [key: string]: unknown };

const items = (count: number): Array<{ id: number; name: string; tags: string[] }> =>
  Array.from({ length: count }, (_, i) => ({ id: i, name: `item ${i}`, tags: ["a", "b"] }));

/** Valid JSON within budget, with `value` equal to what the text parses to. */
function parseChecked(result: ReturnType<typeof truncateJson>, maxChars: number): Marker {
  assert.ok(result.text.length <= maxChars, `${result.text.length} > ${maxChars}`);
  const parsed = JSON.parse(result.text) as Marker;
  assert.deepEqual(parsed, result.value);
  return parsed;
}

describe("truncateJson", () => {
  test("CHARS_PER_TOKEN is 4", () => assert.equal(CHARS_PER_TOKEN, 4));

  const FITTING: Array<[string, { given: unknown; want: string }]> = [
    ["object", { given: { a: 1, b: [true, null, "x"] }, want: '{"a":1,"b":[true,null,"x"]}' }],
    ["array", { given: [1, 2, 3], want: "[1,2,3]" }],
    ["string", { given: "hello", want: '"hello"' }],
    ["null", { given: null, want: "null" }],
    ["exactly at the budget", { given: "x".repeat(98), want: `"${"x".repeat(98)}"` }],
  ];
  for (const [name, { given, want }] of FITTING) {
    test(`a fitting ${name} is returned untouched`, () => {
      const result = truncateJson(given, 100);
      assert.deepEqual(result, { text: want, truncated: false, value: given, notes: [] });
      assert.equal(result.value, given, "same reference");
    });
  }

  test("10,000-item top-level array: wrapped, within budget, both counts, paging named", () => {
    const maxChars = 4000;
    const result = truncateJson(items(10_000), maxChars, { pagingArguments: ["page", "per_page"] });
    assert.equal(result.truncated, true);
    const parsed = parseChecked(result, maxChars);
    assert.deepEqual(Object.keys(parsed), ["items", "_truncated"]);
    const kept = parsed["items"] as unknown[];
    const marker = parsed["_truncated"] as Marker;
    assert.equal(marker["originalCount"], 10_000);
    assert.equal(marker["keptCount"], kept.length);
    assert.ok(kept.length > 30, `kept ${kept.length}`);
    assert.deepEqual(kept, items(kept.length), "a prefix of whole items");
    assert.match(String(marker["note"]), /first \d+ of 10000 items.*paging arguments page, per_page/);
    assert.ok(result.text.length > maxChars - 60, "the budget is used, not wasted");
    assert.ok(result.notes.some((n) => /kept \d+ of 10000 items/.test(n)));
  });

  test("without paging arguments the note says how to see more", () => {
    const marker = parseChecked(truncateJson(items(500), 1000), 1000)["_truncated"] as Marker;
    assert.match(String(marker["note"]), /Narrow the request/);
  });

  test("nested arrays: kept prefix and a top-level cut entry with the path", () => {
    const given = { total: 300, data: { results: items(300) }, next: "cursor-abc" };
    const result = truncateJson(given, 1500, { pagingArguments: ["cursor"] });
    const parsed = parseChecked(result, 1500);
    assert.equal(parsed["total"], 300);
    assert.equal(parsed["next"], "cursor-abc");
    const kept = (parsed["data"] as { results: unknown[] }).results;
    assert.deepEqual(kept, items(kept.length));
    const marker = parsed["_truncated"] as Marker;
    assert.deepEqual(marker["cuts"], [{ path: "$.data.results", originalCount: 300, keptCount: kept.length }]);
    assert.match(String(marker["note"]), /paging arguments cursor/);
  });

  test("arrays nested in arrays of a top-level array", () => {
    const given = [{ id: 1, children: Array.from({ length: 1000 }, (_, i) => i) }];
    const parsed = parseChecked(truncateJson(given, 600), 600);
    const marker = parsed["_truncated"] as Marker;
    assert.equal(marker["originalCount"], 1);
    assert.equal(marker["keptCount"], 1);
    const cuts = marker["cuts"] as Marker[];
    assert.equal(cuts[0]?.["path"], "$.items[0].children");
    assert.equal(cuts[0]?.["originalCount"], 1000);
  });

  test("a huge single string is cut with an ellipsis note and stays a JSON string", () => {
    const given = "é\"\n\u0001".repeat(500_000);
    const result = truncateJson(given, 1000);
    const parsed = JSON.parse(result.text) as string;
    assert.ok(result.text.length <= 1000);
    assert.equal(typeof parsed, "string");
    assert.match(parsed, /…\[\d+ more chars\]$/);
    assert.ok(given.startsWith(parsed.slice(0, parsed.indexOf("…"))));
    assert.ok(result.text.length > 950, "escapes are counted exactly");
  });

  test("a huge string inside an object keeps the other keys whole", () => {
    const given = { id: 7, title: "short", body: "x".repeat(2_000_000) };
    const parsed = parseChecked(truncateJson(given, 2000), 2000);
    assert.equal(parsed["id"], 7);
    assert.equal(parsed["title"], "short");
    assert.match(String(parsed["body"]), /^x+…\[\d+ more chars\]$/);
    assert.deepEqual(((parsed["_truncated"] as Marker)["cuts"] as Marker[])[0], { path: "$.body", originalLength: 2_000_000, keptLength: String(parsed["body"]).indexOf("…") });
  });

  test("an object with many keys keeps a prefix of whole entries and counts them", () => {
    const given = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, i]));
    const parsed = parseChecked(truncateJson(given, 800), 800);
    const keys = Object.keys(parsed).filter((k) => k !== "_truncated");
    assert.ok(keys.length > 10);
    keys.forEach((key, i) => assert.equal(parsed[key], i));
    assert.deepEqual((parsed["_truncated"] as Marker)["cuts"], [{ path: "$", originalKeys: 5000, keptKeys: keys.length }]);
  });

  test("the marker key does not clobber an existing _truncated key", () => {
    const given = { _truncated: "data", list: items(200) };
    const parsed = parseChecked(truncateJson(given, 700), 700);
    assert.equal(parsed["_truncated"], "data");
    assert.ok(typeof parsed["_truncated_"] === "object");
  });

  test("deep nesting is reduced and stays valid", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 5000; i++) deep = { d: deep, pad: "yyyy" };
    const parsed = parseChecked(truncateJson(deep, 1500), 1500);
    const cuts = (parsed["_truncated"] as Marker)["cuts"] as Marker[];
    assert.ok(cuts.some((c) => String(c["path"]).startsWith("$.d.d.d")));
  });

  test("a value too deep for JSON.stringify is depth-limited, even when it would fit", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    assert.throws(() => JSON.stringify(deep), RangeError);
    const result = truncateJson([1, deep], 100_000);
    const parsed = parseChecked(result, 100_000);
    const marker = parsed["_truncated"] as Marker;
    assert.equal(marker["originalCount"], 2);
    assert.equal(marker["keptCount"], 2);
    assert.match(String((marker["cuts"] as Marker[])[0]?.["path"]), /^\$\.items\[1\]\[0\]\[0\]/);
    assert.match(result.notes[0] ?? "", /too deeply nested/);
  });

  test("odd keys get bracketed paths; __proto__ stays an ordinary key", () => {
    const given = JSON.parse(`{"__proto__":{"x":1},"a b":${JSON.stringify(items(100))}}`) as unknown;
    const parsed = parseChecked(truncateJson(given, 700), 700);
    assert.deepEqual(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value, { x: 1 });
    assert.equal(((parsed["_truncated"] as Marker)["cuts"] as Marker[])[0]?.["path"], '$["a b"]');
  });

  test("a 2 MB response fits and parses", () => {
    const given = { data: Array.from({ length: 8000 }, (_, i) => ({ id: i, body: "lorem ipsum ".repeat(20), nested: { a: [1, 2, 3] } })) };
    assert.ok(JSON.stringify(given).length > 2_000_000);
    const result = truncateJson(given, 8000);
    parseChecked(result, 8000);
    assert.equal(result.truncated, true);
  });

  const BUDGETS = [0, 1, 3, 4, 10, 19, 40, 80, 120, 200, 201, 257, 300, 500];
  for (const maxChars of BUDGETS) {
    test(`tiny budget ${maxChars} still gives valid JSON (when ≥ 4)`, () => {
      for (const given of [items(10_000), { list: items(1000), s: "z".repeat(5000) }, "q".repeat(10_000)]) {
        const result = truncateJson(given, maxChars);
        assert.ok(result.text.length <= maxChars);
        assert.equal(result.truncated, true);
        if (maxChars >= 4) assert.doesNotThrow(() => JSON.parse(result.text), result.text);
      }
    });
  }

  test("at 200 characters a top-level array still carries both counts", () => {
    const parsed = parseChecked(truncateJson(items(10_000), 200), 200);
    const marker = parsed["_truncated"] as Marker;
    assert.equal(marker["originalCount"], 10_000);
    assert.equal(typeof marker["keptCount"], "number");
  });

  test("a value JSON cannot encode falls back to text truncation", () => {
    const result = truncateJson({ n: 10n }, 100);
    assert.equal(result.truncated, false);
    assert.equal(result.text, "[object Object]");
  });
});

describe("truncateText", () => {
  const CASES: Array<[string, { given: [string, number]; want: { text: string; truncated: boolean } }]> = [
    ["fits", { given: ["hello", 5], want: { text: "hello", truncated: false } }],
    ["cut with marker", { given: ["a".repeat(100), 60], want: { text: `${"a".repeat(19)}\n…[truncated: kept 19 of 100 characters]`, truncated: true } }],
    ["marker alone does not fit", { given: ["a".repeat(100), 5], want: { text: "…[tru", truncated: true } }],
    ["does not split a surrogate pair", { given: [`${"a".repeat(18)}😀${"b".repeat(100)}`, 60], want: { text: `${"a".repeat(18)}\n…[truncated: kept 18 of 120 characters]`, truncated: true } }],
  ];
  for (const [name, { given, want }] of CASES) {
    test(name, () => {
      const result = truncateText(...given);
      assert.equal(result.text, want.text);
      assert.equal(result.truncated, want.truncated);
      assert.ok(result.text.length <= given[1]);
    });
  }
});
