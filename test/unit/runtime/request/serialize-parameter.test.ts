import assert from "node:assert/strict";
import { describe, test } from "node:test";
import qs from "qs";
import { serializeParameter, type SerializedParameter } from "../../../../src/runtime/request/serialize-parameter.js";
import type { ParameterLocation, ParameterStyle, ParameterTarget } from "../../../../src/runtime/core/tool-definition.js";

const VALUES = {
  empty: "",
  string: "blue",
  array: ["blue", "black", "brown"],
  object: { R: 100, G: 200, B: 150 },
} as const;

function target(location: ParameterLocation, style: ParameterStyle, explode: boolean, extra: Partial<ParameterTarget> = {}): ParameterTarget {
  return { in: location, name: "color", style, explode, allowReserved: false, ...extra };
}

/** Flattens a serialised parameter to the text the style table shows. */
function render(result: SerializedParameter | undefined): string | undefined {
  if (result === undefined) return undefined;
  if (result.in === "query") return result.pairs.join("&");
  if (result.in === "cookie") return result.pairs.join("; ");
  return result.value;
}

// Every defined cell of https://spec.openapis.org/oas/v3.1.0#style-examples. matrix/label/simple are
// path styles; form/spaceDelimited/pipeDelimited/deepObject are query styles. Deliberate differences:
// - label explode=false joins with commas (RFC 6570 §3.2.5; corrected in OAS 3.1.1's table), not dots;
// - the table abbreviates spaceDelimited/pipeDelimited cells without `color=`; our pairs carry the name;
// - simple + empty is n/a in 3.1.0; OAS 3.1.1 and RFC 6570 give the empty string, which we produce.
const STYLE_TABLE: Array<[ParameterStyle, boolean, ParameterLocation, Partial<Record<keyof typeof VALUES, string>>]> = [
  ["matrix", false, "path", { empty: ";color", string: ";color=blue", array: ";color=blue,black,brown", object: ";color=R,100,G,200,B,150" }],
  ["matrix", true, "path", { empty: ";color", string: ";color=blue", array: ";color=blue;color=black;color=brown", object: ";R=100;G=200;B=150" }],
  ["label", false, "path", { empty: ".", string: ".blue", array: ".blue,black,brown", object: ".R,100,G,200,B,150" }],
  ["label", true, "path", { empty: ".", string: ".blue", array: ".blue.black.brown", object: ".R=100.G=200.B=150" }],
  ["form", false, "query", { empty: "color=", string: "color=blue", array: "color=blue,black,brown", object: "color=R,100,G,200,B,150" }],
  ["form", true, "query", { empty: "color=", string: "color=blue", array: "color=blue&color=black&color=brown", object: "R=100&G=200&B=150" }],
  ["simple", false, "path", { empty: "", string: "blue", array: "blue,black,brown", object: "R,100,G,200,B,150" }],
  ["simple", true, "path", { empty: "", string: "blue", array: "blue,black,brown", object: "R=100,G=200,B=150" }],
  ["spaceDelimited", false, "query", { array: "color=blue%20black%20brown", object: "color=R%20100%20G%20200%20B%20150" }],
  ["pipeDelimited", false, "query", { array: "color=blue|black|brown", object: "color=R|100|G|200|B|150" }],
  ["deepObject", true, "query", { object: "color[R]=100&color[G]=200&color[B]=150" }],
];

describe("OAS style table", () => {
  for (const [style, explode, location, cells] of STYLE_TABLE) {
    for (const [column, want] of Object.entries(cells)) {
      test(`${style} explode=${explode} ${column} → ${want}`, () => {
        const given = VALUES[column as keyof typeof VALUES];
        assert.equal(render(serializeParameter(target(location, style, explode), given)), want);
      });
    }
  }

  test("simple style for headers matches the path cells, unencoded", () => {
    for (const explode of [false, true]) {
      const want = explode ? "R=100,G=200,B=150" : "R,100,G,200,B,150";
      assert.equal(render(serializeParameter(target("header", "simple", explode), VALUES.object)), want);
      assert.equal(render(serializeParameter(target("header", "simple", explode), VALUES.array)), "blue,black,brown");
    }
  });
});

