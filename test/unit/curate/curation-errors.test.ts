/**
 * Every curation problem, end to end from YAML text: message, path, line and hint.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyCuration } from "../../../src/curate/apply-curation.js";
import { CurationError, type CurationProblem } from "../../../src/errors.js";
import { parseCuration } from "../../../src/load/load-curation.js";
import { makePetstoreIr } from "../../helpers/make-ir.js";

/** Parses and applies `yaml`; returns the problems of the CurationError it must throw. */
function problemsOf(yaml: string[]): CurationProblem[] {
  try {
    const { curation, lines } = parseCuration(yaml.join("\n"), "curation.yaml");
    applyCuration(makePetstoreIr(), curation, { file: "curation.yaml" }, lines);
  } catch (error) {
    assert.ok(error instanceof CurationError, String(error));
    assert.equal(error.location?.file, "curation.yaml");
    return error.problems;
  }
  assert.fail("expected a CurationError");
}

describe("curation problems", () => {
  const cases: Array<[string, { yaml: string[]; want: CurationProblem[] }]> = [
    [
      "unknown operation, with a suggestion",
      {
        yaml: ["server: { name: petstore }", "tools:", "  - operation: getPetByID"],
        want: [{ message: 'unknown operation "getPetByID"', path: "tools[0].operation", line: 3, hint: 'did you mean "getPetById"?' }],
      },
    ],
    [
      "unknown METHOD /path, with a suggestion",
      {
        yaml: ["include:", "  operations:", "    - addPet", "    - GET /pet/{id}"],
        want: [{ message: 'unknown operation "GET /pet/{id}"', path: "include.operations[1]", line: 4, hint: 'did you mean "GET /pet/{petId}"?' }],
      },
    ],
    [
      "unknown operation, nothing close",
      {
        yaml: ["exclude:", "  operations: [listInvoices]"],
        want: [
          {
            message: 'unknown operation "listInvoices"',
            path: "exclude.operations[0]",
            line: 2,
            hint: 'refer to an operationId or to "METHOD /path" with the path as written in the spec',
          },
        ],
      },
    ],
    [
      "unknown argument, with a suggestion",
      {
        yaml: ["tools:", "  - operation: getPetById", "    arguments:", "      petid:", "        description: The pet"],
        want: [{ message: 'tool "getPetById" has no argument "petid"', path: "tools[0].arguments.petid", line: 4, hint: 'did you mean "petId"?' }],
      },
    ],
    [
      "duplicate tool name, naming both operations",
      {
        yaml: ["tools:", "  - operation: getPetById", "    name: pet", "  - operation: deletePet", "    name: pet"],
        want: [
          {
            message: 'tool name "pet" is used by both "getPetById" and "deletePet"',
            path: "tools[1].name",
            line: 5,
            hint: "give one of them another name with tools[].name",
          },
        ],
      },
    ],
    [
      "rename onto another selected tool's name",
      {
        yaml: ["include: { tags: [store] }", "tools:", "  - operation: placeOrder", "    name: getInventory"],
        want: [
          {
            message: 'tool name "getInventory" is used by both "getInventory" and "placeOrder"',
            path: "tools[0].name",
            line: 4,
            hint: "give one of them another name with tools[].name",
          },
        ],
      },
    ],
    [
      "invalid tool name",
      {
        yaml: ["tools:", "  - operation: getPetById", '    name: "get pet"'],
        want: [{ message: 'must be 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-"', path: "tools[0].name", line: 3 }],
      },
    ],
    [
      "tool name longer than 64",
      {
        yaml: ["tools:", "  - operation: getPetById", `    name: ${"a".repeat(65)}`],
        want: [{ message: 'must be 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-"', path: "tools[0].name", line: 3 }],
      },
    ],
    [
      "hidden required argument without a value",
      {
        yaml: ["tools:", "  - operation: getPetById", "    arguments:", "      petId:", "        hidden: true"],
        want: [
          {
            message: "a hidden required argument needs a value",
            path: "tools[0].arguments.petId.hidden",
            line: 5,
            hint: 'set "value" (sent on every call) or drop "hidden"',
          },
        ],
      },
    ],
    [
      "excluded but selected by tools",
      {
        yaml: ["exclude:", "  operations: [getInventory, deletePet]", "tools:", "  - operation: DELETE /pet/{petId}"],
        want: [
          {
            message: 'operation "deletePet" is excluded here but selected by tools[0].operation',
            path: "exclude.operations[1]",
            line: 2,
            hint: "remove it from one of the two",
          },
        ],
      },
    ],
    [
      "excluded but selected by include.operations",
      {
        yaml: ["include:", "  operations:", "    - addPet", "exclude:", "  operations:", "    - addPet"],
        want: [
          {
            message: 'operation "addPet" is excluded here but selected by include.operations[0]',
            path: "exclude.operations[0]",
            line: 6,
            hint: "remove it from one of the two",
          },
        ],
      },
    ],
    [
      "the same operation twice in tools",
      {
        yaml: ["tools:", "  - operation: getPetById", "  - operation: addPet", "  - operation: get /pet/{petId}"],
        want: [
          {
            message: 'operation "getPetById" already has a tools entry at tools[0]',
            path: "tools[2].operation",
            line: 4,
            hint: "merge the two entries into one",
          },
        ],
      },
    ],
    [
      "unknown key, with a suggestion",
      {
        yaml: ["tools:", "  - operation: getPetById", "    timeout: 5000"],
        want: [{ message: 'unknown key "timeout"', path: "tools[0].timeout", line: 3, hint: 'did you mean "timeoutMs"?' }],
      },
    ],
    [
      "unknown key inside arguments, nothing close",
      {
        yaml: ["tools:", "  - operation: getPetById", "    arguments:", "      petId: { example: 3 }"],
        want: [{ message: 'unknown key "example"', path: "tools[0].arguments.petId.example", line: 4, hint: "allowed keys: description, default, value, hidden" }],
      },
    ],
    [
      "unknown top-level key",
      {
        yaml: ["server:", "  name: petstore", "tool:", "  - operation: getPetById"],
        want: [{ message: 'unknown key "tool"', path: "tool", line: 3, hint: 'did you mean "tools"?' }],
      },
    ],
    [
      "policy number given as text",
      {
        yaml: ["defaults:", "  retries: 1", '  timeoutMs: "10s"'],
        want: [{ message: 'expected a number, got the text "10s"', path: "defaults.timeoutMs", line: 3 }],
      },
    ],
    [
      "policy number out of range",
      {
        yaml: ["tools:", "  - operation: getPetById", "    retries: 11", "    maxResponseTokens: 50", "    timeoutMs: 0"],
        want: [
          { message: "must be at most 10", path: "tools[0].retries", line: 3 },
          { message: "must be at least 100", path: "tools[0].maxResponseTokens", line: 4 },
          { message: "must be greater than 0", path: "tools[0].timeoutMs", line: 5 },
        ],
      },
    ],
    [
      "policy number not whole",
      {
        yaml: ["defaults: { timeoutMs: 1500.5 }"],
        want: [{ message: "expected a whole number, got the number 1500.5", path: "defaults.timeoutMs", line: 1 }],
      },
    ],
    [
      "version read as a number",
      {
        yaml: ["server:", "  version: 1.0"],
        want: [{ message: "expected text, got the number 1", path: "server.version", line: 2, hint: "put it in quotes so it is read as text" }],
      },
    ],
    [
      "missing operation in a tools entry",
      {
        yaml: ["tools:", "  - name: get_pet"],
        want: [{ message: "is required", path: "tools[0].operation", line: 2 }],
      },
    ],
    [
      "bad method and bad baseUrl",
      {
        yaml: ["baseUrl: petstore.example.com", "include:", "  methods: [FETCH]"],
        want: [
          { message: "must be an absolute URL, e.g. https://api.example.com/v1", path: "baseUrl", line: 1 },
          {
            message: "must be an HTTP method: GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE or QUERY",
            path: "include.methods[0]",
            line: 3,
          },
        ],
      },
    ],
    [
      "a list where a mapping is expected",
      {
        yaml: ["- operation: getPetById"],
        want: [{ message: "expected a mapping of keys to values, got a list", path: "(root)", line: 1 }],
      },
    ],
    [
      "YAML syntax error",
      {
        yaml: ["tools:", "  - operation: getPetById", "    name: [get_pet", "  - operation: addPet"],
        want: [{ message: "YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]", path: "(syntax)", line: 4 }],
      },
    ],
    [
      "YAML duplicate key",
      {
        yaml: ["tools:", "  - operation: getPetById", "    name: a", "    name: b"],
        want: [{ message: "YAML syntax error: Map keys must be unique", path: "(syntax)", line: 4 }],
      },
    ],
  ];
  for (const [name, { yaml, want }] of cases) {
    it(name, () => assert.deepEqual(problemsOf(yaml), want));
  }

  it("reports every problem at once, in file order", () => {
    const problems = problemsOf([
      "exclude:", //                              1
      "  operations: [addPet]", //                2
      "tools:", //                                3
      "  - operation: addPet", //                 4
      "    arguments:", //                        5
      "      nam: { value: x }", //               6
      "  - operation: getPetByld", //             7
      "  - operation: getPetById", //             8
      "    arguments: { petId: { hidden: true } }", // 9
    ]);
    assert.deepEqual(
      problems.map((p) => [p.line, p.path]),
      [
        [2, "exclude.operations[0]"],
        [6, "tools[0].arguments.nam"],
        [7, "tools[1].operation"],
        [9, "tools[2].arguments.petId.hidden"],
      ],
    );
  });

  it("formats as one line per problem", () => {
    try {
      const { curation, lines } = parseCuration("tools:\n  - operation: getPetByID\n", "c.yaml");
      applyCuration(makePetstoreIr(), curation, { file: "c.yaml" }, lines);
      assert.fail("expected a CurationError");
    } catch (error) {
      assert.ok(error instanceof CurationError);
      assert.equal(
        error.format(),
        'c.yaml: 1 problem in curation file\n  c.yaml:2 tools[0].operation: unknown operation "getPetByID" — did you mean "getPetById"?',
      );
    }
  });

  it("without a line lookup, problems have no line", () => {
    assert.throws(
      () => applyCuration(makePetstoreIr(), { tools: [{ operation: "nope" }] }),
      (error: unknown) =>
        error instanceof CurationError &&
        error.location?.file === "curation" &&
        error.problems.length === 1 &&
        error.problems[0]!.line === undefined &&
        error.problems[0]!.path === "tools[0].operation",
    );
  });
});
