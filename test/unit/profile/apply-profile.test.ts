/**
 * One test per profile rule (src/profile/client-profiles.ts cites the vendor page of each). Each
 * result is also held to that vendor's checker (test/profiles/checkers/), written separately from
 * the same pages, so a rule the profile forgets to apply fails here twice.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyClientProfile } from "../../../src/profile/apply-profile.js";
import type { ClientName, JsonSchema, ServerDefinition, ToolDefinition } from "../../../src/runtime/core/tool-definition.js";
import { toMcpTool } from "../../../src/runtime/mcp/mcp-tool.js";
import { checkListedTool } from "../../profiles/checkers/check-listed.js";

function tool(name: string, inputSchema: JsonSchema, description = "Does a thing."): ToolDefinition {
  return {
    name,
    description,
    inputSchema,
    annotations: {},
    http: { method: "POST", path: "/x", arguments: [] },
    security: [],
    policy: { timeoutMs: 30_000, retries: 2, maxResponseTokens: 5000 },
    pagingArguments: [],
  };
}

function server(tools: ToolDefinition[], name = "api"): ServerDefinition {
  return { name, version: "1", securitySchemes: {}, tools };
}

/** Profiles one tool; asserts the vendor's checker accepts it; returns the listed tool and the definition. */
function profiled(client: ClientName, schema: JsonSchema, name = "do_thing", serverName = "api") {
  const { server: out, report } = applyClientProfile(server([tool(name, schema)], serverName), client);
  const definition = out.tools[0]!;
  const listed = toMcpTool(definition);
  assert.deepEqual(checkListedTool(client, listed, out.name), [], `${client} checker accepts ${JSON.stringify(listed.inputSchema)}`);
  return { listed, definition, report, schema: listed.inputSchema as JsonSchema & { properties: Record<string, JsonSchema> } };
}

const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({ type: "object", properties, ...(required.length ? { required } : {}) });

