import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capLength, cleanMarkdown, operationDescription } from "../../../src/ir/description.js";

const base = { method: "GET", path: "/pets/{petId}", deprecated: false, arguments: [] };

describe("cleanMarkdown", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["links keep text", { given: "Read [the docs](https://x.io/a_(b)) first.", want: "Read the docs first." }],
    ["HTML links keep text", { given: 'A <a href="https://x.io">timestamp</a> value.', want: "A timestamp value." }],
    ["a sentence that only points at a link goes", {
      given: 'Results per page (max 100). For more information, see "[Using pagination](https://docs.github.com/rest/using-pagination)."',
      want: "Results per page (max 100).",
    }],
    ["…pointing at several links", { given: 'Intro. For details, see "[A](https://a.io/x.y)" and "[B](https://b.io)." Then more.', want: "Intro. Then more." }],
    ["…and a bare See sentence on its own line", { given: "Intro.\nSee also [X](http://x.io).\nNext", want: "Intro.\n\nNext" }],
    ["a See sentence that says more keeps its words", { given: "See [the list](https://x.io) for the allowed values.", want: "See the list for the allowed values." }],
    ["a link inside a sentence stays", { given: "A timestamp in [ISO 8601](https://en.wikipedia.org/wiki/ISO_8601) format.", want: "A timestamp in ISO 8601 format." }],
    ["GitHub alert blocks become a plain label", { given: "Lists repos.\n\n> [!NOTE]\n> Admins only.\n> Really.", want: "Lists repos.\n\nNote: Admins only.\nReally." }],
    ["…of every kind", { given: "> [!WARNING]\n> Closing down.", want: "Warning: Closing down." }],
    ["plain block quotes lose their marker", { given: "> quoted\n> text", want: "quoted\ntext" }],
    ["images dropped", { given: "Logo ![logo](x.png) here", want: "Logo here" }],
    ["headings and bold", { given: "# Title\n\n**Bold** text", want: "Title\n\nBold text" }],
    ["html tags", { given: "a<br/>b <b>c</b>", want: "a b c" }],
    ["blank lines collapsed", { given: "a\n\n\n\nb", want: "a\n\nb" }],
    ["comments", { given: "a<!-- hidden -->b", want: "ab" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(cleanMarkdown(given), want));
});

describe("capLength", () => {
  it("keeps short text", () => assert.equal(capLength("short", 10), "short"));
  it("cuts at a word and marks the cut", () => {
    const out = capLength("one two three four five six seven", 20);
    assert.equal(out.length <= 20, true);
    assert.equal(out.endsWith("…"), true);
  });
});

describe("operationDescription", () => {
  const cases: Array<[string, { given: Parameters<typeof operationDescription>[0]; want: string }]> = [
    ["summary and description", { given: { ...base, summary: "Get a pet", description: "Returns one pet." }, want: "Get a pet.\n\nReturns one pet." }],
    ["description repeating the summary", { given: { ...base, summary: "Get a pet", description: "Get a pet by its id." }, want: "Get a pet by its id." }],
    ["summary only", { given: { ...base, summary: "Get a pet" }, want: "Get a pet" }],
    ["neither: built from the operation", {
      given: { ...base, arguments: [{ name: "petId", in: "path", required: true }, { name: "full", in: "query", required: false }] },
      want: "Calls GET /pets/{petId}. Arguments: petId (path, required), full (query).",
    }],
    ["neither, no arguments", { given: { ...base, path: "/ping" }, want: "Calls GET /ping. Takes no arguments." }],
    ["deprecated is said first", { given: { ...base, summary: "Old", deprecated: true }, want: "Deprecated. Old" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(operationDescription(given, 1024), want));
  it("caps long descriptions", () => {
    assert.equal(operationDescription({ ...base, description: "word ".repeat(1000) }, 200).length <= 200, true);
  });
});
