import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { expandPathTemplate, hasDotSegment, joinUrl, type PathValue } from "../../../../src/runtime/request/encode-path.js";
import { RequestBuildError } from "../../../../src/runtime/request/request-build-error.js";

function values(entries: Record<string, string | undefined>): Map<string, PathValue> {
  return new Map(Object.entries(entries).map(([name, value]) => [name, { argument: `${name}Arg`, ...(value === undefined ? {} : { value }) }]));
}

const EXPAND: Array<[string, { given: { template: string; values: Record<string, string | undefined> }; want: string }]> = [
  ["one placeholder", { given: { template: "/pet/{petId}", values: { petId: "1" } }, want: "/pet/1" }],
  ["several placeholders and literal text", { given: { template: "/a/{x}/b/{y}.json", values: { x: "1", y: "z" } }, want: "/a/1/b/z.json" }],
  ["names with dashes and dots", { given: { template: "/r/{repo-name}/{v.1}", values: { "repo-name": "n", "v.1": "2" } }, want: "/r/n/2" }],
  ["encoded values are inserted as given", { given: { template: "/f/{p}", values: { p: "a%2Fb" } }, want: "/f/a%2Fb" }],
  ["three dots is an ordinary name", { given: { template: "/f/{p}", values: { p: "..." } }, want: "/f/..." }],
  ["a value with dots inside a name", { given: { template: "/f/{p}", values: { p: "v1.2.3" } }, want: "/f/v1.2.3" }],
  ["matrix-style values", { given: { template: "/f{p}", values: { p: ";color=blue" } }, want: "/f;color=blue" }],
];

const REFUSED: Array<[string, { given: { template: string; values: Record<string, string | undefined> }; want: { code: string; argument?: string } }]> = [
  ["missing value", { given: { template: "/pet/{petId}", values: { petId: undefined } }, want: { code: "missing_path_parameter", argument: "petIdArg" } }],
  ["placeholder without binding", { given: { template: "/pet/{petId}", values: {} }, want: { code: "missing_path_parameter" } }],
  ["empty value", { given: { template: "/pet/{petId}", values: { petId: "" } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["dot", { given: { template: "/pet/{petId}", values: { petId: "." } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["dot dot", { given: { template: "/pet/{petId}", values: { petId: ".." } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["percent-encoded dot dot", { given: { template: "/pet/{petId}", values: { petId: "%2e%2E" } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["double-encoded dot dot", { given: { template: "/pet/{petId}", values: { petId: "%252e%252e" } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["encoded slash traversal", { given: { template: "/pet/{petId}", values: { petId: "a%2F..%2Fadmin" } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
  ["encoded backslash traversal", { given: { template: "/pet/{petId}", values: { petId: "..%5Cadmin" } }, want: { code: "unsafe_path_segment", argument: "petIdArg" } }],
];

describe("expandPathTemplate", () => {
  for (const [name, { given, want }] of EXPAND) {
    test(name, () => {
      assert.equal(expandPathTemplate(given.template, values(given.values)), want);
    });
  }
  for (const [name, { given, want }] of REFUSED) {
    test(`refuses: ${name}`, () => {
      assert.throws(
        () => expandPathTemplate(given.template, values(given.values)),
        (error: unknown) => error instanceof RequestBuildError && error.code === want.code && error.argument === want.argument,
      );
    });
  }
  test("refuses a dot-segment in the template itself", () => {
    assert.throws(() => expandPathTemplate("/a/../{x}", values({ x: "1" })), (e: unknown) => e instanceof RequestBuildError && e.code === "unsafe_path_segment");
  });
  test("the error message names the parameter and the argument", () => {
    assert.throws(() => expandPathTemplate("/pet/{petId}", values({ petId: ".." })), /argument "petIdArg": path parameter "petId" cannot be "\.\."/);
  });
});

describe("hasDotSegment", () => {
  const CASES: Array<[string, { given: string; want: boolean }]> = [
    ["plain", { given: "abc", want: false }],
    ["dot", { given: ".", want: true }],
    ["dotdot uppercase encoding", { given: "%2E%2E", want: true }],
    ["mixed encoding", { given: ".%2e", want: true }],
    ["triple dots", { given: "...", want: false }],
    ["dotfile", { given: ".env", want: false }],
    ["invalid escapes are left alone", { given: "%zz..", want: false }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(hasDotSegment(given), want));
});

describe("joinUrl", () => {
  const CASES: Array<[string, { given: [string, string, string[]]; want: string }]> = [
    ["keeps the base path", { given: ["https://api.x.com/v3", "/pet/1", []], want: "https://api.x.com/v3/pet/1" }],
    ["trailing slash on the base", { given: ["https://api.x.com/v3/", "/pet/1", []], want: "https://api.x.com/v3/pet/1" }],
    ["several trailing slashes", { given: ["https://api.x.com/v3//", "/pet", []], want: "https://api.x.com/v3/pet" }],
    ["bare host", { given: ["https://api.x.com", "/pet", []], want: "https://api.x.com/pet" }],
    ["path without leading slash", { given: ["https://api.x.com/v3", "pet", []], want: "https://api.x.com/v3/pet" }],
    ["root path", { given: ["https://api.x.com/v3", "/", []], want: "https://api.x.com/v3/" }],
    ["port kept", { given: ["http://127.0.0.1:8080/api", "/a", ["x=1"]], want: "http://127.0.0.1:8080/api/a?x=1" }],
    ["query pairs in order", { given: ["https://h/v1", "/a", ["b=2", "a=1", "b=3"]], want: "https://h/v1/a?b=2&a=1&b=3" }],
    ["base query kept first", { given: ["https://h/v1?key=k", "/a", ["x=1"]], want: "https://h/v1/a?key=k&x=1" }],
    ["template query kept", { given: ["https://h", "/search?type=repo", ["q=x"]], want: "https://h/search?type=repo&q=x" }],
    ["fragment and credentials dropped", { given: ["https://u:p@h/v1#frag", "/a", []], want: "https://h/v1/a" }],
  ];
  for (const [name, { given, want }] of CASES) test(name, () => assert.equal(joinUrl(...given), want));

  for (const bad of ["/v3", "api.x.com", "ftp://h/x", ""]) {
    test(`refuses base URL ${JSON.stringify(bad)}`, () => {
      assert.throws(() => joinUrl(bad, "/a", []), (e: unknown) => e instanceof RequestBuildError && e.code === "invalid_base_url");
    });
  }
});