describe("OpenAI strict profile", () => {
  it("makes every property required, the optional ones nullable, and every object closed", () => {
    const { schema, definition } = profiled("openai", object({ a: { type: "string" }, b: object({ c: { type: "integer" } }) }, ["a"]));
    assert.deepEqual(schema.required, ["a", "b"]);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.a!.type, "string");
    assert.deepEqual(schema.properties.b!.type, ["object", "null"]);
    assert.deepEqual((schema.properties.b!.properties as Record<string, JsonSchema>).c!.type, ["integer", "null"]);
    assert.equal(schema.properties.b!.additionalProperties, false);
    assert.deepEqual(definition.profile?.undo, ["nullMeansAbsent"]);
    assert.deepEqual(definition.inputSchema, object({ a: { type: "string" }, b: object({ c: { type: "integer" } }) }, ["a"]), "the full schema stays for validation");
  });

  it("moves unsupported keywords (minLength, uniqueItems) into a Constraints line, and keeps the supported ones", () => {
    const { schema, listed } = profiled("openai", object({ s: { type: "string", minLength: 2, maxLength: 5, pattern: "^a" }, n: { type: "integer", minimum: 1 }, l: { type: "array", items: { type: "string" }, uniqueItems: true, maxItems: 3 } }));
    assert.equal(schema.properties.s!.pattern, "^a");
    assert.equal(schema.properties.n!.minimum, 1);
    assert.equal(schema.properties.l!.maxItems, 3);
    assert.equal(schema.properties.s!.minLength, undefined);
    assert.match(listed.description, /Constraints \(the server checks them\): s: at least 2 characters; s: at most 5 characters; l: no duplicate items\./);
  });

  it("keeps only the documented string formats", () => {
    const { schema, listed } = profiled("openai", object({ when: { type: "string", format: "date-time" }, url: { type: "string", format: "uri" } }));
    assert.equal(schema.properties.when!.format, "date-time");
    assert.equal(schema.properties.url!.format, undefined);
    assert.match(listed.description, /url: format uri/);
  });

  it("passes an object without declared properties as JSON text, which the runtime parses back", () => {
    const { schema, definition } = profiled("openai", object({ meta: { type: "object", additionalProperties: { type: "string" } } }));
    assert.deepEqual(schema.properties.meta!.type, ["string", "null"]);
    assert.match(String(schema.properties.meta!.description), /JSON object written as JSON text/);
    assert.deepEqual(definition.profile?.undo, ["jsonStrings", "nullMeansAbsent"]);
  });

  it("turns oneOf into anyOf and merges allOf", () => {
    const { schema } = profiled("openai", object({ v: { oneOf: [{ type: "string" }, { type: "integer" }] }, w: { allOf: [object({ x: { type: "string" } }), object({ y: { type: "string" } })] } }, ["v", "w"]));
    assert.deepEqual(schema.properties.v!.anyOf, [{ type: "string" }, { type: "integer" }]);
    assert.deepEqual(Object.keys(schema.properties.w!.properties as object), ["x", "y"]);
  });

  it("moves keywords beside a union into each branch (oneOf of required sets on an object)", () => {
    const file = { type: "object", properties: { ids: { type: "array", items: { type: "string" } }, stores: { type: "array", items: { type: "string" } } }, oneOf: [{ required: ["ids"] }, { required: ["stores"] }] };
    const { schema } = profiled("openai", object({ file }));
    const branches = schema.properties.file!.anyOf as JsonSchema[];
    assert.equal(branches.length, 3, "two shapes and null");
    assert.deepEqual(branches[0]!.required, ["ids", "stores"]);
    assert.equal(branches[0]!.additionalProperties, false);
  });

  it("passes objects nested deeper than 10 levels as JSON text", () => {
    let deep: JsonSchema = object({ leaf: { type: "string" } });
    for (let i = 0; i < 12; i++) deep = object({ next: deep });
    const { listed } = profiled("openai", deep);
    assert.match(JSON.stringify(listed.inputSchema), /levels of nested objects/);
  });

  it("keeps a schema with over 5,000 properties within the limit by passing its heaviest arguments as JSON text", () => {
    const wide = (n: number): JsonSchema => object(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "string" }])));
    const { report, schema } = profiled("openai", object({ a: wide(3000), b: wide(3000), c: { type: "string" } }));
    assert.deepEqual(report.overLimit, []);
    assert.equal(schema.properties.c!.type !== undefined, true);
  });

  it("fits tool names to [A-Za-z0-9_-]{1,64}, unique", () => {
    const long = `x${"a".repeat(100)}`;
    const { server: out } = applyClientProfile(server([tool(long, object({})), tool(`${long}b`, object({})), tool("ok.name", object({}))]), "openai");
    for (const t of out.tools) assert.match(t.name, /^[A-Za-z0-9_-]{1,64}$/);
    assert.equal(new Set(out.tools.map((t) => t.name)).size, 3);
  });

  it("warns past 128 tools", () => {
    const many = Array.from({ length: 129 }, (_, i) => tool(`t${i}`, object({})));
    const { report } = applyClientProfile(server(many), "openai");
    assert.match(report.warnings.join("\n"), /129 tools for --client openai: OpenAI accepts at most 128/);
    assert.equal(applyClientProfile(server(many.slice(0, 128)), "openai").report.warnings.length, 0);
  });

  it("moves title, default and examples into the argument's own description", () => {
    const { schema } = profiled("openai", object({ n: { type: "integer", description: "How many", default: 10, examples: [3] } }));
    assert.equal(schema.properties.n!.description, "How many. Default: 10. Example: 3.");
  });
});

