/**
 * A loopback stand-in for api.github.com, built from GitHub's own OpenAPI description: it serves the
 * operations ./curation.yaml selects, answering each with the spec's example (GitHub's spec has one for
 * every operation here: octocat/Hello-World, issue and pull request #1347). Refusals are GitHub's, as
 * documented at https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api:
 * - no User-Agent → 403 (GitHub refuses such requests outright);
 * - an X-GitHub-Api-Version GitHub does not offer → 400;
 * - no token → 401 "Requires authentication"; another token → 401 "Bad credentials";
 * - any repository but octocat/Hello-World, any issue or pull request but #1347, or an unknown route →
 *   404 `{"message":"Not Found", "documentation_url": <the operation's docs>, "status":"404"}`;
 * - bad JSON → 400 "Problems parsing JSON"; a missing required field or parameter → 422.
 */
import { fileURLToPath } from "node:url";
import { loadCuratedOperations } from "../shared/spec-fake/curated-operations.js";
import { authorizationMatches, type FakeDialect, type FakeReply } from "../shared/spec-fake/dialect.js";
import { startSpecFake, type SpecFake } from "../shared/spec-fake/server.js";
import { isObject, loadSpecDocument, type SpecDocument } from "../shared/spec-fake/spec-document.js";

/** GitHub's spec, from the @octokit/openapi devDependency. */
export const GITHUB_SPEC_PATH = fileURLToPath(new URL("../../node_modules/@octokit/openapi/generated/api.github.com.json", import.meta.url));

/** This example's curation file. */
export const GITHUB_CURATION_PATH = fileURLToPath(new URL("./curation.yaml", import.meta.url));

/** REST API versions GitHub accepts in X-GitHub-Api-Version (https://docs.github.com/rest/about-the-rest-api/api-versions). */
export const GITHUB_API_VERSIONS = ["2022-11-28"];

/** The resources the spec's examples describe; anything else is a 404. */
export const GITHUB_KNOWN = { owner: ["octocat"], repo: ["Hello-World"], issue_number: ["1347"], pull_number: ["1347"] };

const DOCS = "https://docs.github.com/rest";

/** GitHub's error body: `{message, documentation_url, status}` (status as a string, as GitHub sends it). */
function githubError(status: number, message: string, documentationUrl = DOCS): FakeReply {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

/** GitHub's refusals for a fake that accepts `token`. */
export function githubDialect(token: string): FakeDialect {
  return {
    screen(request) {
      if (!request.headers["user-agent"]) {
        return { status: 403, contentType: "text/plain", body: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n" };
      }
      const version = request.headers["x-github-api-version"];
      if (typeof version === "string" && !GITHUB_API_VERSIONS.includes(version)) {
        return githubError(400, `API version ${version} is not supported.`, `${DOCS}/about-the-rest-api/api-versions`);
      }
      return undefined;
    },
    authorize: (request) => authorizationMatches(request.headers, token),
    unauthorized: (_request, reason) => githubError(401, reason === "missing" ? "Requires authentication" : "Bad credentials"),
    notFound: (_request, miss) => githubError(404, "Not Found", miss.kind === "resource" ? operationDocs(miss.route.operation) : DOCS),
    invalid: (_request, route, problem) =>
      problem === "the body is not valid JSON" ? githubError(400, "Problems parsing JSON", operationDocs(route.operation)) : githubError(422, `Invalid request.\n\n${problem}.`, operationDocs(route.operation)),
  };
}

function operationDocs(operation: Record<string, unknown>): string {
  const docs = operation.externalDocs;
  return isObject(docs) && typeof docs.url === "string" ? docs.url : DOCS;
}

let cachedSpec: SpecDocument | undefined;

/** Starts the GitHub fake; requests must carry `Authorization: Bearer <token>` (or `token <token>`). */
export function startGitHubFake(token: string): Promise<SpecFake> {
  cachedSpec ??= loadSpecDocument(GITHUB_SPEC_PATH);
  return startSpecFake({ spec: cachedSpec, operations: loadCuratedOperations(GITHUB_CURATION_PATH), dialect: githubDialect(token), known: GITHUB_KNOWN });
}
