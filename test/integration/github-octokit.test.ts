/**
 * GitHub, proven with its own SDK (issue 8): the same logical call is sent through Octokit
 * (`@octokit/rest`, the judge) and through the bridge — the real pipeline on GitHub's published spec
 * (`@octokit/openapi`) with fixtures/curation/github-octokit.curation.yaml supplying what the spec
 * leaves out (a bearer scheme, the requirement, `X-GitHub-Api-Version`, per-tool `Accept`), served by
 * the runtime to a real SDK Client over InMemoryTransport — to one loopback recording upstream.
 * One row per operation; for each, the two requests must agree on method, path, parsed query, JSON
 * body and token, both must carry a User-Agent, and `Accept` must agree where the call asks for a
 * media type.
 *
 * Where the two legitimately differ, the comparison says why and checks what matters instead:
 * - Authorization: Octokit sends `token <t>`, the bridge `Bearer <t>` (an http bearer scheme,
 *   RFC 6750); GitHub accepts both. The token itself must be equal.
 * - User-Agent: each names itself (`octokit-rest.js/…`, `openapi-mcp-bridge/<version>`); GitHub
 *   only refuses requests without one.
 * - Accept, when the call asks for no media type: Octokit sends its default
 *   `application/vnd.github.v3+json`; the bridge sends the operation's 2xx media types from the
 *   spec (usually `application/json`). GitHub answers both with the same v3 JSON; the bridge's is
 *   checked against the spec, independently read here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Octokit } from "@octokit/rest";
import qs from "qs";
import { runPipeline } from "../../src/pipeline.js";
import { connectMcpServer } from "../../src/runtime/mcp/create-server.js";
import { prepareRuntime } from "../../src/runtime/prepare-runtime.js";
import { startRecordingUpstream, type ReceivedRequest, type RecordingUpstream } from "../helpers/recording-upstream.js";

const SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json";
const CURATION = "fixtures/curation/github-octokit.curation.yaml";
const TOKEN = "ghp_octokitParity0123456789abcdefABCDEF";
const VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
const USER_AGENT = `openapi-mcp-bridge/${VERSION}`;

type OctokitCall = (octokit: Octokit) => Promise<unknown>;

/** One operation: its Octokit call and the same arguments for the bridge's tool. */
interface Row {
  operation: string;
  tool: string;
  args: Record<string, unknown>;
  octokit: OctokitCall;
  /** The media type the call asks for (Octokit `mediaType.format`, the tool's curation `headers.Accept`). */
  accept?: string;
}

const R = { owner: "octo-org", repo: "hello-world" };
const LONG_CONTENT = Buffer.from("# Title\n\nÜnïcødé and a newline at the end\n", "utf8").toString("base64");

/** Builds a row whose Octokit parameters are exactly the tool's arguments (Octokit names them as the spec does). */
function row(operation: string, namespace: string, method: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}, accept?: string): Row {
  return {
    operation,
    tool: operation.replace(/[/-]/g, "_"),
    args,
    octokit: (octokit) => {
      const group = (octokit.rest as unknown as Record<string, Record<string, (p: Record<string, unknown>) => Promise<unknown>>>)[namespace]!;
      return group[method]!({ ...args, ...extra });
    },
    ...(accept === undefined ? {} : { accept }),
  };
}