describe("Gemini profile", () => {
  it("fits function names: a letter or _ first, [A-Za-z0-9_.-], at most 63", () => {
    const { server: out } = applyClientProfile(server([tool("1st-thing", object({})), tool(`a${"b".repeat(80)}`, object({}))]), "gemini");
    for (const t of out.tools) assert.match(t.name, /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/);
  });

  it("renames property names outside [A-Za-z0-9_], noting the API's name", () => {
    const { schema, definition } = profiled("gemini", object({ "xero-tenant-id": { type: "string" }, "filter[status]": { type: "string" } }, ["xero-tenant-id"]));
    assert.deepEqual(Object.keys(schema.properties), ["xero_tenant_id", "filter_status_"]);
    assert.deepEqual(schema.required, ["xero_tenant_id"]);
    assert.match(String(schema.properties.xero_tenant_id!.description), /the API's "xero-tenant-id"/);
    assert.deepEqual(definition.profile?.undo, ["renamedKeys"]);
  });

  it("writes 'or null' as nullable: true on one type", () => {
    const { schema } = profiled("gemini", object({ a: { type: ["string", "null"] }, b: { anyOf: [{ type: "integer" }, { type: "null" }] } }));
    assert.deepEqual(schema.properties.a, { type: "string", nullable: true });
    assert.deepEqual(schema.properties.b, { type: "integer", nullable: true });
  });

  it("keeps enum on strings only; other enums move into the Constraints line", () => {
    const { schema, listed } = profiled("gemini", object({ s: { type: "string", enum: ["a", "b"] }, n: { type: "integer", enum: [1, 2] } }));
    assert.deepEqual(schema.properties.s!.enum, ["a", "b"]);
    assert.equal(schema.properties.n!.enum, undefined);
    assert.match(listed.description, /n: one of 1, 2/);
  });

  it("drops additionalProperties (noted) and passes free-form objects as JSON text", () => {
    const { schema, listed } = profiled("gemini", object({ o: { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "integer" } }, m: { type: "object" } }));
    assert.equal(schema.properties.o!.additionalProperties, undefined);
    assert.match(listed.description, /o: may also hold other keys \(\{"type":"integer"\}\)/);
    assert.equal(schema.properties.m!.type, "string");
  });

  it("writes const as a one-value string enum", () => {
    const { schema } = profiled("gemini", object({ k: { const: "fixed" } }));
    assert.deepEqual(schema.properties.k, { type: "string", enum: ["fixed"] });
  });

  it("keeps only the documented formats per type", () => {
    const { schema, listed } = profiled("gemini", object({ d: { type: "string", format: "date-time" }, u: { type: "string", format: "uuid" }, i: { type: "integer", format: "int64" } }));
    assert.equal(schema.properties.d!.format, "date-time");
    assert.equal(schema.properties.i!.format, "int64");
    assert.equal(schema.properties.u!.format, undefined);
    assert.match(listed.description, /u: format uuid/);
  });

  it("passes an array without items as JSON text", () => {
    const { schema } = profiled("gemini", object({ l: { type: "array" } }));
    assert.equal(schema.properties.l!.type, "string");
  });

  it("turns oneOf into anyOf and moves unsupported keywords (exclusiveMinimum, multipleOf)", () => {
    const { schema, listed } = profiled("gemini", object({ v: { oneOf: [{ type: "string" }, { type: "integer", exclusiveMinimum: 0, multipleOf: 2 }] } }));
    assert.deepEqual(schema.properties.v!.anyOf, [{ type: "string" }, { type: "integer" }]);
    assert.match(listed.description, /v: > 0; v: a multiple of 2/);
  });
});

