import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileStem, toolIdentifiers, valueIdentifier } from "../../../src/emit/tool-identifiers.js";
import { isIdentifierName } from "../../../src/emit/ts-literal.js";

describe("valueIdentifier", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["snake_case", { given: "get_pet_by_id", want: "getPetById" }],
    ["kebab-case", { given: "get-pet", want: "getPet" }],
    ["camelCase kept", { given: "getPetById", want: "getPetById" }],
    ["leading capital lowered", { given: "Get_Pet", want: "getPet" }],
    ["leading digit", { given: "2fa_enable", want: "tool2faEnable" }],
    ["reserved word", { given: "class", want: "classTool" }],
    ["strict-mode name", { given: "arguments", want: "argumentsTool" }],
    ["only separators", { given: "__", want: "tool" }],
    ["leading separators", { given: "_private_thing", want: "privateThing" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(valueIdentifier(given), want));
});

describe("fileStem", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["snake_case", { given: "get_pet", want: "get-pet" }],
    ["camel humps", { given: "getPetById", want: "get-pet-by-id" }],
    ["upper case", { given: "Get_Pet", want: "get-pet" }],
    ["runs of separators", { given: "a__b--c", want: "a-b-c" }],
    ["index is taken", { given: "index", want: "index-tool" }],
    ["Windows device name", { given: "con", want: "con-tool" }],
    ["nothing left", { given: "_", want: "tool" }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(fileStem(given), want));
});

describe("toolIdentifiers", () => {
  it("keeps values, handlers, types and files unique, first come first served", () => {
    const ids = toolIdentifiers(["get-pet", "get_pet", "call_get_pet", "Get_Pet", "invoke_tool", "all_tools", "index"]);
    assert.deepEqual(
      ids.map((i) => [i.value, i.handler, i.argumentsType, i.file]),
      [
        ["getPet", "callGetPet", "GetPetArguments", "get-pet"],
        ["getPet2", "callGetPet2", "GetPet2Arguments", "get-pet-2"],
        ["callGetPet3", "callCallGetPet3", "CallGetPet3Arguments", "call-get-pet"],
        ["getPet4", "callGetPet4", "GetPet4Arguments", "get-pet-3"],
        ["invokeTool2", "callInvokeTool2", "InvokeTool2Arguments", "invoke-tool"],
        ["allTools2", "callAllTools2", "AllTools2Arguments", "all-tools"],
        ["index", "callIndex", "IndexArguments", "index-tool"],
      ],
    );
  });
  it("gives valid identifiers and case-insensitively unique files for any tool names", () => {
    const names = ["a", "A", "a-1", "a_1", "1a", "delete", "new", "x".repeat(64), "y-y", "Y_Y", "yY"];
    const ids = toolIdentifiers(names);
    const values = ids.flatMap((i) => [i.value, i.handler]);
    assert.equal(new Set(values).size, values.length);
    for (const id of ids) for (const n of [id.value, id.handler, id.argumentsType]) assert.ok(isIdentifierName(n), n);
    assert.equal(new Set(ids.map((i) => i.file.toLowerCase())).size, ids.length);
    assert.deepEqual(toolIdentifiers(names), ids, "deterministic");
  });
});
