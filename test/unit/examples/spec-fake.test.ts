/**
 * The example-driven fake upstream (examples/shared/spec-fake) on a small spec written for the test:
 * route matching (literal segments first, mixed segments, percent-decoding), the order of refusals
 * (screen, credential, route, known resources, request shape), examples over synthesis, synthesis
 * seeded and deterministic, and what it records. Expected values are written out by hand.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { authorizationMatches, type FakeDialect, type FakeReply } from "../../../examples/shared/spec-fake/dialect.js";
import { compileRoutes } from "../../../examples/shared/spec-fake/route-table.js";
import { startSpecFake, type SpecFake } from "../../../examples/shared/spec-fake/server.js";
import type { JsonObject, SpecDocument } from "../../../examples/shared/spec-fake/spec-document.js";
import { synthesiseValue } from "../../../examples/shared/spec-fake/synthesise-value.js";

const json = (schema: object, extra: object = {}): object => ({ content: { "application/json": { schema, ...extra } } });

const SPEC = {
  openapi: "3.1.0",
  paths: {
    "/things/search": {
      get: { operationId: "searchThings", parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }], responses: { "200": json({ type: "object" }, { example: { found: 1 } }) } },
    },
    "/things/{id}": {
      get: { operationId: "getThing", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json({ $ref: "#/components/schemas/Thing" }), default: json({ type: "object" }) } },
    },
    "/things/{id}/notes": {
      post: {
        operationId: "addNote",
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } } } },
        responses: { "404": json({ type: "object" }), "201": json({ type: "object" }, { examples: { first: { $ref: "#/components/examples/Note" }, second: { value: { id: 2 } } } }) },
      },
    },
    "/files/{name}.json": { get: { operationId: "getFile", responses: { "200": { content: { "text/plain": { example: "plain" }, "application/json": { example: { file: true } } } } } } },
    "/empty": { delete: { operationId: "deleteEmpty", responses: { "204": { description: "gone" } } } },
  },
  components: {
    examples: { Note: { value: { id: 1, text: "from components" } } },
    schemas: {
      Thing: {
        type: "object",
        properties: {
          id: { type: "string" },
          kind: { type: "string", enum: ["widget", "gadget"] },
          name: { type: ["string", "null"] },
          count: { type: "integer", minimum: 3 },
          tags: { type: "array", items: { type: "string" } },
          created: { type: "integer", format: "unix-time" },
          owner: { $ref: "#/components/schemas/Owner" },
          url: { type: "string", pattern: "^/v1/things" },
        },
      },
      Owner: { type: "object", properties: { id: { type: "string" }, email: { type: "string", format: "email" } } },
    },
  },
} as unknown as SpecDocument;

const KEY = "key-123";

/** A dialect whose replies say which refusal fired, so each case can name the one it expects. */
const DIALECT: FakeDialect = {
  screen: (request) => (request.headers["x-block"] === "yes" ? { status: 403, body: { refusal: "screen" } } : undefined),
  authorize: (request) => authorizationMatches(request.headers, KEY),
  unauthorized: (_request, reason) => ({ status: 401, body: { refusal: reason } }),
  notFound(_request, miss): FakeReply {
    const body: JsonObject = miss.kind === "route" ? { refusal: "route" } : { refusal: "resource", parameter: miss.parameter, value: miss.value };
    return { status: 404, body };
  },
  invalid: (_request, route, problem) => ({ status: 422, body: { refusal: "invalid", operation: route.operationId, problem } }),
};

