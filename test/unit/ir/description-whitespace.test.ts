/**
 * Description cleaning collapses whitespace with expressions that match only runs that change
 * (a start-up cost, issue 11); on any mix of spaces, tabs, newlines and words the result must be
 * what the plain rules give: runs of spaces and tabs → one space, spaces around a newline
 * dropped; then (the surface's line structure) a line wrapped inside a paragraph joined to the next,
 * blank lines made single line breaks, trimmed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanMarkdown } from "../../../src/ir/description.js";

/** The plain rules, as written before the faster expressions. */
function plainRules(text: string): string {
  const collapsed = text.replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n");
  return collapsed.replace(/([^\n])\n(?![\n*+|#-]|\d+[.)] |$)/g, "$1 ").replace(/\n{2,}/g, "\n").trim();
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("description whitespace", () => {
  it("equals the plain rules on 5,000 generated mixes of spaces, tabs, newlines and words", () => {
    const next = random(11);
    const pieces = [" ", "  ", "\t", " \t ", "\t ", "\n", "\n\n", " \n", "\n ", "\n\n\n", "word", "a", "b.", "c"];
    for (let i = 0; i < 5_000; i++) {
      const length = 1 + Math.floor(next() * 12);
      let text = "";
      for (let j = 0; j < length; j++) text += pieces[Math.floor(next() * pieces.length)];
      // A newline or tab sends the text through the cleaning passes (plain text takes a shorter path).
      if (!/[\n\t]/.test(text)) text += "\n";
      assert.equal(cleanMarkdown(text), plainRules(text), `case ${i}: ${JSON.stringify(text)}`);
    }
  });
});
