/**
 * The GitHub example's scripted session: a triage-and-review agent's calls against the GitHub fake
 * (./fake-github.ts), through `openapi-mcp serve` with ./curation.yaml. ./demo.ts prints it;
 * test/unit/examples/github-session.test.ts asserts on it.
 */
import { runSession, type SessionStep, type SessionTranscript } from "../shared/run-session.js";
import type { FakeRequest } from "../shared/spec-fake/server.js";
import { GITHUB_CURATION_PATH, GITHUB_SPEC_PATH, startGitHubFake } from "./fake-github.js";

/** The token the fake accepts and the server is given (OPENAPI_MCP_AUTH_GITHUB_TOKEN). Not a real token. */
export const DEMO_GITHUB_TOKEN = "github_pat_11DEMO0000000000000000_fakeTokenForTheExampleOnly";

/** What the agent does: find an unlabelled issue, read it, label it, answer it, review a pull request. */
export const GITHUB_STEPS: SessionStep[] = [
  { title: "Find open issues nobody has labelled yet", tool: "search_issues", args: { q: "repo:octocat/Hello-World is:issue is:open no:label", sort: "created" } },
  { title: "Read issue #1347", tool: "get_issue", args: { owner: "octocat", repo: "Hello-World", issue_number: 1347 } },
  { title: "See which labels the repository has", tool: "list_labels", args: { owner: "octocat", repo: "Hello-World" } },
  { title: "Label it", tool: "add_labels", args: { owner: "octocat", repo: "Hello-World", issue_number: 1347, labels: ["bug"] } },
  {
    title: "Tell the reporter what happens next",
    tool: "add_comment",
    args: { owner: "octocat", repo: "Hello-World", issue_number: 1347, body: "Thanks for the report! I could reproduce this and labelled it `bug`; a fix is tracked in #1348." },
  },
  { title: "An issue that does not exist: GitHub's 404 comes back as an error the model can read", tool: "get_issue", args: { owner: "octocat", repo: "Hello-World", issue_number: 4242 } },
  { title: "Read what pull request #1347 changes", tool: "list_pull_request_files", args: { owner: "octocat", repo: "Hello-World", pull_number: 1347 } },
  {
    title: "Review it with a line comment",
    tool: "create_review",
    args: {
      owner: "octocat",
      repo: "Hello-World",
      pull_number: 1347,
      commit_id: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      event: "COMMENT",
      body: "Looks good overall; one question inline.",
      comments: [{ path: "file1.txt", line: 2, body: "Should this line end with a newline?" }],
    },
  },
];

/** Starts the fake, runs the session through `serve`, stops the fake; `cli` chooses the CLI entry. */
export async function runGitHubSession(options: { cli?: readonly string[]; stderr?: "inherit" | "pipe"; curation?: string } = {}): Promise<SessionTranscript & { requests: FakeRequest[] }> {
  const fake = await startGitHubFake(DEMO_GITHUB_TOKEN);
  try {
    const transcript = await runSession({
      spec: GITHUB_SPEC_PATH,
      curation: options.curation ?? GITHUB_CURATION_PATH,
      fake,
      env: { OPENAPI_MCP_AUTH_GITHUB_TOKEN: DEMO_GITHUB_TOKEN },
      steps: GITHUB_STEPS,
      ...(options.cli === undefined ? {} : { cli: options.cli }),
      stderr: options.stderr ?? "pipe",
    });
    return { ...transcript, requests: [...fake.requests] };
  } finally {
    await fake.close();
  }
}
