import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capLength, cleanMarkdown, operationDescription, saysSummary, withSummary } from "../../../src/ir/description.js";

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
    ["…and a bare See sentence on its own line", { given: "Intro.\nSee also [X](http://x.io).\nNext", want: "Intro.\nNext" }],
    ["a See sentence that says more keeps its words", { given: "See [the list](https://x.io) for the allowed values.", want: "See the list for the allowed values." }],
    ["a link inside a sentence stays", { given: "A timestamp in [ISO 8601](https://en.wikipedia.org/wiki/ISO_8601) format.", want: "A timestamp in ISO 8601 format." }],
    ["GitHub alert blocks become a plain label", { given: "Lists repos.\n\n> [!NOTE]\n> Admins only.\n> Really.", want: "Lists repos.\nNote: Admins only. Really." }],
    ["…of every kind", { given: "> [!WARNING]\n> Closing down.", want: "Warning: Closing down." }],
    ["plain block quotes lose their marker", { given: "> quoted\n> text", want: "quoted text" }],
    ["images dropped", { given: "Logo ![logo](x.png) here", want: "Logo here" }],
    ["headings and bold", { given: "# Title\n\n**Bold** text", want: "Title\nBold text" }],
    ["a table keeps its rows, not its header separator", { given: "| Name | Type |\n| ---- | :---: |\n| `a` | `b` |", want: "| Name | Type |\n| `a` | `b` |" }],
    ["html tags", { given: "a<br/>b <b>c</b>", want: "a b c" }],
    ["blank lines become one line break", { given: "a\n\n\n\nb", want: "a\nb" }],
    ["a line wrapped inside a paragraph is joined, as Markdown renders it", { given: "one\ntwo.\n\nthree", want: "one two.\nthree" }],
    ["list items, table rows and headings keep their lines", { given: "Intro:\n- a\n* b\n1. c\n| x |\n# H", want: "Intro:\n- a\n* b\n1. c\n| x |\nH" }],
    ["a code fence keeps its line breaks; the prose around it is joined", { given: "Run\nthis:\n```\na\nb\n```\nthen\nstop.", want: "Run this:\n```\na\nb\n```\nthen stop." }],
    ["a pointer sentence whose links are split over lines goes", {
      given: 'Rate limited. For more information, see "[Rate limits](https://x.io/a)"\nand "[Best practices](https://x.io/b)."\n\nNext.',
      want: "Rate limited.\nNext.",
    }],
    ["…and one ending in the documentation it names", {
      given: "Teams sync. For more information, see [GitHub's products](https://x.io/p) in the GitHub Help documentation.",
      want: "Teams sync.",
    }],
    ["comments", { given: "a<!-- hidden -->b", want: "ab" }],
    ["fenced code is content: indentation, # comments and ** stay", {
      given: "Encrypt it:\n\n```python\n# encrypt\ndef f(x):\n    return x  **  2\n```\n\n**Then** send.",
      want: "Encrypt it:\n```python\n# encrypt\ndef f(x):\n    return x  **  2\n```\nThen send.",
    }],
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
    ["summary and description", { given: { ...base, summary: "Get a pet", description: "Returns one pet." }, want: "Get a pet.\nReturns one pet." }],
    ["description repeating the summary", { given: { ...base, summary: "Get a pet", description: "Get a pet by its id." }, want: "Get a pet by its id." }],
    ["a first sentence that says every word of the summary replaces it", {
      given: { ...base, summary: "Set GitHub Actions cache limits for an enterprise", description: "Sets GitHub Actions cache limits for an enterprise. Admins only." },
      want: "Sets GitHub Actions cache limits for an enterprise. Admins only.",
    }],
    ["…but one that leaves a word out does not", {
      given: { ...base, summary: "Delete a pet", description: "Removes the pet for good." },
      want: "Delete a pet.\nRemoves the pet for good.",
    }],
    ["the tool's name, read beside the description, says the rest of the summary (GitHub's codes_of_conduct_get_conduct_code)", {
      given: { ...base, name: "codes_of_conduct_get_conduct_code", summary: "Get a code of conduct", description: "Returns information about the specified GitHub code of conduct." },
      want: "Returns information about the specified GitHub code of conduct.",
    }],
    ["…spelling out the name's abbreviations (GitHub's repos_update_org_ruleset: repos, repository)", {
      given: { ...base, name: "repos_update_org_ruleset", summary: "Update an organization repository ruleset.", description: "Update a ruleset for an organization." },
      want: "Update a ruleset for an organization.",
    }],
    ["…but a summary word neither says is kept (GitHub's apps_delete_installation)", {
      given: {
        ...base,
        name: "apps_delete_installation",
        summary: "Delete an installation for the authenticated app",
        description: "Uninstalls a GitHub App on a user, organization, or enterprise account.",
      },
      want: "Delete an installation for the authenticated app.\nUninstalls a GitHub App on a user, organization, or enterprise account.",
    }],
    ["credential requirements are left out", {
      given: { ...base, summary: "List hooks", description: "Lists hooks.\n\nOAuth app tokens and personal access tokens (classic) need the `admin:org_hook` scope to use this endpoint." },
      want: "Lists hooks.",
    }],
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

describe("saysSummary", () => {
  const cases: Array<[string, { description: string; summary: string; name: string; want: boolean }]> = [
    ["opens with the summary", { description: "Get a pet by its id.", summary: "Get a pet", name: "x", want: true }],
    ["camelCase names count as words", { description: "Returns one pet.", summary: "Find pet by ID", name: "findPetById", want: true }],
    ["without the abbreviation, a word is missing", { description: "Update a ruleset for an organization.", summary: "Update an organization repository ruleset.", name: "update_org_ruleset", want: false }],
    ["a name from method and path says less than the summary", { description: "Returns one pet.", summary: "Find pet by ID", name: "get_pets_petid", want: false }],
    ["only the first sentence counts, not words further on", {
      description: "Lists the repositories. Each one has a code of conduct.",
      summary: "Get a code of conduct",
      name: "list_repositories",
      want: false,
    }],
  ];
  for (const [name, { description, summary, name: tool, want }] of cases) it(name, () => assert.equal(saysSummary(description, summary, tool), want));
});

describe("withSummary (a curation file renames the tool)", () => {
  const built = operationDescription(
    { ...base, name: "codes_of_conduct_get_conduct_code", summary: "Get a code of conduct", description: "Returns information about the specified GitHub code of conduct." },
    1024,
  );
  it("puts the summary back when the new name does not say it", () => {
    assert.equal(withSummary(built, "Get a code of conduct", "conduct"), "Get a code of conduct.\nReturns information about the specified GitHub code of conduct.");
  });
  it("keeps the description when the new name says it too", () => assert.equal(withSummary(built, "Get a code of conduct", "get_code_of_conduct"), built));
  it("keeps a description that already opens with the summary", () => {
    const text = "Get a pet.\nReturns one pet.";
    assert.equal(withSummary(text, "Get a pet", "pet"), text);
  });
  it("keeps Deprecated first", () => {
    assert.equal(withSummary("Deprecated. Returns the pets.", "List pets", "pets"), "Deprecated. List pets.\nReturns the pets.");
  });
});