const CASES: Array<[string, { given: { target: ParameterTarget; value: unknown }; want: string | undefined }]> = [
  ["null is omitted", { given: { target: target("query", "form", true), value: null }, want: undefined }],
  ["undefined is omitted", { given: { target: target("path", "simple", false), value: undefined }, want: undefined }],
  ["numbers and booleans are stringified", { given: { target: target("query", "form", true), value: [1, 2.5, true] }, want: "color=1&color=2.5&color=true" }],
  ["empty array in the query emits nothing (RFC 6570 undefined)", { given: { target: target("query", "form", true), value: [] }, want: "" }],
  ["query values are percent-encoded outside unreserved", { given: { target: target("query", "form", true), value: "a b&c=d/é~" }, want: "color=a%20b%26c%3Dd%2F%C3%A9~" }],
  ["query values encode sub-delims such as ! ' ( ) *", { given: { target: target("query", "form", true), value: "!'()*" }, want: "color=%21%27%28%29%2A" }],
  ["allowReserved keeps reserved characters except #", { given: { target: target("query", "form", true, { allowReserved: true }), value: "http://x.io/a?b=c&d=[1]!$'()*+,;@#f" }, want: "color=http://x.io/a?b=c&d=[1]!$'()*+,;@%23f" }],
  ["allowReserved keeps %XX triples but encodes a stray %", { given: { target: target("query", "form", true, { allowReserved: true }), value: "50%25 off 100%" }, want: "color=50%25%20off%20100%25" }],
  ["array items with commas are encoded so the delimiter stays unambiguous", { given: { target: target("query", "form", false), value: ["a,b", "c"] }, want: "color=a%2Cb,c" }],
  ["query names keep [ ] but encode the rest", { given: { target: { ...target("query", "form", true), name: "filter[na me]" }, value: "x" }, want: "filter[na%20me]=x" }],
  ["deepObject nests brackets and indexes arrays", { given: { target: target("query", "deepObject", true), value: { a: { b: 1 }, c: ["x", "y"], d: null } }, want: "color[a][b]=1&color[c][0]=x&color[c][1]=y" }],
  ["deepObject array at the top takes indexes (Stripe's expand)", { given: { target: { ...target("query", "deepObject", true), name: "expand" }, value: ["a", "b"] }, want: "expand[0]=a&expand[1]=b" }],
  ["deepObject range object (Stripe's created)", { given: { target: { ...target("query", "deepObject", true), name: "created" }, value: { gte: 1 } }, want: "created[gte]=1" }],
  ["deepObject integer alternative (Stripe's created=5)", { given: { target: { ...target("query", "deepObject", true), name: "created" }, value: 5 }, want: "created=5" }],
  ["deepObject empty array and object send nothing", { given: { target: target("query", "deepObject", true), value: { a: [], b: {} } }, want: "" }],
  ["tabDelimited (Swagger 2.0 tsv) joins with an encoded tab", { given: { target: target("query", "tabDelimited", false), value: ["a", "b c"] }, want: "color=a%09b%20c" }],
  ["deepObject encodes keys and values", { given: { target: target("query", "deepObject", true), value: { "k[1]": "a&b" } }, want: "color[k%5B1%5D]=a%26b" }],
  ["deepObject with a primitive falls back to form", { given: { target: target("query", "deepObject", true), value: "blue" }, want: "color=blue" }],
  ["spaceDelimited explode=true falls back to form explode", { given: { target: target("query", "spaceDelimited", true), value: ["a", "b"] }, want: "color=a&color=b" }],
  ["pipeDelimited with a primitive falls back to form", { given: { target: target("query", "pipeDelimited", false), value: "a|b" }, want: "color=a%7Cb" }],
  ["path values encode / ? # and spaces", { given: { target: target("path", "simple", false), value: "a/b?c#d e" }, want: "a%2Fb%3Fc%23d%20e" }],
  ["path simple encodes commas inside items", { given: { target: target("path", "simple", false), value: ["a,b", "c"] }, want: "a%2Cb,c" }],
  ["path with a query-only style is treated as simple", { given: { target: target("path", "form", true), value: ["a", "b"] }, want: "a,b" }],
  ["nested objects inside arrays become JSON", { given: { target: target("query", "form", true), value: [{ a: 1 }] }, want: "color=%7B%22a%22%3A1%7D" }],
  ["header values are not percent-encoded", { given: { target: target("header", "simple", false), value: "a b/é" }, want: "a b/é" }],
  ["header ignores a non-simple style", { given: { target: target("header", "form", true), value: ["a", "b"] }, want: "a,b" }],
  ["cookie form explode=true repeats the pair", { given: { target: target("cookie", "form", true), value: ["a", "b"] }, want: "color=a; color=b" }],
  ["cookie form explode=false keeps the comma delimiter", { given: { target: target("cookie", "form", false), value: ["a", "b"] }, want: "color=a,b" }],
  ["cookie values encode only what the Cookie header cannot carry", { given: { target: target("cookie", "form", true), value: 'a b;c,d"e\\f%g/h:i' }, want: "color=a%20b%3Bc%2Cd%22e%5Cf%25g/h:i" }],
  ["cookie object explode → one cookie per key", { given: { target: target("cookie", "form", true), value: { R: 1, G: 2 } }, want: "R=1; G=2" }],
  ["content application/json in the query", { given: { target: target("query", "form", true, { contentType: "application/json" }), value: { lat: 1, long: 2 } }, want: "color=%7B%22lat%22%3A1%2C%22long%22%3A2%7D" }],
  ["content application/json ignores allowReserved", { given: { target: target("query", "form", true, { contentType: "application/json", allowReserved: true }), value: ["a"] }, want: "color=%5B%22a%22%5D" }],
  ["content application/json in a header is raw JSON", { given: { target: target("header", "simple", false, { contentType: "application/json" }), value: { a: "b" } }, want: '{"a":"b"}' }],
  ["content application/json quotes a string", { given: { target: target("path", "simple", false, { contentType: "application/json" }), value: "x" }, want: "%22x%22" }],
  ["content text/plain sends a string as is", { given: { target: target("header", "simple", false, { contentType: "text/plain" }), value: "x y" }, want: "x y" }],
  ["lone surrogates become U+FFFD instead of throwing", { given: { target: target("query", "form", true), value: "a\uD800" }, want: "color=a%EF%BF%BD" }],
  ["astral characters are encoded as 4 UTF-8 bytes", { given: { target: target("path", "simple", false), value: "😀" }, want: "%F0%9F%98%80" }],
];

