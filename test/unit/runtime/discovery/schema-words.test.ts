import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { schemaWords } from "../../../../src/runtime/discovery/schema-words.js";

describe("schemaWords", () => {
  const cases: Array<[string, { given: Parameters<typeof schemaWords>[0]; want: string[] }]> = [
    [
      "an argument's enum values (DigitalOcean's droplet action type)",
      { given: { type: "object", properties: { droplet_id: { type: "integer" }, type: { enum: ["reboot", "power_off"] } } }, want: ["reboot", "power_off"] },
    ],
    [
      "nested property names, not the top-level ones (those are arguments)",
      { given: { type: "object", properties: { override: { type: "object", properties: { start: { type: "string" }, end: { type: "string" }, user: { type: "object", properties: { id: {} } } } } } }, want: ["start", "end", "user", "id"] },
    ],
    [
      "through anyOf/oneOf/allOf and array items",
      { given: { type: "object", properties: { rules: { type: "array", items: { oneOf: [{ type: "object", properties: { ports: {} } }, { enum: ["tcp", "udp"] }] } } } }, want: ["ports", "tcp", "udp"] },
    ],
    [
      "not the values of arguments that only order or shape the answer",
      { given: { type: "object", properties: { sort: { enum: ["created", "updated"] }, direction: { enum: ["asc", "desc"] }, state: { enum: ["open", "closed"] } } }, want: ["open", "closed"] },
    ],
    ["nothing below three levels under an argument", { given: { type: "object", properties: { a: { properties: { b: { properties: { c: { properties: { d: { properties: { e: {} } } } } } } } } } }, want: ["b", "c", "d"] }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(schemaWords(given), want));

  it("keeps at most 120 words, each once", () => {
    const properties = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, { enum: [`v${i}`, "same"] }]));
    const words = schemaWords({ type: "object", properties });
    assert.equal(words.length, 120);
    assert.equal(new Set(words).size, words.length);
    assert.equal(words.filter((word) => word === "same").length, 1);
  });
});
