import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ToolAnnotations } from "../../../../src/runtime/core/tool-definition.js";
import { listedAnnotations } from "../../../../src/runtime/mcp/mcp-tool.js";
import { annotationsFor } from "../../../../src/ir/operation-to-tool.js";

/**
 * The MCP schema's defaults for absent hints, written out here from
 * https://modelcontextprotocol.io/specification/2025-06-18/schema#toolannotations (not imported),
 * so a client applying them reads back exactly the annotations we derived.
 */
const SPEC_DEFAULTS: Required<Omit<ToolAnnotations, "title">> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

function asClientReads(listed: ToolAnnotations): ToolAnnotations {
  const read = { ...SPEC_DEFAULTS, ...listed };
  // destructiveHint and idempotentHint are "meaningful only when readOnlyHint == false".
  if (read.readOnlyHint) return { readOnlyHint: true, openWorldHint: read.openWorldHint };
  return read;
}

describe("listedAnnotations", () => {
  const cases: Array<[string, { given: ToolAnnotations; want: ToolAnnotations }]> = [
    ["GET: read only, nothing else", { given: annotationsFor("GET"), want: { readOnlyHint: true } }],
    ["POST: says it is not destructive", { given: annotationsFor("POST"), want: { destructiveHint: false } }],
    ["PUT: not destructive, idempotent", { given: annotationsFor("PUT"), want: { destructiveHint: false, idempotentHint: true } }],
    ["DELETE: idempotent (destructive is the default)", { given: annotationsFor("DELETE"), want: { idempotentHint: true } }],
    ["a closed world and a title from curation are kept", { given: { title: "T", readOnlyHint: true, openWorldHint: false }, want: { title: "T", readOnlyHint: true, openWorldHint: false } }],
  ];
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(listedAnnotations(given), want));

  for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const) {
    it(`${method}: a client applying the spec's defaults reads what was derived`, () => {
      const derived = annotationsFor(method);
      assert.deepEqual(asClientReads(listedAnnotations(derived)), asClientReads(derived));
    });
  }
});