describe("Anthropic profile", () => {
  it("fits names to ^[a-zA-Z0-9_-]{1,64}$", () => {
    const { server: out } = applyClientProfile(server([tool(`n${"x".repeat(99)}`, object({}))]), "anthropic");
    assert.match(out.tools[0]!.name, /^[a-zA-Z0-9_-]{1,64}$/);
  });

  it("merges a union at the top of input_schema into one object (the API refuses it there)", () => {
    const { schema, listed } = profiled("anthropic", { type: "object", oneOf: [object({ a: { type: "string" } }, ["a"]), object({ b: { type: "string" } }, ["b"])] });
    assert.deepEqual(Object.keys(schema.properties), ["a", "b"]);
    assert.match(listed.description, /one of these shapes: \{a\*\} \| \{b\*\}/);
  });

  it("leaves any other JSON Schema as it is", () => {
    const input = object({ a: { type: ["string", "null"], minLength: 1 }, m: { type: "object", additionalProperties: { type: "integer" } }, u: { oneOf: [{ type: "string" }, { type: "integer" }] } }, ["a"]);
    const { definition, report } = profiled("anthropic", input);
    assert.equal(definition.profile, undefined);
    assert.equal(report.transformed, 0);
  });
});

describe("Cursor profile", () => {
  it("fits server name + tool name into 60 characters, cutting a long server name to 30 with a warning", () => {
    const { server: out, report } = applyClientProfile(server([tool(`get_${"x".repeat(60)}`, object({}))], "a-very-long-server-name-from-a-spec-title"), "cursor");
    assert.equal(out.name.length <= 30, true);
    assert.equal(out.name.length + out.tools[0]!.name.length <= 60, true);
    assert.match(report.warnings.join("\n"), /cut to/);
  });

  it("merges a union of objects into one shape, noting the shapes", () => {
    const { schema, listed } = profiled("cursor", object({ v: { anyOf: [object({ a: { type: "string" } }, ["a"]), object({ b: { type: "string" } }, ["a"])] } }));
    assert.equal(schema.properties.v!.anyOf, undefined);
    assert.deepEqual(Object.keys(schema.properties.v!.properties as object), ["a", "b"]);
    assert.match(listed.description, /v: one of these shapes/);
  });

  it("lists a union with a string branch as that string, noting the other types", () => {
    const { schema, listed } = profiled("cursor", object({ v: { anyOf: [{ type: "string" }, { type: "integer" }] } }));
    assert.equal(schema.properties.v!.type, "string");
    assert.match(listed.description, /v: may also be an integer, which this client cannot send/);
  });

  it("passes any other union as JSON text", () => {
    const { schema, definition } = profiled("cursor", object({ v: { anyOf: [{ type: "integer" }, { type: "array", items: { type: "integer" } }] } }));
    assert.equal(schema.properties.v!.type, "string");
    assert.deepEqual(definition.profile?.undo, ["jsonStrings"]);
  });

  it("warns past 40 tools", () => {
    const many = Array.from({ length: 41 }, (_, i) => tool(`t${i}`, object({})));
    assert.match(applyClientProfile(server(many), "cursor").report.warnings.join("\n"), /41 tools for --client cursor/);
  });
});

describe("profiles read a leaned schema as the full one (src/ir/lean-schema.ts)", () => {
  // What the plain listing leaves out where enum or const says it: GitHub's sort and per_page-like
  // enums, a const tag, and Stripe's `metadata` union with its empty-string branch.
  const full = object({
    sort: { type: "string", enum: ["created", "updated"] },
    days: { type: "integer", enum: [1, 7, 30] },
    kind: { type: "string", const: "creation" },
    state: { type: ["string", "null"], enum: ["open", null] },
    metadata: { anyOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "string", enum: [""] }] },
  });
  const lean = object({
    sort: { enum: ["created", "updated"] },
    days: { enum: [1, 7, 30] },
    kind: { const: "creation" },
    state: { enum: ["open", null] },
    metadata: { anyOf: [{ type: "object", properties: { a: { type: "string" } } }, { enum: [""] }] },
  });
  for (const client of ["openai", "gemini", "cursor"] as const) {
    it(`${client}: the same listed schema and description`, () => {
      const [a, b] = [profiled(client, full), profiled(client, lean)];
      assert.deepEqual(b.schema, a.schema);
      assert.equal(b.listed.description, a.listed.description);
    });
  }
});
