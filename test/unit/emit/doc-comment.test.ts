import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Project } from "ts-morph";
import { docCommentLines, lineCommentText, writeDocComment } from "../../../src/emit/doc-comment.js";
import { createTsWriter } from "../../../src/emit/ts-project.js";

describe("docCommentLines", () => {
  const cases: Array<[string, { given: string; want: string[] }]> = [
    ["plain", { given: "Get a pet.", want: ["Get a pet."] }],
    ["comment closer", { given: "a */ b", want: ["a *\\/ b"] }],
    ["closer at the very end", { given: "ends with */", want: ["ends with *\\/"] }],
    ["tags at line starts and mid-line", { given: "@deprecated no\nsee @param x", want: ["\\@deprecated no", "see \\@param x"] }],
    ["inline tag", { given: "{@link evil}", want: ["{\\@link evil}"] }],
    ["an email address is left alone", { given: "mail a@b.example", want: ["mail a@b.example"] }],
    ["every kind of line break", { given: "a\r\nb\rc\u2028d\u2029e", want: ["a", "b", "c", "d", "e"] }],
    ["blank edges and runs trimmed", { given: "\n\n a  \n\n\n b \n\n", want: [" a", "", " b"] }],
    ["non-ASCII kept", { given: "é 中文 🚀", want: ["é 中文 🚀"] }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(docCommentLines(given), want));
});

describe("writeDocComment", () => {
  it("one line, several lines, tags", () => {
    const w = createTsWriter();
    writeDocComment(w, "One.");
    writeDocComment(w, "First.\n\nSecond.", ["@deprecated"]);
    writeDocComment(w, "");
    assert.equal(w.toString(), "/** One. */\n/**\n * First.\n *\n * Second.\n *\n * @deprecated\n */\n");
  });
  it("hostile text stays inside the comment, with no tags, as TypeScript parses it", () => {
    const hostile = "a */ b; const pwned = 1; /* \n@param x\n{@link y}\n`${z}` \"q\" 'r' \\ */";
    const w = createTsWriter();
    writeDocComment(w, hostile);
    w.writeLine("export const x = 1;");
    const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("a.ts", w.toString());
    assert.equal(file.getStatements().length, 1, w.toString());
    const docs = file.getVariableStatementOrThrow("x").getJsDocs();
    assert.equal(docs.length, 1);
    assert.deepEqual(docs[0]!.getTags().map((t) => t.getTagName()), []);
  });
});

describe("lineCommentText", () => {
  it("cannot end the line", () => assert.equal(lineCommentText("a\nb\r\nc\u2028d"), "a b c d"));
});
