import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildRequest, RequestBuildError, type BuiltRequest } from "../../../../src/runtime/request/build-request.js";
import type { ArgumentBinding, BodyBinding, HttpBinding, ParameterTarget, ToolDefinition } from "../../../../src/runtime/core/tool-definition.js";

const BASE = "https://api.example.com/v3";

function param(argument: string, location: ParameterTarget["in"], extra: Partial<Omit<ArgumentBinding, "target">> & { target?: Partial<ParameterTarget> } = {}): ArgumentBinding {
  const { target, ...rest } = extra;
  const style = location === "query" || location === "cookie" ? "form" : "simple";
  return {
    argument,
    required: location === "path",
    ...rest,
    target: { in: location, name: argument, style, explode: style === "form", allowReserved: false, ...target },
  };
}

function bodyArg(argument: string, property?: string, extra: Partial<ArgumentBinding> = {}): ArgumentBinding {
  return { argument, required: false, target: property === undefined ? { in: "body" } : { in: "body", property }, ...extra };
}

function tool(http: Partial<HttpBinding>): ToolDefinition {
  return {
    name: "t",
    description: "",
    inputSchema: { type: "object" },
    annotations: {},
    http: { method: "GET", path: "/", arguments: [], ...http },
    security: [],
    policy: { timeoutMs: 1000, retries: 0, maxResponseTokens: 1000 },
    pagingArguments: [],
  };
}

const jsonBody = (extra: Partial<BodyBinding> = {}): BodyBinding => ({ contentType: "application/json", mediaTypes: ["application/json"], required: false, ...extra });

