/**
 * Where a whole `tools/list` spends its tokens: the listing (as `list` produces it, no curation) is
 * serialised piece by piece, each piece tagged with what it is (tool name, tool description, argument
 * description, enum values, schema structure, ...), and every piece is counted with o200k_base. The
 * pieces are cut at JSON boundaries, so their sum runs a little above the exact total (a token can
 * no longer straddle two pieces); the table prints both. Then: property descriptions repeated across
 * tools, and what a cap on tool descriptions would save. Issue 11 item 3 decides its cuts by these
 * figures.
 *
 *   node --import tsx bench/surface-tokens.ts [spec] [--top N]
 */
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { capLength } from "../src/ir/description.js";
import { runPipeline } from "../src/pipeline.js";
import type { JsonValue } from "../src/runtime/core/tool-definition.js";
import { toMcpTool, type McpTool } from "../src/runtime/mcp/mcp-tool.js";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
const spec = args.find((a, i) => !a.startsWith("--") && i !== topAt + 1) ?? "node_modules/@octokit/openapi/generated/api.github.com.json";

/** What a piece of the listing is. */
type Part =
  | "tool name"
  | "tool description"
  | "annotations"
  | "argument names (property keys)"
  | "descriptions: arguments (depth 1)"
  | "descriptions: nested properties"
  | "enum values"
  | "default / examples / const"
  | "type keyword"
  | "format / pattern / bounds"
  | "required lists"
  | "structure (properties/items/anyOf keys, braces)"
  | "other keywords"
  | "tool envelope ({\"name\": ..., keys, commas)";

const totals = new Map<Part, number>();
const add = (part: Part, text: string): void => {
  totals.set(part, (totals.get(part) ?? 0) + countTokens(text));
};
const propertyDescriptions = new Map<string, { tools: Set<string>; tokens: number }>();

/** Walks one schema, tagging each keyword's text; `depth` 1 is an argument, deeper is nested. */
function walkSchema(schema: JsonValue, depth: number, tool: string): void {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    add("structure (properties/items/anyOf keys, braces)", JSON.stringify(schema));
    return;
  }
  add("structure (properties/items/anyOf keys, braces)", "{}");
  for (const [key, value] of Object.entries(schema)) {
    const text = `${JSON.stringify(key)}:${JSON.stringify(value)},`;
    switch (key) {
      case "description": {
        add(depth <= 1 ? "descriptions: arguments (depth 1)" : "descriptions: nested properties", text);
        if (depth >= 1 && typeof value === "string") {
          const seen = propertyDescriptions.get(value) ?? { tools: new Set<string>(), tokens: countTokens(JSON.stringify(value)) };
          seen.tools.add(tool);
          propertyDescriptions.set(value, seen);
        }
        break;
      }
      case "enum":
        add("enum values", text);
        break;
      case "default":
      case "examples":
      case "const":
        add("default / examples / const", text);
        break;
      case "type":
        add("type keyword", text);
        break;
      case "format":
      case "pattern":
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
      case "uniqueItems":
      case "multipleOf":
        add("format / pattern / bounds", text);
        break;
      case "required":
        add("required lists", text);
        break;
      case "properties":
      case "patternProperties": {
        add("structure (properties/items/anyOf keys, braces)", `"${key}":{},`);
        for (const [name, child] of Object.entries(value as Record<string, JsonValue>)) {
          add("argument names (property keys)", `${JSON.stringify(name)}:,`);
          walkSchema(child, depth + 1, tool);
        }
        break;
      }
      case "items":
      case "additionalProperties":
      case "not":
      case "contains":
      case "propertyNames":
        add("structure (properties/items/anyOf keys, braces)", `"${key}":,`);
        walkSchema(value, depth, tool);
        break;
      case "anyOf":
      case "oneOf":
      case "allOf":
      case "prefixItems":
        add("structure (properties/items/anyOf keys, braces)", `"${key}":[],`);
        for (const branch of value as JsonValue[]) walkSchema(branch, depth, tool);
        break;
      default:
        add("other keywords", text);
    }
  }
}

function walkTool(tool: McpTool): void {
  add("tool envelope ({\"name\": ..., keys, commas)", `{"name":,"description":,"inputSchema":,"annotations":},`);
  add("tool name", JSON.stringify(tool.name));
  add("tool description", JSON.stringify(tool.description));
  add("annotations", JSON.stringify(tool.annotations ?? {}));
  walkSchema(tool.inputSchema as JsonValue, 0, tool.name);
  if (tool.outputSchema !== undefined) walkSchema(tool.outputSchema as JsonValue, 0, tool.name);
}

const result = await runPipeline({ spec });
const tools = result.server.tools.map(toMcpTool);
const exact = countTokens(JSON.stringify({ tools }));
for (const tool of tools) walkTool(tool);
const sum = [...totals.values()].reduce((a, b) => a + b, 0);

const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;
const fmt = (n: number): string => n.toLocaleString("en-US");
console.log(`${spec}: ${tools.length} tools, ${fmt(exact)} o200k tokens exact (whole tools/list); pieces counted apart sum to ${fmt(sum)}\n`);
console.log("PART".padEnd(50) + "TOKENS".padStart(10) + "SHARE".padStart(8));
for (const [part, tokens] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(part.padEnd(50) + fmt(tokens).padStart(10) + pct(tokens, sum).padStart(8));
}

// The same property text in many tools (owner, repo, per_page, ...): what each copy after the first costs.
const repeated = [...propertyDescriptions].filter(([, s]) => s.tools.size > 1);
const repeatedTokens = repeated.reduce((n, [, s]) => n + s.tokens * (s.tools.size - 1), 0);
console.log(`\nArgument/property descriptions repeated across tools: ${repeated.length} texts, ${fmt(repeatedTokens)} tokens in copies after the first`);
for (const [text, s] of repeated.sort((a, b) => b[1].tokens * b[1].tools.size - a[1].tokens * a[1].tools.size).slice(0, top)) {
  console.log(`  ${String(s.tools.size).padStart(4)} tools × ${String(s.tokens).padStart(3)} = ${fmt(s.tools.size * s.tokens).padStart(6)}  ${JSON.stringify(text.slice(0, 90))}`);
}

// What a default cap on the tool description would save (the cap cuts at a sentence when it can).
const lengths = tools.map((t) => t.description?.length ?? 0);
console.log(`\nTool descriptions: median ${lengths.sort((a, b) => a - b)[lengths.length >> 1]} chars, longest ${lengths.at(-1)}`);
for (const cap of [400, 600, 800, 1000]) {
  let saved = 0;
  let cut = 0;
  for (const tool of tools) {
    const text = tool.description ?? "";
    if (text.length <= cap) continue;
    cut++;
    saved += countTokens(JSON.stringify(text)) - countTokens(JSON.stringify(capLength(text, cap)));
  }
  console.log(`  cap ${cap}: ${cut} descriptions cut, ${fmt(saved)} tokens saved (${pct(saved, exact)})`);
}