// deepObject judged by qs, the parser Rails-style APIs (and Stripe's SDK format) agree with:
// qs.stringify with indexed arrays must produce exactly our pairs, and qs.parse must read them back.
const DEEP_VALUES: Array<[string, Record<string, unknown>]> = [
  ["line items", { line_items: [{ price_data: { currency: "usd", product_data: { name: "T-shirt" }, unit_amount: 2000 }, quantity: 1 }, { price: "price_1", quantity: 2 }] }],
  ["expand", { expand: ["customer", "invoice.subscription"] }],
  ["metadata map with awkward text", { metadata: { order_id: "6735", note: "a&b=c d/é" } }],
  ["created range", { created: { gte: 1, lt: 1700000000 } }],
  ["arrays inside objects inside arrays", { a: [{ b: [{ c: ["x", "y"] }] }] }],
  ["booleans and numbers", { opts: { enabled: true, ratio: 0.5 } }],
];

describe("deepObject against qs (arrayFormat: indices)", () => {
  for (const [name, value] of DEEP_VALUES) {
    test(name, () => {
      const [key, inner] = Object.entries(value)[0]!;
      const ours = render(serializeParameter({ in: "query", name: key, style: "deepObject", explode: true, allowReserved: false }, inner));
      assert.equal(ours, qs.stringify(value, { arrayFormat: "indices", encodeValuesOnly: true }));
      assert.deepEqual(qs.parse(ours ?? ""), JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v))));
    });
  }
});

describe("serializeParameter", () => {
  for (const [name, { given, want }] of CASES) {
    test(name, () => {
      assert.equal(render(serializeParameter(given.target, given.value)), want);
    });
  }

  test("query output is a list of pairs, one per key for form explode objects", () => {
    assert.deepEqual(serializeParameter(target("query", "form", true), { R: 100, G: 200 }), { in: "query", pairs: ["R=100", "G=200"] });
  });

  test("path output carries the wire name", () => {
    assert.deepEqual(serializeParameter(target("path", "simple", false), 7), { in: "path", name: "color", value: "7" });
  });
});
