import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Project, SyntaxKind, type Node } from "ts-morph";
import { literalKey, RawCode, tsString, writeLiteral } from "../../../src/emit/ts-literal.js";
import { createTsWriter } from "../../../src/emit/ts-project.js";

const HOSTILE = ["", "plain", "a\"b", "c'd", "`e`", "*/", "${f}", "g\\h", "end\\", "\\\\", "\\\"", "line\nbreak", "\r\t\u0000", "\u2028\u2029", "é中文🚀", "\ud800", "</script>"];

function literalText(value: unknown): string {
  const w = createTsWriter();
  writeLiteral(w, value);
  return w.toString();
}

/** Evaluates an expression the way a module would, without eval of anything but the literal. */
function evaluate(text: string): unknown {
  return new Function(`"use strict"; return (${text});`)();
}

describe("tsString", () => {
  for (const value of HOSTILE) {
    it(`round-trips ${JSON.stringify(value)}`, () => {
      const literal = tsString(value);
      assert.equal(evaluate(literal), value);
      assert.equal(JSON.parse(literal), value, "still valid JSON");
      assert.doesNotMatch(literal, /[\n\r\u2028\u2029]/, "one line");
      assert.doesNotMatch(literal, /\\\\"$/, "no final escaped backslash before the closing quote");
    });
  }
});

describe("literalKey", () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ["identifier", { given: "name", want: "name" }],
    ["reserved word is a fine key", { given: "in", want: "in" }],
    ["dash", { given: "a-b", want: '"a-b"' }],
    ["digit first", { given: "1a", want: '"1a"' }],
    ["__proto__ is computed", { given: "__proto__", want: '["__proto__"]' }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.equal(literalKey(given), want));
});

describe("writeLiteral", () => {
  it("round-trips hostile data exactly, __proto__ included", () => {
    const data = {
      strings: HOSTILE,
      keys: Object.fromEntries(HOSTILE.map((s, i) => [s, i])),
      nested: { a: [1, -2.5, 0, 1e21, true, false, null], b: {}, c: [], d: [{ e: "f" }] },
      ["__proto__"]: { polluted: true },
    };
    Object.defineProperty(data, "__proto__", { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    const value = evaluate(literalText(data)) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ["strings", "keys", "nested", "__proto__"]);
    assert.deepEqual(JSON.parse(JSON.stringify(value)), JSON.parse(JSON.stringify(data)));
  });
  it("is only literals: no identifiers, calls or templates, whatever the text", () => {
    const text = literalText({ a: HOSTILE, [HOSTILE[5]!]: { "${x}": "`${y}`" } });
    const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("a.ts", `export const x = ${text};`);
    const allowed = new Set([
      SyntaxKind.ObjectLiteralExpression, SyntaxKind.ArrayLiteralExpression, SyntaxKind.PropertyAssignment,
      SyntaxKind.StringLiteral, SyntaxKind.NumericLiteral, SyntaxKind.ComputedPropertyName, SyntaxKind.SyntaxList,
    ]);
    const initializer = file.getVariableDeclarationOrThrow("x").getInitializerOrThrow();
    initializer.forEachDescendant((node: Node) => {
      if (node.getKind() === SyntaxKind.Identifier && node.getParent()?.getKind() === SyntaxKind.PropertyAssignment && node.getParent()?.getChildAtIndex(0) === node) return;
      assert.ok(allowed.has(node.getKind()), `unexpected ${node.getKindName()}: ${node.getText()}`);
    });
  });
  it("lays out like Prettier: short primitive arrays inline, trailing commas", () => {
    assert.equal(literalText({ a: ["x", "y"], b: { c: 1 }, d: [] }), '{\n  a: ["x", "y"],\n  b: {\n    c: 1,\n  },\n  d: [],\n}');
    assert.equal(literalText(["x".repeat(80)]), `[\n  "${"x".repeat(80)}",\n]`);
  });
  it("indents correctly after a string ending in a backslash", () => {
    assert.equal(literalText({ a: ["end\\", "`"], b: { c: 1 } }), '{\n  a: ["end\\u005c", "`"],\n  b: {\n    c: 1,\n  },\n}');
  });
  it("writes raw code only when asked", () => {
    assert.equal(literalText([new RawCode("allTools")]), "[\n  allTools,\n]");
  });
  it("refuses what JSON cannot carry", () => {
    assert.throws(() => literalText({ a: Number.NaN }), /cannot write NaN/);
    assert.throws(() => literalText({ a: () => 1 }), /cannot write a function/);
    assert.throws(() => literalText(new Map()), /cannot write a object/);
  });
  it("leaves out undefined properties, as JSON does", () => {
    assert.equal(literalText({ a: undefined, b: 1 }), "{\n  b: 1,\n}");
  });
});
