import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyArgumentEdits } from "../../../src/curate/apply-arguments.js";
import type { ArgumentEdit } from "../../../src/curate/curation-schema.js";
import type { ArgumentBinding, JsonSchema, ToolDefinition } from "../../../src/runtime/core/tool-definition.js";
import { makeOperation } from "../../helpers/make-ir.js";

/** GET /pet/{petId} with optional `status` (paging too) and `api_key` header. */
function tool(): ToolDefinition {
  return makeOperation({
    path: "/pet/{petId}",
    operationId: "getPetById",
    args: ["status", { name: "api_key", in: "header" }],
    pagingArguments: ["status"],
  }).tool;
}

interface Want {
  properties: Record<string, JsonSchema>;
  required?: string[];
  bindings: Record<string, Partial<ArgumentBinding>>;
  pagingArguments?: string[];
}

function view(t: ToolDefinition): Want {
  const want: Want = {
    properties: t.inputSchema.properties as Record<string, JsonSchema>,
    bindings: Object.fromEntries(
      t.http.arguments.map(({ argument, fixedValue, defaultValue, hidden }) => [
        argument,
        JSON.parse(JSON.stringify({ fixedValue, defaultValue, hidden })) as Partial<ArgumentBinding>,
      ]),
    ),
    pagingArguments: t.pagingArguments,
  };
  if (t.inputSchema.required !== undefined) want.required = t.inputSchema.required as string[];
  return want;
}

const petId = { type: "string", description: "The petId." };
const status = { type: "string", description: "The status." };
const apiKey = { type: "string", description: "The api_key." };

describe("applyArgumentEdits", () => {
  const cases: Array<[string, { given: Record<string, ArgumentEdit>; want: Want }]> = [
    [
      "description replaces the property's description",
      {
        given: { petId: { description: "ID of the pet to return" } },
        want: {
          properties: { petId: { type: "string", description: "ID of the pet to return" }, status, api_key: apiKey },
          required: ["petId"],
          bindings: { petId: {}, status: {}, api_key: {} },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "default sets the schema default and defaultValue",
      {
        given: { status: { default: "available" } },
        want: {
          properties: { petId, status: { ...status, default: "available" }, api_key: apiKey },
          required: ["petId"],
          bindings: { petId: {}, status: { defaultValue: "available" }, api_key: {} },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "value fixes and hides the argument (required one too)",
      {
        given: { api_key: { value: "abc" }, petId: { value: 7 } },
        want: {
          properties: { status },
          bindings: { petId: { fixedValue: 7, hidden: true }, status: {}, api_key: { fixedValue: "abc", hidden: true } },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "value with hidden: true is the same",
      {
        given: { api_key: { value: "abc", hidden: true } },
        want: {
          properties: { petId, status },
          required: ["petId"],
          bindings: { petId: {}, status: {}, api_key: { fixedValue: "abc", hidden: true } },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "value with hidden: false stays visible as a const, not required",
      {
        given: { petId: { value: 7, hidden: false } },
        want: {
          properties: { petId: { ...petId, const: 7 }, status, api_key: apiKey },
          bindings: { petId: { fixedValue: 7 }, status: {}, api_key: {} },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "null is a fixed value",
      {
        given: { api_key: { value: null } },
        want: {
          properties: { petId, status },
          required: ["petId"],
          bindings: { petId: {}, status: {}, api_key: { fixedValue: null, hidden: true } },
          pagingArguments: ["status"],
        },
      },
    ],
    [
      "hidden optional argument without value is removed, and from paging too",
      {
        given: { status: { hidden: true } },
        want: {
          properties: { petId, api_key: apiKey },
          required: ["petId"],
          bindings: { petId: {}, status: { hidden: true }, api_key: {} },
          pagingArguments: [],
        },
      },
    ],
    [
      "hidden: false alone changes nothing",
      {
        given: { status: { hidden: false } },
        want: {
          properties: { petId, status, api_key: apiKey },
          required: ["petId"],
          bindings: { petId: {}, status: {}, api_key: {} },
          pagingArguments: ["status"],
        },
      },
    ],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      const t = tool();
      const report = applyArgumentEdits(t, given, ["tools", 0, "arguments"]);
      assert.deepEqual(report, { problems: [], warnings: [] });
      assert.deepEqual(view(t), want);
    });
  }

  it("ignores default next to value, with a warning", () => {
    const t = tool();
    const report = applyArgumentEdits(t, { status: { value: "sold", default: "available" } }, ["tools", 3, "arguments"]);
    assert.deepEqual(report.warnings, ['tools[3].arguments.status: "default" is ignored because "value" is set']);
    assert.equal(t.http.arguments[1]!.defaultValue, undefined);
    assert.equal(t.http.arguments[1]!.fixedValue, "sold");
  });

  it("treats an argument required only by the input schema as required", () => {
    const t = tool();
    t.inputSchema.required = ["petId", "status"];
    const report = applyArgumentEdits(t, { status: { hidden: true } }, ["tools", 0, "arguments"]);
    assert.equal(report.problems[0]?.message, "a hidden required argument needs a value");
  });

  it("does not leak an edit into another property sharing the same schema object", () => {
    const t = tool();
    const shared = { type: "string" };
    const properties = t.inputSchema.properties as Record<string, JsonSchema>;
    properties.petId = shared;
    properties.status = shared;
    applyArgumentEdits(t, { petId: { description: "ID", default: "1" } }, ["tools", 0, "arguments"]);
    const after = t.inputSchema.properties as Record<string, JsonSchema>;
    assert.deepEqual(after.petId, { type: "string", description: "ID", default: "1" });
    assert.deepEqual(after.status, { type: "string" });
    assert.deepEqual(shared, { type: "string" });
  });

  it("lists the arguments when no name is close", () => {
    const report = applyArgumentEdits(tool(), { limit: { default: 5 } }, ["tools", 0, "arguments"]);
    assert.deepEqual(report.problems, [
      {
        path: ["tools", 0, "arguments", "limit"],
        message: 'tool "getPetById" has no argument "limit"',
        hint: "its arguments are: petId, status, api_key",
      },
    ]);
  });
});
