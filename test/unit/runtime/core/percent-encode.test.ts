import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  decodeOnce,
  encodeAllowReserved,
  encodeCookieName,
  encodeCookieValue,
  encodeQueryName,
  encodeUnreserved,
  toWellFormed,
} from "../../../../src/runtime/core/percent-encode.js";

type Encoder = (text: string) => string;

const CASES: Array<[string, { given: [Encoder, string]; want: string }]> = [
  ["unreserved passes", { given: [encodeUnreserved, "AZaz09-._~"], want: "AZaz09-._~" }],
  ["every reserved character is encoded", { given: [encodeUnreserved, ":/?#[]@!$&'()*+,;="], want: "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D" }],
  ["percent and space", { given: [encodeUnreserved, "100% a"], want: "100%25%20a" }],
  ["UTF-8", { given: [encodeUnreserved, "é€😀"], want: "%C3%A9%E2%82%AC%F0%9F%98%80" }],
  ["allowReserved keeps reserved but #", { given: [encodeAllowReserved, ":/?#[]@!$&'()*+,;="], want: ":/?%23[]@!$&'()*+,;=" }],
  ["allowReserved keeps valid triples only", { given: [encodeAllowReserved, "%41%zz%"], want: "%41%25zz%25" }],
  ["allowReserved still encodes space and non-ASCII", { given: [encodeAllowReserved, "a b é"], want: "a%20b%20%C3%A9" }],
  ["query names keep brackets", { given: [encodeQueryName, "page[size] x"], want: "page[size]%20x" }],
  ["cookie values keep cookie-octets", { given: [encodeCookieValue, "a/b:c=d!#$&'()*+-.<>?@[]^_`{|}~"], want: "a/b:c=d!#$&'()*+-.<>?@[]^_`{|}~" }],
  ["cookie values encode the rest and %", { given: [encodeCookieValue, ' ",;\\%é'], want: "%20%22%2C%3B%5C%25%C3%A9" }],
  ["cookie names keep token characters", { given: [encodeCookieName, "sess.id_1!"], want: "sess.id_1!" }],
  ["cookie names encode separators", { given: [encodeCookieName, "a=b;c"], want: "a%3Db%3Bc" }],
];

describe("percent-encode", () => {
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(given[0](given[1]), want));

  test("encodeUnreserved and encodeQueryName agree with encodeURIComponent (RFC 3986 unreserved) on every ASCII character, alone and in runs", () => {
    // The independent judge: encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ); RFC 3986 unreserved lacks ! * ' ( ).
    const judge = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    for (const char of ascii) {
      for (const text of [char, `ab${char}`, `${char}9~`, `x-${char}${char}.y`]) {
        assert.equal(encodeUnreserved(text), judge(text), JSON.stringify(text));
        assert.equal(encodeQueryName(text), judge(text).replace(/%5B/g, "[").replace(/%5D/g, "]"), JSON.stringify(text));
      }
    }
    assert.equal(encodeUnreserved(""), "");
    assert.equal(encodeQueryName("filter[status]"), "filter[status]");
  });

  test("toWellFormed replaces lone surrogates only", () => {
    assert.equal(toWellFormed("a\uD800b\uDC00😀"), "a\uFFFDb\uFFFD😀");
  });

  test("decodeOnce decodes one level and tolerates bad escapes", () => {
    assert.equal(decodeOnce("%252e"), "%2e");
    assert.equal(decodeOnce("%E0%A4%A"), "%E0%A4%A");
  });
});