interface Given {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Want {
  status: number;
  body?: unknown;
  contentType?: string | null;
  operationId?: string;
  params?: Record<string, string>;
}

const auth = { authorization: `Bearer ${KEY}` };
const jsonBody = { ...auth, "content-type": "application/json" };

const CASES: Array<[string, { given: Given; want: Want }]> = [
  ["a literal segment wins over a template: the spec's example", { given: { path: "/things/search?q=x", headers: auth }, want: { status: 200, body: { found: 1 }, operationId: "searchThings", params: {} } }],
  [
    "no example: a value synthesised from the schema, the addressed id filled in",
    {
      given: { path: "/things/abc", headers: auth },
      want: {
        status: 200,
        body: { id: "abc", kind: "widget", name: null, count: 3, tags: ["tag_example"], created: 1760529600, owner: { id: "id_example", email: "jenny.rosen@example.com" }, url: "/v1/things" },
        contentType: "application/json; charset=utf-8",
        operationId: "getThing",
        params: { id: "abc" },
      },
    },
  ],
  ["path values are percent-decoded", { given: { path: "/things/a%2Fb%20c", headers: auth }, want: { status: 200, operationId: "getThing", params: { id: "a/b c" } } }],
  ["a segment mixing a literal and a parameter; Accept picks the media type", { given: { path: "/files/report.json", headers: { ...auth, accept: "text/plain" } }, want: { status: 200, body: "plain", contentType: "text/plain; charset=utf-8", params: { name: "report" } } }],
  ["without an Accept it offers, JSON", { given: { path: "/files/report.json", headers: auth }, want: { status: 200, body: { file: true } } }],
  ["the first of several examples, followed through its $ref; 201 as the spec says", { given: { method: "POST", path: "/things/abc/notes", headers: jsonBody, body: '{"text":"hi"}' }, want: { status: 201, body: { id: 1, text: "from components" } } }],
  ["204: no body, no Content-Type", { given: { method: "DELETE", path: "/empty", headers: auth }, want: { status: 204, contentType: null, operationId: "deleteEmpty" } }],
  ["Basic with the key as user name and an empty password is accepted", { given: { path: "/things/search?q=x", headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}` } }, want: { status: 200 } }],
  ["no credential", { given: { path: "/things/search?q=x" }, want: { status: 401, body: { refusal: "missing" } } }],
  ["another credential", { given: { path: "/things/search?q=x", headers: { authorization: "Bearer key-999" } }, want: { status: 401, body: { refusal: "invalid" } } }],
  ["the screen runs before the credential check", { given: { path: "/things/search?q=x", headers: { "x-block": "yes" } }, want: { status: 403, body: { refusal: "screen" } } }],
  ["the credential is checked before the route", { given: { path: "/nowhere" }, want: { status: 401 } }],
  ["an unknown path", { given: { path: "/nowhere", headers: auth }, want: { status: 404, body: { refusal: "route" }, operationId: undefined } }],
  ["a known path with a method it does not serve", { given: { method: "PUT", path: "/things/abc", headers: auth }, want: { status: 404, body: { refusal: "route" } } }],
  ["a resource outside `known`", { given: { path: "/things/zzz", headers: auth }, want: { status: 404, body: { refusal: "resource", parameter: "id", value: "zzz" }, operationId: "getThing" } }],
  ["a required query parameter missing", { given: { path: "/things/search", headers: auth }, want: { status: 422, body: { refusal: "invalid", operation: "searchThings", problem: 'query parameter "q" is required' } } }],
  ["a required body missing", { given: { method: "POST", path: "/things/abc/notes", headers: auth }, want: { status: 422, body: { refusal: "invalid", operation: "addNote", problem: "a request body is required" } } }],
  ["a body that is not JSON", { given: { method: "POST", path: "/things/abc/notes", headers: jsonBody, body: "{text" }, want: { status: 422, body: { refusal: "invalid", operation: "addNote", problem: "the body is not valid JSON" } } }],
  ["a body without a required property", { given: { method: "POST", path: "/things/abc/notes", headers: jsonBody, body: '{"note":"hi"}' }, want: { status: 422, body: { refusal: "invalid", operation: "addNote", problem: '"text" wasn\'t supplied' } } }],
  [
    "a body in a media type the operation does not list",
    { given: { method: "POST", path: "/things/abc/notes", headers: { ...auth, "content-type": "application/x-www-form-urlencoded" }, body: "text=hi" }, want: { status: 422, body: { refusal: "invalid", operation: "addNote", problem: 'Content-Type "application/x-www-form-urlencoded" is not one the operation accepts (application/json)' } } },
  ],
];

describe("spec fake: an upstream answered from the spec", () => {
  let fake: SpecFake;
  before(async () => {
    fake = await startSpecFake({ spec: SPEC, operations: ["searchThings", "getThing", "addNote", "getFile", "deleteEmpty"], dialect: DIALECT, known: { id: ["abc", "a/b c"] } });
  });
  after(() => fake.close());

  for (const [name, { given, want }] of CASES) {
    it(name, async () => {
      fake.reset();
      const res = await fetch(`${fake.origin}${given.path}`, { method: given.method ?? "GET", headers: given.headers ?? {}, body: given.body ?? null });
      const text = await res.text();
      assert.equal(res.status, want.status, text);
      if (want.body !== undefined) assert.deepEqual(/json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : text, want.body);
      if (want.contentType !== undefined) assert.equal(res.headers.get("content-type"), want.contentType);
      if (want.status === 204) assert.equal(text, "");
      assert.equal(fake.requests.length, 1);
      const recorded = fake.requests[0]!;
      assert.equal(recorded.method, given.method ?? "GET");
      assert.equal(recorded.url, given.path);
      assert.equal(recorded.status, want.status);
      assert.equal(recorded.body, given.body ?? "");
      if ("operationId" in want) assert.equal(recorded.operationId, want.operationId);
      if (want.params !== undefined) assert.deepEqual(recorded.params, want.params);
    });
  }

  it("records the query as URLSearchParams reads it, repeated names as arrays", async () => {
    fake.reset();
    await fetch(`${fake.origin}/things/search?q=a&q=b&expand%5B0%5D=x`, { headers: auth });
    assert.deepEqual(fake.requests[0]!.query, { q: ["a", "b"], "expand[0]": "x" });
  });

  it("answers the same synthesised value every time", async () => {
    const bodies = await Promise.all([1, 2].map(async () => (await fetch(`${fake.origin}/things/abc`, { headers: auth })).text()));
    assert.equal(bodies[0], bodies[1]);
  });
});

describe("spec fake: set-up", () => {
  it("refuses an operationId the spec does not have, naming it", () => {
    assert.throws(() => compileRoutes(SPEC, ["getThing", "getThingz"]), /no operation with operationId "getThingz"/);
  });

  it("seeds synthesised properties by name, and by component schema and name (which wins)", () => {
    const value = synthesiseValue(SPEC, { $ref: "#/components/schemas/Thing" }, { id: "by-name", "Owner.id": "own_1", name: "Seeded" });
    assert.deepEqual(value, { id: "by-name", kind: "widget", name: "Seeded", count: 3, tags: ["tag_example"], created: 1760529600, owner: { id: "own_1", email: "jenny.rosen@example.com" }, url: "/v1/things" });
  });

  it("stops nesting at depth 4: objects become {}, arrays that would hold them []", () => {
    const nest = (depth: number): JsonObject => (depth === 0 ? { type: "string" } : { type: "object", properties: { child: nest(depth - 1), list: { type: "array", items: nest(depth - 1) } } });
    const value = synthesiseValue(SPEC, nest(6));
    assert.deepEqual(value, { child: { child: { child: { child: {}, list: [] }, list: [] }, list: [{ child: {}, list: [] }] }, list: [{ child: { child: {}, list: [] }, list: [] }] });
  });
});
