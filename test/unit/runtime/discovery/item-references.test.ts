/**
 * References written as products show them (`PROJ-123`, `#42`), compact durations (`2h`) and
 * version numbers (`v1.2`): what
 * src/runtime/discovery/item-references.ts learns they name from an API's paths, and how it takes
 * them out of a query. The ranking effect is in search-ranking.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KEY_REFERENCE_BIT, learnReferenceReadings, NUMBER_REFERENCE_BIT, referenceMask, takeReferences } from "../../../../src/runtime/discovery/item-references.js";

const JIRA_PATHS = ["/rest/api/3/issue/{issueIdOrKey}", "/rest/api/3/issue/{issueIdOrKey}/worklog", "/rest/api/3/project/{projectIdOrKey}", "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}"];
const GITHUB_PATHS = ["/repos/{owner}/{repo}/issues/{issue_number}", "/repos/{owner}/{repo}/issues/{issue_number}/labels", "/repos/{owner}/{repo}/pulls/{pull_number}"];

describe("learnReferenceReadings", () => {
  const cases: Array<[string, { given: string[]; want: { key: string[]; number: string[] } }]> = [
    ["a key names what most paths address by key (Jira: the issue, not the project or a property)", { given: JIRA_PATHS, want: { key: ["issu"], number: [] } }],
    ["a number names what most paths address by number (GitHub: the issue before the pull request)", { given: GITHUB_PATHS, want: { key: [], number: ["issu"] } }],
    ["an API that addresses nothing so has no reading", { given: ["/v1/customers/{customer}", "/v1/charges/{charge}"], want: { key: [], number: [] } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(learnReferenceReadings(given), want));
});

describe("takeReferences", () => {
  const jira = learnReferenceReadings(JIRA_PATHS);
  const github = learnReferenceReadings(GITHUB_PATHS);
  const cases: Array<[string, { given: [string, ReturnType<typeof learnReferenceReadings>]; want: ReturnType<typeof takeReferences> }]> = [
    ["a tracker key is taken out and names the issue; the words around it meet", { given: ["move PROJ-123 to Done", jira], want: { query: "move   to Done", names: ["issu"], mask: KEY_REFERENCE_BIT } }],
    ["#42 names an issue where numbers address issues", { given: ["close #42, it's fixed", github], want: { query: "close  , it's fixed", names: ["issu"], mask: NUMBER_REFERENCE_BIT } }],
    ["a reference the API has no reading for is only dropped", { given: ["close #42", jira], want: { query: "close  ", names: [], mask: 0 } }],
    ["two items of a kind ask about their relation: they name the thing, but rank no operation of one item", { given: ["link PROJ-1 to PROJ-2", jira], want: { query: "link   to  ", names: ["issu"], mask: 0 } }],
    ["a compact duration is time", { given: ["log 2h on it", jira], want: { query: "log  time  on it", names: [], mask: 0 } }],
    ["a version number is a value, dropped", { given: ["cut v1.4.0, after 2.3", jira], want: { query: "cut  , after  ", names: [], mask: 0 } }],
    ["lower-case words with digits are no keys (utf-8, abc-12)", { given: ["utf-8 in abc-12", jira], want: { query: "utf-8 in abc-12", names: [], mask: 0 } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(takeReferences(...given), want));
});

describe("referenceMask", () => {
  it("marks the operations whose path takes the referenced thing, not its neighbours'", () => {
    const jira = learnReferenceReadings(JIRA_PATHS);
    assert.equal(referenceMask("/rest/api/3/issue/{issueIdOrKey}/worklog", jira), KEY_REFERENCE_BIT);
    assert.equal(referenceMask("/rest/api/3/project/{projectIdOrKey}", jira), 0);
    assert.equal(referenceMask("/rest/api/3/priority/{id}", jira), 0);
  });
});
