import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dropOperatorProse, isCredentialRequirement } from "../../../src/ir/operation-prose.js";

describe("isCredentialRequirement", () => {
  const cases: Array<[string, boolean]> = [
    ["OAuth app tokens and personal access tokens (classic) need the `repo` scope to use this endpoint.", true],
    ["If the repository is private, OAuth tokens and personal access tokens (classic) need the `repo` scope to use this endpoint.", true],
    ["GitHub App installation access tokens are not supported for this endpoint.", false], // no scope or permission named
    ["Fine-grained access tokens require the \"Actions\" repository permission (read).", true],
    ["Requires an API key with the `read` permission.", true],
    // What the operation does with tokens, not what the caller needs:
    ["Use a non-scoped user access token to create a repository-scoped and/or permission-scoped user access token.", false],
    ["You can specify which repositories the token can access and which permissions are granted to the token.", false],
    ["Optionally, use the `permissions` body parameter to specify the permissions that the installation access token should have.", false],
    // What the signed-in user may do is the model's to explain:
    ["The authenticated user must have write permission to the repository and, if using a fine-grained access token, the `contents` permission is required.", false],
    ["Anyone with read access to the repository can use this endpoint.", false],
  ];
  for (const [sentence, want] of cases) it(`${want ? "drops" : "keeps"}: ${sentence.slice(0, 60)}`, () => assert.equal(isCredentialRequirement(sentence), want));
});

describe("dropOperatorProse", () => {
  const plain = { acceptArgument: false, aboutCredentials: false };
  it("drops requirement sentences and keeps the rest of their line", () => {
    assert.equal(
      dropOperatorProse("Lists runners. OAuth app tokens and personal access tokens (classic) need the `admin:org` scope to use this endpoint. Paged.", plain),
      "Lists runners. Paged.",
    );
  });
  it("drops a heading naming access tokens and a list a dropped sentence introduces", () => {
    const text = [
      "Returns a task.",
      'Fine-grained access tokens for "Get a task"',
      "This endpoint works with the following fine-grained token types:",
      "* GitHub App user access tokens",
      "* Fine-grained personal access tokens",
      "The fine-grained token must have the following permission set:",
      '* "Agent tasks" repository permissions (read)',
      "Done.",
    ].join("\n");
    assert.equal(dropOperatorProse(text, plain), "Returns a task.\nDone.");
  });
  it("drops a list of response media types with its lead-in, unless an accept argument can pick one", () => {
    const text = [
      "Get a comment.",
      "This endpoint supports the following custom media types.",
      "- `application/vnd.github.raw+json`: Returns the raw markdown body.",
      "- `application/vnd.github.html+json`: Returns HTML.",
      "After the list.",
    ].join("\n");
    assert.equal(dropOperatorProse(text, plain), "Get a comment.\nAfter the list.");
    assert.equal(dropOperatorProse(text, { ...plain, acceptArgument: true }), text);
  });
  it("…keeping the words of a line the lead-in was joined to", () => {
    const text = "Gets a commit. This endpoint supports the following custom media types. Paging does not apply to these media types.\n- `application/vnd.github.diff`: a diff.\nEnd.";
    assert.equal(dropOperatorProse(text, plain), "Gets a commit.\nEnd.");
  });
  it("keeps a list that does not name media types", () => {
    const text = "Media types matter here:\n- pick one\n- or another";
    assert.equal(dropOperatorProse(text, plain), text);
  });
  it("keeps every sentence of an operation about credentials", () => {
    const text = "Creates an installation access token. The installation access token cannot be granted permissions that the app was not granted.";
    assert.equal(dropOperatorProse(text, { ...plain, aboutCredentials: true }), text);
    assert.equal(dropOperatorProse(text, plain), "Creates an installation access token.");
  });
  it("keeps text with nothing to drop as it is", () => {
    assert.equal(dropOperatorProse("Creates a pet.\n- name: required", plain), "Creates a pet.\n- name: required");
  });
});
