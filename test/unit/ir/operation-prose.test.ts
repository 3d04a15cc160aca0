import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dropEncodingAdvice, dropOperatorProse, isCredentialRequirement } from "../../../src/ir/operation-prose.js";

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
    // GitHub Apps sign with a JWT, held by the server like any credential:
    ["You must use a JWT to access this endpoint.", true],
    ["GitHub Apps must use a JWT to access this endpoint.", true],
    ["Fine-grained tokens and GitHub App user access tokens must have been granted access to the organization that owns the space.", true],
    // …but a JWT the operation is about, or access a user must have, stays:
    ["Returns a JWT that expires after ten minutes.", false],
    ["Authenticated users must have collaborator access to a repository to create, update, or read secrets.", false],
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
  it("drops a sentence that only adds to the requirement just dropped (GitHub's runner and Copilot Spaces text)", () => {
    const runners =
      "Lists all self-hosted runners configured in an organization.\nAuthenticated users must have admin access to the organization to use this endpoint.\n" +
      "OAuth app tokens and personal access tokens (classic) need the `admin:org` scope to use this endpoint. If the repository is private, the `repo` scope is also required.";
    assert.equal(
      dropOperatorProse(runners, plain),
      "Lists all self-hosted runners configured in an organization.\nAuthenticated users must have admin access to the organization to use this endpoint.",
    );
    const spaces =
      "Lists all resources attached to a specific Copilot Space owned by an organization. The authenticated user must have appropriate permissions to view the space.\n" +
      "Fine-grained tokens and GitHub App user access tokens must have been granted access to the organization that owns the space. They must also have been granted access to every repository referenced by resources in the space.";
    assert.equal(
      dropOperatorProse(spaces, plain),
      "Lists all resources attached to a specific Copilot Space owned by an organization. The authenticated user must have appropriate permissions to view the space.",
    );
  });
  it("keeps an 'also required' sentence that follows nothing dropped", () => {
    const text = "Creates a deployment. The `ref` is required. If the repository is private, the `environment` permission is also required for the token.";
    assert.equal(dropOperatorProse("Creates a deployment. The `ref` is required. Its `task` is also required.", plain), "Creates a deployment. The `ref` is required. Its `task` is also required.");
    // Here the sentence names a token itself, so it is a requirement of its own.
    assert.equal(dropOperatorProse(text, plain), "Creates a deployment. The `ref` is required.");
  });
  it("keeps text with nothing to drop as it is", () => {
    assert.equal(dropOperatorProse("Creates a pet.\n- name: required", plain), "Creates a pet.\n- name: required");
  });
});

describe("dropEncodingAdvice", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["GitHub's environment_name: both instructions go, the meaning stays", {
      given: "The name of the environment. The name must be URL encoded. For example, any slashes in the name must be replaced with `%2F`.",
      want: "The name of the environment.",
    }],
    ["percent-encoded, in other words", { given: "The file path. It should be percent-encoded.", want: "The file path." }],
    ["an encoding that is the value's own format stays", {
      given: "The value must be the lowercase hex-encoded SHA-256 hash of the email address to match.",
      want: "The value must be the lowercase hex-encoded SHA-256 hash of the email address to match.",
    }],
    ["a value that is itself a URL stays", { given: "The URL of the webhook, e.g. `https://example.com/hook%20a`.", want: "The URL of the webhook, e.g. `https://example.com/hook%20a`." }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(dropEncodingAdvice(given), want));
});
