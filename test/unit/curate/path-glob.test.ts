import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchPathGlob } from "../../../src/curate/path-glob.js";

describe("matchPathGlob", () => {
  const cases: Array<[string, { pattern: string; path: string; want: boolean }]> = [
    ["literal match", { pattern: "/pet", path: "/pet", want: true }],
    ["literal is case-sensitive", { pattern: "/Pet", path: "/pet", want: false }],
    ["literal needs every segment", { pattern: "/pet", path: "/pet/findByStatus", want: false }],
    ["* matches one segment", { pattern: "/pet/*", path: "/pet/findByStatus", want: true }],
    ["* matches a {param} segment", { pattern: "/pet/*", path: "/pet/{petId}", want: true }],
    ["* does not match zero segments", { pattern: "/pet/*", path: "/pet", want: false }],
    ["* does not match two segments", { pattern: "/pet/*", path: "/pet/{petId}/uploadImage", want: false }],
    ["** matches zero segments", { pattern: "/pet/**", path: "/pet", want: true }],
    ["** matches one segment", { pattern: "/pet/**", path: "/pet/{petId}", want: true }],
    ["** matches many segments", { pattern: "/pet/**", path: "/pet/{petId}/uploadImage", want: true }],
    ["** in the middle", { pattern: "/**/uploadImage", path: "/pet/{petId}/uploadImage", want: true }],
    ["** alone matches everything", { pattern: "/**", path: "/store/order/{orderId}", want: true }],
    ["** does not cross a prefix mismatch", { pattern: "/pet/**", path: "/pets/1", want: false }],
    ["{param} is literal", { pattern: "/pet/{petId}", path: "/pet/{petId}", want: true }],
    ["{param} does not match another name", { pattern: "/pet/{id}", path: "/pet/{petId}", want: false }],
    ["* inside a segment", { pattern: "/pet*", path: "/pets", want: true }],
    ["* inside a segment stays in the segment", { pattern: "/pet*", path: "/pet/1", want: false }],
    ["regex characters are literal", { pattern: "/a.b", path: "/axb", want: false }],
    ["trailing slash ignored", { pattern: "/pet/", path: "/pet", want: true }],
  ];
  for (const [name, { pattern, path, want }] of cases) {
    it(name, () => assert.equal(matchPathGlob(pattern, path), want));
  }
});
