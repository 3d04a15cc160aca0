import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { baseToolName, dedupeNames, shortenName, toArgumentName, toSnakeCase } from "../../../src/ir/naming.js";

describe("toSnakeCase", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["camelCase", { given: "getPetById", want: "get_pet_by_id" }],
    ["acronyms", { given: "listHTTPRoutes", want: "list_http_routes" }],
    ["slashes and dashes (GitHub)", { given: "repos/get-content", want: "repos_get_content" }],
    ["dots and spaces", { given: "Pets.List all", want: "pets_list_all" }],
    ["leading and trailing junk", { given: "__Get Pet!__", want: "get_pet" }],
    ["non-ASCII dropped", { given: "créerÉlément", want: "cr_er_l_ment" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(toSnakeCase(given), want));
});

describe("baseToolName", () => {
  const cases: Array<[string, { given: [string | undefined, string, string]; want: string }]> = [
    ["operationId wins", { given: ["getPetById", "GET", "/pet/{petId}"], want: "get_pet_by_id" }],
    ["method and path", { given: [undefined, "GET", "/users/{userId}/posts"], want: "get_users_by_user_id_posts" }],
    ["root path", { given: [undefined, "GET", "/"], want: "get" }],
    ["empty operationId falls back", { given: ["", "DELETE", "/a/{b}"], want: "delete_a_by_b" }],
    ["operationId of punctuation only falls back", { given: ["---", "POST", "/x"], want: "post_x" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(baseToolName(...given), want));
});

describe("shortenName", () => {
  it("leaves short names alone", () => assert.equal(shortenName("list_pets", 64), "list_pets"));
  it("cuts long names to the limit with a stable hash", () => {
    const long = "a_very_long_operation_name_that_keeps_going_and_going_beyond_the_limit_of_clients";
    const short = shortenName(long, 64);
    assert.equal(short.length <= 64, true);
    assert.equal(short, shortenName(long, 64));
    assert.match(short, /^a_very_long_.*_[0-9a-f]{6}$/);
  });
  it("keeps two long names with a shared prefix apart", () => {
    const prefix = "x".repeat(70);
    assert.notEqual(shortenName(`${prefix}_one`, 64), shortenName(`${prefix}_two`, 64));
  });
});

describe("dedupeNames", () => {
  it("numbers repeats in order", () => assert.deepEqual(dedupeNames(["a", "b", "a", "a"], 64), ["a", "b", "a_2", "a_3"]));
  it("stays within the limit", () => assert.deepEqual(dedupeNames(["abcd", "abcd"], 4), ["abcd", "ab_2"]));
  it("skips a suffix already taken", () => assert.deepEqual(dedupeNames(["a_2", "a", "a"], 64), ["a_2", "a", "a_3"]));
});

describe("toArgumentName", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["plain", { given: "petId", want: "petId" }],
    ["brackets", { given: "filter[status]", want: "filter_status" }],
    ["dollar", { given: "$top", want: "top" }],
    ["header dashes kept", { given: "X-Request-Id", want: "X-Request-Id" }],
    ["nothing left", { given: "[]", want: "arg" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(toArgumentName(given), want));
});