const ROWS: Row[] = [
  row("issues/create", "issues", "create", { ...R, title: "Crash on start", body: "Steps:\n1. run", labels: ["bug", "good first issue"], assignees: ["octocat"], milestone: 3 }),
  row("issues/list-for-repo", "issues", "listForRepo", { ...R, state: "open", labels: "bug,ui", sort: "updated", direction: "asc", since: "2024-01-01T00:00:00Z", per_page: 50, page: 2 }),
  row("issues/update", "issues", "update", { ...R, issue_number: 42, state: "closed", state_reason: "completed", labels: ["wontfix"] }),
  row("issues/create-comment", "issues", "createComment", { ...R, issue_number: 42, body: "Thanks! 🎉 \"quoted\" & <html>" }),
  row("issues/list-comments", "issues", "listComments", { ...R, issue_number: 42, since: "2024-02-03T04:05:06Z", per_page: 100, page: 1 }),
  row("issues/add-labels", "issues", "addLabels", { ...R, issue_number: 42, labels: ["triage", "needs repro"] }),
  row("issues/set-labels", "issues", "setLabels", { ...R, issue_number: 42, labels: ["a", "b", "c"] }),
  row("issues/remove-label", "issues", "removeLabel", { ...R, issue_number: 42, name: "good first issue" }),
  row("reactions/create-for-issue", "reactions", "createForIssue", { ...R, issue_number: 42, content: "+1" }),
  row("repos/get", "repos", "get", { ...R }),
  row("repos/list-for-org", "repos", "listForOrg", { org: "octo-org", type: "public", sort: "pushed", direction: "desc", per_page: 30, page: 3 }),
  row("repos/get-content", "repos", "getContent", { ...R, path: "docs/guide/intro.md", ref: "feature/x" }, { mediaType: { format: "raw" } }, "application/vnd.github.v3.raw"),
  row("repos/create-or-update-file-contents", "repos", "createOrUpdateFileContents", {
    ...R,
    path: "notes/2024/today.md",
    message: "Add notes",
    content: LONG_CONTENT,
    branch: "main",
    committer: { name: "Mona", email: "mona@example.com" },
  }),
  row("repos/create-release", "repos", "createRelease", { ...R, tag_name: "v1.2.3", name: "v1.2.3", body: "Notes", draft: true, prerelease: false, generate_release_notes: true }),
  row("repos/list-commits", "repos", "listCommits", { ...R, sha: "main", path: "src/index.ts", author: "octocat", since: "2024-01-01T00:00:00Z", until: "2024-06-30T23:59:59Z", per_page: 10, page: 4 }),
  row("repos/list-tags", "repos", "listTags", { ...R, per_page: 5, page: 2 }),
  row("repos/create-dispatch-event", "repos", "createDispatchEvent", { ...R, event_type: "deploy", client_payload: { env: "prod", nested: { ids: [1, 2], ok: true } } }),
  row("pulls/create", "pulls", "create", { ...R, title: "Fix crash", head: "octocat:fix-crash", base: "main", body: "Fixes #42", draft: true, maintainer_can_modify: false }),
  row("pulls/list", "pulls", "list", { ...R, state: "all", head: "octocat:fix-crash", base: "main", sort: "long-running", direction: "desc", per_page: 20, page: 1 }),
  row("pulls/get", "pulls", "get", { ...R, pull_number: 7 }, { mediaType: { format: "diff" } }, "application/vnd.github.v3.diff"),
  row("search/issues-and-pull-requests", "search", "issuesAndPullRequests", { q: 'repo:octo-org/hello-world is:open label:"good first issue" crash&burn', sort: "created", order: "asc", per_page: 25, page: 2 }),
  row("search/repos", "search", "repos", { q: "language:typescript stars:>100 topic:mcp", sort: "stars", order: "desc", per_page: 10 }),
  row("users/get-by-username", "users", "getByUsername", { username: "octocat" }),
  row("users/get-authenticated", "users", "getAuthenticated", {}),
  row("activity/star-repo-for-authenticated-user", "activity", "starRepoForAuthenticatedUser", { ...R }),
  row("git/create-ref", "git", "createRef", { ...R, ref: "refs/heads/feature/x", sha: "aa218f56b14c9653891f9e74264a383fa43fefbd" }),
  row("git/get-ref", "git", "getRef", { ...R, ref: "heads/feature/x" }),
  row("gists/create", "gists", "create", { description: "Example", public: false, files: { "hello.md": { content: "# Hi" }, "a b.txt": { content: "spaces" } } }),
  row("orgs/list-members", "orgs", "listMembers", { org: "octo-org", filter: "2fa_disabled", role: "admin", per_page: 100 }),
  row("checks/create", "checks", "create", {
    ...R,
    name: "lint",
    head_sha: "aa218f56b14c9653891f9e74264a383fa43fefbd",
    status: "completed",
    conclusion: "success",
    output: { title: "Lint", summary: "No problems", annotations: [{ path: "src/a.ts", start_line: 1, end_line: 1, annotation_level: "warning", message: "x" }] },
  }),
  row("actions/list-workflow-runs-for-repo", "actions", "listWorkflowRunsForRepo", { ...R, branch: "main", event: "push", status: "completed", created: ">=2024-01-01", exclude_pull_requests: true, per_page: 5 }),
];

/** What is compared of one request. */
interface Seen {
  method: string;
  path: string;
  query: unknown;
  body: unknown;
  token: string | undefined;
  authScheme: string | undefined;
  userAgent: string | undefined;
  accept: string | undefined;
  headers: ReceivedRequest["headers"];
}

function seen(request: ReceivedRequest): Seen {
  const [path, query = ""] = request.url.split(/\?(.*)/s, 2) as [string, string?];
  const text = request.body.toString("utf8");
  const [authScheme, token] = String(request.headers.authorization ?? "").split(" ", 2);
  return {
    method: request.method,
    path,
    // qs, not our code, reads the query: an independent judge of what the upstream receives.
    query: qs.parse(query, { depth: 0, parameterLimit: 1000 }),
    body: text === "" ? undefined : (JSON.parse(text) as unknown),
    token,
    authScheme,
    userAgent: request.headers["user-agent"] as string | undefined,
    accept: request.headers.accept as string | undefined,
    headers: request.headers,
  };
}