const CASES: Array<[string, { given: { tool: ToolDefinition; args: Record<string, unknown> }; want: BuiltRequest }]> = [
  [
    "path and query in binding order",
    {
      given: {
        tool: tool({ path: "/pet/{petId}", arguments: [param("status", "query"), param("petId", "path"), param("tags", "query")] }),
        args: { petId: 7, status: "sold", tags: ["a", "b"] },
      },
      want: { method: "GET", url: `${BASE}/pet/7?status=sold&tags=a&tags=b`, headers: {} },
    },
  ],
  [
    "wire names differ from argument names",
    {
      given: { tool: tool({ path: "/r/{id}", arguments: [param("repo_id", "path", { target: { name: "id" } }), param("perPage", "query", { target: { name: "per_page" } })] }), args: { repo_id: "a/b", perPage: 10 } },
      want: { method: "GET", url: `${BASE}/r/a%2Fb?per_page=10`, headers: {} },
    },
  ],
  [
    "omitted and null optional parameters are left out",
    {
      given: { tool: tool({ arguments: [param("a", "query"), param("b", "query"), param("h", "header")] }), args: { b: null } },
      want: { method: "GET", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "fixedValue wins over the model; defaultValue fills an omission",
    {
      given: {
        tool: tool({ arguments: [param("fixed", "query", { fixedValue: "curated", hidden: true }), param("dflt", "query", { defaultValue: 20 }), param("given", "query", { defaultValue: 1 })] }),
        args: { fixed: "model", given: 5 },
      },
      want: { method: "GET", url: `${BASE}/?fixed=curated&dflt=20&given=5`, headers: {} },
    },
  ],
  [
    "headers and one Cookie header",
    {
      given: {
        tool: tool({ arguments: [param("X-Request-Id", "header"), param("session", "cookie"), param("theme", "cookie"), param("X-List", "header")] }),
        args: { "X-Request-Id": "abc", session: "s 1", theme: "dark", "X-List": [1, 2] },
      },
      want: { method: "GET", url: `${BASE}/`, headers: { "X-Request-Id": "abc", "X-List": "1,2", Cookie: "session=s%201; theme=dark" } },
    },
  ],
  [
    "Accept and Content-Type header parameters are ignored (OAS 3.1)",
    {
      given: { tool: tool({ arguments: [param("Accept", "header"), param("content-type", "header")] }), args: { Accept: "text/html", "content-type": "x/y" } },
      want: { method: "GET", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "JSON body from properties",
    {
      given: {
        tool: tool({ method: "POST", path: "/pet", body: jsonBody(), arguments: [bodyArg("name", "name"), bodyArg("status", "status", { defaultValue: "available" }), bodyArg("tag", "tag")] }),
        args: { name: "Rex", tag: null },
      },
      want: { method: "POST", url: `${BASE}/pet`, headers: { "Content-Type": "application/json" }, body: '{"name":"Rex","status":"available","tag":null}' },
    },
  ],
  [
    "JSON body from a whole-body argument",
    {
      given: { tool: tool({ method: "PUT", path: "/pets", body: jsonBody(), arguments: [bodyArg("body")] }), args: { body: [{ id: 1 }] } },
      want: { method: "PUT", url: `${BASE}/pets`, headers: { "Content-Type": "application/json" }, body: '[{"id":1}]' },
    },
  ],
  [
    "whole body and properties are merged, properties last",
    {
      given: { tool: tool({ method: "POST", body: jsonBody(), arguments: [bodyArg("body"), bodyArg("id", "id", { fixedValue: 9 })] }), args: { body: { id: 1, a: 2 } } },
      want: { method: "POST", url: `${BASE}/`, headers: { "Content-Type": "application/json" }, body: '{"id":9,"a":2}' },
    },
  ],
  [
    "optional body with no body arguments is not sent",
    {
      given: { tool: tool({ method: "POST", body: jsonBody(), arguments: [bodyArg("name", "name")] }), args: {} },
      want: { method: "POST", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "a null whole body on an optional body sends no body",
    {
      given: { tool: tool({ method: "POST", body: jsonBody(), arguments: [bodyArg("body")] }), args: { body: null } },
      want: { method: "POST", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "required body of properties with none given is {}",
    {
      given: { tool: tool({ method: "POST", body: jsonBody({ required: true }), arguments: [bodyArg("name", "name")] }), args: {} },
      want: { method: "POST", url: `${BASE}/`, headers: { "Content-Type": "application/json" }, body: "{}" },
    },
  ],
  [
    "form body",
    {
      given: {
        tool: tool({ method: "POST", path: "/pet/{petId}", body: { contentType: "application/x-www-form-urlencoded", mediaTypes: [], required: false }, arguments: [param("petId", "path"), bodyArg("name", "name"), bodyArg("status", "status")] }),
        args: { petId: 1, name: "Rex Jr", status: "sold" },
      },
      want: { method: "POST", url: `${BASE}/pet/1`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "name=Rex%20Jr&status=sold" },
    },
  ],
  [
    "text body",
    {
      given: { tool: tool({ method: "POST", body: { contentType: "text/plain", mediaTypes: [], required: true }, arguments: [bodyArg("text")] }), args: { text: "hello" } },
      want: { method: "POST", url: `${BASE}/`, headers: { "Content-Type": "text/plain" }, body: "hello" },
    },
  ],
  [
    "unknown arguments are ignored; prototype names are not looked up",
    {
      given: { tool: tool({ arguments: [param("constructor", "query"), param("toString", "query")] }), args: { other: 1 } },
      want: { method: "GET", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "operation serverUrl overrides the base URL",
    {
      given: { tool: tool({ path: "/x", serverUrl: "https://uploads.example.com/v1/" }), args: {} },
      want: { method: "GET", url: "https://uploads.example.com/v1/x", headers: {} },
    },
  ],
  [
    "a required empty string is a value: sent",
    {
      given: { tool: tool({ arguments: [param("q", "query", { required: true })] }), args: { q: "" } },
      want: { method: "GET", url: `${BASE}/?q=`, headers: {} },
    },
  ],
  [
    "an optional form body that encodes to nothing is no body: no Content-Type on a GET",
    {
      given: { tool: tool({ body: { contentType: "application/x-www-form-urlencoded", mediaTypes: [], required: false }, arguments: [bodyArg("body")] }), args: { body: {} } },
      want: { method: "GET", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "form body properties all null: no body, no Content-Type",
    {
      given: { tool: tool({ method: "POST", body: { contentType: "application/x-www-form-urlencoded", mediaTypes: [], required: false }, arguments: [bodyArg("a", "a")] }), args: { a: null } },
      want: { method: "POST", url: `${BASE}/`, headers: {} },
    },
  ],
  [
    "AWS-style request path with a literal query item keeps it before the arguments",
    {
      given: { tool: tool({ path: "/2018-10-31/layers?find=LayerVersion", arguments: [param("Arn", "query", { required: true })] }), args: { Arn: "arn:aws:x" } },
      want: { method: "GET", url: `${BASE}/2018-10-31/layers?find=LayerVersion&Arn=arn%3Aaws%3Ax`, headers: {} },
    },
  ],
  [
    "relative serverUrl resolves against the base URL",
    {
      given: { tool: tool({ path: "/x", serverUrl: "/v2" }), args: {} },
      want: { method: "GET", url: "https://api.example.com/v2/x", headers: {} },
    },
  ],
];

describe("buildRequest", () => {
  for (const [name, { given, want }] of CASES) {
    test(name, () => assert.deepEqual(buildRequest(given.tool, given.args, BASE), want));
  }

  test("the operator's base URL replaces the tool's own server", () => {
    const withServer = tool({ path: "/x", serverUrl: "https://files.example.com/v1" });
    assert.equal(buildRequest(withServer, {}, "http://127.0.0.1:9/mock", { replaceServers: true }).url, "http://127.0.0.1:9/mock/x");
    assert.equal(buildRequest(withServer, {}, "http://127.0.0.1:9/mock").url, "https://files.example.com/v1/x");
  });

  test("octet-stream body is decoded bytes", () => {
    const built = buildRequest(tool({ method: "PUT", body: { contentType: "application/octet-stream", mediaTypes: [], required: true }, arguments: [bodyArg("content")] }), { content: "AAEC" }, BASE);
    assert.deepEqual([...(built.body as Uint8Array)], [0, 1, 2]);
    assert.equal(built.headers["Content-Type"], "application/octet-stream");
  });

  test("multipart body parses back", async () => {
    const built = buildRequest(
      tool({ method: "POST", body: { contentType: "multipart/form-data", mediaTypes: [], required: true, binaryProperties: ["file"] }, arguments: [bodyArg("note", "note"), bodyArg("file", "file")] }),
      { note: "hi", file: "data:text/csv;name=a.csv;base64,YSxi" },
      BASE,
    );
    const form = await new Response(built.body, { headers: { "content-type": built.headers["Content-Type"] as string } }).formData();
    assert.equal(form.get("note"), "hi");
    const file = form.get("file") as File;
    assert.equal(file.name, "a.csv");
    assert.equal(await file.text(), "a,b");
  });
});

type Refusal = { tool: ToolDefinition; args: Record<string, unknown>; code: string; argument?: string; message?: RegExp };

const REFUSALS: Array<[string, Refusal]> = [
  ["missing required path parameter", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path")] }), args: {}, code: "missing_path_parameter", argument: "petId", message: /petId/ }],
  ["null path parameter", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path")] }), args: { petId: null }, code: "missing_path_parameter", argument: "petId" }],
  ["path placeholder with no binding", { tool: tool({ path: "/pet/{petId}" }), args: {}, code: "missing_path_parameter" }],
  ["'..' path value", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path")] }), args: { petId: ".." }, code: "unsafe_path_segment", argument: "petId" }],
  ["'.' path value", { tool: tool({ path: "/pet/{petId}/x", arguments: [param("petId", "path")] }), args: { petId: "." }, code: "unsafe_path_segment", argument: "petId" }],
  ["empty path value", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path")] }), args: { petId: "" }, code: "unsafe_path_segment", argument: "petId" }],
  ["empty array path value", { tool: tool({ path: "/pet/{ids}", arguments: [param("ids", "path")] }), args: { ids: [] }, code: "unsafe_path_segment", argument: "ids" }],
  ["encoded '..' path value", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path")] }), args: { petId: "%2e%2e" }, code: "unsafe_path_segment", argument: "petId" }],
  ["label style '.' → '..'", { tool: tool({ path: "/pet/{petId}", arguments: [param("petId", "path", { target: { style: "label" } })] }), args: { petId: "." }, code: "unsafe_path_segment", argument: "petId" }],
  ...["Authorization", "authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection", "Cookie", "Proxy-Authorization", "PROXY-AUTHORIZATION"].map(
    (name): [string, Refusal] => [`header argument setting ${name}`, { tool: tool({ arguments: [param("h", "header", { target: { name } })] }), args: { h: "x" }, code: "forbidden_header", argument: "h", message: new RegExp(name) }],
  ),
  ["curated fixedValue cannot set Authorization either", { tool: tool({ arguments: [param("auth", "header", { target: { name: "Authorization" }, fixedValue: "Bearer x", hidden: true })] }), args: {}, code: "forbidden_header", argument: "auth" }],
  ["CR LF in a header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H" } })] }), args: { h: "a\r\nX-Evil: 1" }, code: "invalid_header", argument: "h", message: /CR/ }],
  ["LF in a header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H" } })] }), args: { h: "a\nb" }, code: "invalid_header", argument: "h", message: /LF/ }],
  ["NUL in a header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H" } })] }), args: { h: "a\u0000b" }, code: "invalid_header", argument: "h", message: /NUL/ }],
  ["CR inside an array header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H" } })] }), args: { h: ["a", "b\r"] }, code: "invalid_header", argument: "h" }],
  ["CR inside an object key of a header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H", explode: true } })] }), args: { h: { "k\r": "v" } }, code: "invalid_header", argument: "h" }],
  ["non-Latin-1 header value", { tool: tool({ arguments: [param("h", "header", { target: { name: "X-H" } })] }), args: { h: "😀" }, code: "invalid_header", argument: "h" }],
  ["invalid header name", { tool: tool({ arguments: [param("h", "header", { target: { name: "X H" } })] }), args: { h: "v" }, code: "invalid_header", argument: "h" }],
  ["required whole body missing", { tool: tool({ method: "POST", body: jsonBody({ required: true }), arguments: [bodyArg("body")] }), args: {}, code: "missing_body", argument: "body" }],
  ["required whole body given as null", { tool: tool({ method: "POST", body: jsonBody({ required: true }), arguments: [bodyArg("body")] }), args: { body: null }, code: "missing_body", argument: "body" }],
  ["non-object whole body with properties", { tool: tool({ method: "POST", body: jsonBody(), arguments: [bodyArg("body"), bodyArg("id", "id")] }), args: { body: [1], id: 2 }, code: "invalid_value", argument: "body" }],
  ["relative base URL", { tool: tool({}), args: {}, code: "invalid_base_url" }],
  // A required argument that is present but sends nothing would make a request the API must reject.
  ...([["null", null], ["empty array", []], ["empty object", {}]] as const).flatMap(([what, value]): Array<[string, Refusal]> =>
    (["query", "header", "cookie"] as const).map((location): [string, Refusal] => [
      `required ${location} parameter given as ${what}`,
      { tool: tool({ arguments: [param("q", location, { required: true, target: { name: "X-Q" } })] }), args: { q: value }, code: "missing_parameter", argument: "q", message: /required/ },
    ]),
  ),
  ["required deepObject whose members are all null", { tool: tool({ arguments: [param("f", "query", { required: true, target: { style: "deepObject" } })] }), args: { f: { a: null } }, code: "missing_parameter", argument: "f" }],
  ["required query parameter missing altogether", { tool: tool({ arguments: [param("q", "query", { required: true })] }), args: {}, code: "missing_parameter", argument: "q", message: /missing/ }],
];

