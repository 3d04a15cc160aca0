/**
 * Checks that a listed tool is one every MCP client accepts: a valid name, an input schema that is
 * `type: "object"` at the top with no top-level combinator, no `$ref`, `items` on every array, and
 * that compiles as JSON Schema 2020-12 (strict keywords, formats not enforced). The corpus run and
 * the golden tests hold every tool to this.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { McpTool } from "../runtime/mcp/mcp-tool.js";

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

let ajv: Ajv2020 | undefined;

function compiler(): Ajv2020 {
  ajv ??= new Ajv2020({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    validateFormats: false,
    logger: false,
  });
  return ajv;
}

/** Every reason a client could refuse the tool; empty when it is fine. */
export function toolProblems(tool: McpTool): string[] {
  const problems: string[] = [];
  if (!NAME.test(tool.name)) problems.push(`name "${tool.name}" is not [A-Za-z0-9_-]{1,64}`);
  if (!tool.description) problems.push("no description");
  const schema = tool.inputSchema;
  if (schema.type !== "object") problems.push(`inputSchema type is ${JSON.stringify(schema.type)}, not "object"`);
  for (const key of ["oneOf", "anyOf", "allOf", "not", "$ref"]) {
    if (key in schema) problems.push(`inputSchema has top-level ${key}`);
  }
  walk(tool.inputSchema, "inputSchema", problems);
  if (tool.outputSchema) walk(tool.outputSchema, "outputSchema", problems);
  for (const [label, s] of [["inputSchema", tool.inputSchema], ["outputSchema", tool.outputSchema]] as const) {
    if (!s) continue;
    try {
      compiler().compile(s);
    } catch (error) {
      problems.push(`${label} does not compile: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  return problems;
}

function walk(node: unknown, path: string, problems: string[]): void {
  if (problems.length > 20 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}/${i}`, problems));
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string") problems.push(`${path} has a $ref`);
  const type = record.type;
  const isArray = type === "array" || (Array.isArray(type) && type.includes("array"));
  if (isArray && record.items === undefined && record.prefixItems === undefined) problems.push(`${path} is an array without items`);
  for (const [key, value] of Object.entries(record)) {
    // Values of these keywords are data, not schemas.
    if (key === "enum" || key === "const" || key === "default" || key === "examples") continue;
    walk(value, `${path}/${key}`, problems);
  }
}