/** The 2xx media types of an operation, read from the spec here (not through the IR). */
function specSuccessMediaTypes(spec: { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, unknown>; $ref?: string }> }>> }, operationId: string): string[] {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId !== operationId) continue;
      const types = new Set<string>();
      for (const [code, response] of Object.entries(op.responses ?? {})) {
        if (!/^2/.test(code)) continue;
        for (const type of Object.keys(response.content ?? {})) types.add(type);
      }
      return [...types];
    }
  }
  throw new Error(`${operationId} is not in the spec`);
}

describe("GitHub: the bridge sends what Octokit sends", () => {
  let upstream: RecordingUpstream;
  let client: Client;
  let octokit: Octokit;
  let spec: Parameters<typeof specSuccessMediaTypes>[0];
  const table: string[] = [];

  before(async () => {
    upstream = await startRecordingUpstream();
    // GitHub's 13 MB spec is read once for the whole file.
    const result = await runPipeline({ spec: SPEC, curationFile: CURATION });
    spec = JSON.parse(readFileSync(SPEC, "utf8")) as typeof spec;
    const { prepared } = prepareRuntime(result.server, { OPENAPI_MCP_AUTH_GITHUB_TOKEN: TOKEN }, { baseUrl: upstream.origin, userAgent: USER_AGENT, writeLog: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await connectMcpServer(prepared, serverSide);
    client = new Client({ name: "octokit-parity", version: "1" });
    await client.connect(clientSide);
    octokit = new Octokit({ auth: TOKEN, baseUrl: upstream.origin, request: { retries: 0 } });
  }, { timeout: 30_000 });

  after(async () => {
    await client?.close();
    await upstream?.close();
    if (table.length > 0) console.log(["operation | result | why", ...table].join("\n"));
  });

  it("covers at least 25 operations, each a tool of the curated server", async () => {
    assert.ok(ROWS.length >= 25, `${ROWS.length} rows`);
    const { tools } = await client.listTools();
    const names = new Set(tools.map((t) => t.name));
    for (const r of ROWS) assert.ok(names.has(r.tool), `${r.operation} → ${r.tool} is listed`);
  });

  for (const r of ROWS) {
    it(r.operation, async () => {
      upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
      await r.octokit(octokit);
      assert.equal(upstream.requests.length, 1, "Octokit sent one request");
      const theirs = seen(upstream.requests[0]!);

      upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
      const result = await client.callTool({ name: r.tool, arguments: r.args });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      assert.equal(upstream.requests.length, 1, "the bridge sent one request");
      const ours = seen(upstream.requests[0]!);

      assert.equal(ours.method, theirs.method, "method");
      assert.equal(ours.path, theirs.path, "path, as encoded on the wire");
      assert.deepEqual(ours.query, theirs.query, "query, parsed by qs");
      assert.deepEqual(ours.body, theirs.body, "JSON body");
      // Octokit: "token <t>"; the bridge: "Bearer <t>" (an http bearer scheme). GitHub accepts both.
      assert.equal(theirs.authScheme, "token");
      assert.equal(ours.authScheme, "Bearer");
      assert.equal(ours.token, TOKEN, "the bridge's token");
      assert.equal(theirs.token, TOKEN, "Octokit's token");
      // Each names itself; GitHub refuses only a missing User-Agent.
      assert.match(theirs.userAgent ?? "", /^octokit-rest\.js\//);
      assert.equal(ours.userAgent, USER_AGENT);
      assert.equal(ours.headers["x-github-api-version"], "2022-11-28", "the curation file's header");
      const why: string[] = ["token: `token` vs `Bearer` scheme (both accepted)", "User-Agent: own product names"];
      if (r.accept !== undefined) {
        assert.equal(theirs.accept, r.accept, "Octokit's media type");
        assert.equal(ours.accept, theirs.accept, "Accept");
      } else {
        assert.equal(theirs.accept, "application/vnd.github.v3+json", "Octokit's default media type");
        const fromSpec = specSuccessMediaTypes(spec, r.operation);
        if (fromSpec.length > 0) assert.equal(ours.accept, fromSpec.join(", "), "the bridge's Accept: the spec's 2xx media types");
        else assert.equal(ours.accept, undefined, "no 2xx body: no Accept");
        why.push(`Accept: ${ours.accept ?? "(none, 204)"} from the spec vs Octokit's default`);
      }
      table.push(`${r.operation} (${ours.method} ${ours.path}) | equal: method, path, query, body, token${r.accept ? ", Accept" : ""} | ${why.join("; ")}`);
    });
  }

  it("a tool's own header reaches only that tool", async () => {
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await client.callTool({ name: "issues_create", arguments: { ...R, title: "t" } });
    assert.equal(upstream.requests[0]!.headers["x-request-source"], "agent");
    upstream.reset({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    await client.callTool({ name: "repos_get", arguments: { ...R } });
    assert.equal(upstream.requests[0]!.headers["x-request-source"], undefined);
  });
});
