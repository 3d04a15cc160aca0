/**
 * `securitySchemes`, `security` and `headers` in the curation file, from YAML text through
 * applyCuration on a real spec (fixtures/specs/security-and-headers.yaml): which requirement each
 * tool ends with, which header arguments disappear, and every problem with its line and hint.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { applyCuration } from "../../../src/curate/apply-curation.js";
import { CurationError, type CurationProblem } from "../../../src/errors.js";
import { buildIr } from "../../../src/ir/build-ir.js";
import type { ApiIr } from "../../../src/ir/types.js";
import { parseCuration } from "../../../src/load/load-curation.js";
import { loadSpec } from "../../../src/load/load-spec.js";
import type { ServerDefinition, ToolDefinition } from "../../../src/runtime/core/tool-definition.js";

let ir: ApiIr;
before(async () => {
  ir = buildIr(await loadSpec("fixtures/specs/security-and-headers.yaml"));
});

function curate(yaml: string[]): ServerDefinition {
  const { curation, lines } = parseCuration(yaml.join("\n"), "c.yaml");
  return applyCuration(ir, curation, { file: "c.yaml" }, lines).server;
}

function tool(server: ServerDefinition, name: string): ToolDefinition {
  const found = server.tools.find((t) => t.name === name);
  assert.ok(found, name);
  return found;
}

function problemsOf(yaml: string[]): CurationProblem[] {
  try {
    curate(yaml);
  } catch (error) {
    assert.ok(error instanceof CurationError, String(error));
    return error.problems;
  }
  assert.fail("expected a CurationError");
}

const GITHUB_LIKE = [
  "securitySchemes:",
  "  token: { type: http, scheme: bearer }",
  "security: [{ token: [] }]",
];

describe("curation security", () => {
  it("the IR records which operations the spec says nothing about", () => {
    assert.deepEqual(
      ir.operations.map((o) => [o.operationId, o.securityUndeclared ?? false]),
      [["listThings", true], ["getPublic", false], ["postSecret", false]],
    );
  });

  const cases: Array<[string, { yaml: string[]; want: Record<string, unknown> }]> = [
    ["no curation security: the spec's", { yaml: [], want: { list_things: [], get_public: [], post_secret: [{ api_key: [] }] } }],
    [
      "file security: only where the spec declares none; `security: []` stays public",
      { yaml: GITHUB_LIKE, want: { list_things: [{ token: [] }], get_public: [], post_secret: [{ api_key: [] }] } },
    ],
    [
      "a tool's security beats the spec's and the file's",
      {
        yaml: [...GITHUB_LIKE, "tools:", "  - operation: getPublic", "    security: [{ token: [] }, {}]", "  - operation: postSecret", "    security: [{ token: [] }]", "  - operation: listThings"],
        want: { list_things: [{ token: [] }], get_public: [{ token: [] }, {}], post_secret: [{ token: [] }] },
      },
    ],
  ];
  for (const [name, { yaml, want }] of cases) {
    it(name, () => {
      const server = curate(yaml);
      assert.deepEqual(Object.fromEntries(server.tools.map((t) => [t.name, t.security])), want);
    });
  }

  it("a curation scheme joins the spec's, and one of the same name replaces it", () => {
    const server = curate(["securitySchemes:", "  token: { type: http, scheme: Bearer, bearerFormat: JWT }", "  api_key: { type: apiKey, in: query, name: key }"]);
    assert.deepEqual(server.securitySchemes, {
      api_key: { type: "apiKey", in: "query", name: "key" },
      token: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
    });
    assert.deepEqual(ir.securitySchemes, { api_key: { type: "apiKey", in: "header", name: "X-API-Key" } }, "the IR is untouched");
  });
});

describe("curation headers", () => {
  it("server and tool headers are recorded; a header parameter of the same name (any case) leaves the arguments", () => {
    const server = curate(["headers:", '  x-api-version: "2024-01-01"', "tools:", "  - operation: listThings", "    headers: { X-Trace: abc }", "  - operation: getPublic"]);
    assert.deepEqual(server.headers, { "x-api-version": "2024-01-01" });
    const list = tool(server, "list_things");
    assert.deepEqual(list.headers, { "X-Trace": "abc" });
    assert.deepEqual(Object.keys(list.inputSchema.properties as object), ["limit"]);
    assert.equal(list.inputSchema.required, undefined, "the required header argument is no longer required");
    const hidden = list.http.arguments.filter((b) => b.hidden === true).map((b) => b.argument);
    assert.equal(hidden.length, 2);
    assert.equal(tool(server, "get_public").headers, undefined);
    const original = ir.operations[0]!.tool;
    assert.equal(original.http.arguments.some((b) => b.hidden), false, "the IR's tool is not changed");
    assert.deepEqual((original.inputSchema.required as string[]).length, 1);
  });

  const cases: Array<[string, { yaml: string[]; want: CurationProblem[] }]> = [
    [
      "unknown scheme in the file's security, with a suggestion",
      {
        yaml: ["securitySchemes:", "  github_token: { type: http, scheme: bearer }", "security: [{ github_tokn: [] }]"],
        want: [{ message: 'security requirement names unknown security scheme "github_tokn"', path: "security[0].github_tokn", line: 3, hint: 'did you mean "github_token"?' }],
      },
    ],
    [
      "unknown scheme in a tool's security, nothing close",
      {
        yaml: ["tools:", "  - operation: listThings", "    security:", "      - { oauth: [] }"],
        want: [{ message: 'security requirement names unknown security scheme "oauth"', path: "tools[0].security[0].oauth", line: 4, hint: "declared schemes: api_key" }],
      },
    ],
    [
      "framing and body headers are refused",
      {
        yaml: ["headers:", "  Host: example.com", "  Content-Type: text/plain"],
        want: [
          { message: "the Host header cannot be set here", path: "headers.Host", line: 2, hint: "the upstream URL decides it" },
          { message: "the Content-Type header cannot be set here", path: "headers.Content-Type", line: 3, hint: "the runtime sets it from the operation's request body media type" },
        ],
      },
    ],
    [
      "Authorization written in the file is refused; read from the environment it is allowed",
      {
        yaml: ["headers:", "  Authorization: Bearer abc123", "tools:", "  - operation: listThings", '    headers: { Authorization: "token ${env:GH_TOKEN}" }'],
        want: [
          {
            message: "an Authorization header written in the curation file would put a secret in it",
            path: "headers.Authorization",
            line: 2,
            hint: 'read it from the environment ("Bearer ${env:MY_TOKEN}"), or declare a scheme under securitySchemes and name it in security',
          },
        ],
      },
    ],
    [
      "a placeholder other than ${env:NAME}",
      {
        yaml: ["headers:", '  X-Key: "${ENV:KEY}"'],
        want: [{ message: 'a "${" in a header value must start an environment reference', path: "headers.X-Key", line: 2, hint: 'write "${env:NAME}", NAME made of letters, digits and "_"' }],
      },
    ],
    [
      "one name twice, differing in case",
      {
        yaml: ["headers:", "  X-A: one", "  x-a: two"],
        want: [{ message: 'header "x-a" repeats "X-A" (header names ignore case)', path: "headers.x-a", line: 3, hint: "keep one of them" }],
      },
    ],
  ];
  for (const [name, { yaml, want }] of cases) {
    it(name, () => assert.deepEqual(problemsOf(yaml), want));
  }

  it("a CR/LF in a value or a bad name is a schema problem with its line", () => {
    const problems = problemsOf(["headers:", '  "X-A": "a\\r\\nInjected: 1"', '  "Bad Name": x']);
    assert.deepEqual(problems.map((p) => [p.path, p.line]), [["headers.X-A", 2], ['headers["Bad Name"]', 3]]);
    assert.match(problems[0]!.message, /CR, LF/);
    assert.match(problems[1]!.message, /^key must be an HTTP header name/);
  });

  it("an apiKey scheme sent in a header needs a header name; in a query, any name", () => {
    assert.deepEqual(problemsOf(["securitySchemes:", "  k: { type: apiKey, in: header, name: \"my key\" }", "  q: { type: apiKey, in: query, name: \"key[]\" }"]), [
      { message: '"my key" is not an HTTP header name', path: "securitySchemes.k.name", line: 2, hint: "use letters, digits and !#$%&'*+.^_`|~-, e.g. X-API-Key" },
    ]);
  });

  it("an unknown scheme type is a schema problem", () => {
    const problems = problemsOf(["securitySchemes:", "  t: { type: bearer }"]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 2);
  });
});