describe("buildRequest refusals", () => {
  for (const [name, given] of REFUSALS) {
    test(name, () => {
      const base = given.code === "invalid_base_url" ? "/v3" : BASE;
      assert.throws(
        () => buildRequest(given.tool, given.args, base),
        (error: unknown) => {
          assert.ok(error instanceof RequestBuildError, String(error));
          assert.equal(error.code, given.code);
          assert.equal(error.argument, given.argument);
          if (given.argument !== undefined) assert.match(error.message, new RegExp(`"${given.argument}"`));
          if (given.message !== undefined) assert.match(error.message, given.message);
          return true;
        },
      );
    });
  }
});

describe("hidden arguments", () => {
  test("a hidden argument's value from the model is never sent; its default is", async () => {
    const tool = {
      name: "t", description: "t", inputSchema: { type: "object" }, annotations: {}, security: [], pagingArguments: [],
      policy: { timeoutMs: 1000, retries: 0, maxResponseTokens: 100 },
      http: {
        method: "GET" as const, path: "/x",
        arguments: [
          { argument: "key", required: false, hidden: true, target: { in: "header" as const, name: "api_key", style: "simple" as const, explode: false, allowReserved: false } },
          { argument: "mode", required: false, hidden: true, defaultValue: "safe", target: { in: "query" as const, name: "mode", style: "form" as const, explode: true, allowReserved: false } },
        ],
      },
    };
    const built = buildRequest(tool, { key: "from-the-model", mode: "unsafe" }, "http://127.0.0.1:1");
    assert.equal(Object.keys(built.headers).some((h) => h.toLowerCase() === "api_key"), false);
    assert.equal(built.url, "http://127.0.0.1:1/x?mode=safe");
  });
});
