/**
 * One generated tool file, `src/tools/<tool>.ts`: data plus a thin typed handler —
 * - the arguments type, from the tool's input schema ({@link schemaToTsType});
 * - the ToolDefinition as a data literal (exactly what `serve` builds, written via JSON escaping);
 * - `call<Tool>(prepared, args, signal)`, which hands the call to the runtime's `invokeTool`.
 * A doc comment on the definition names the operation: description, `METHOD /path`, operationId,
 * deprecation.
 */
import { StructureKind, type CodeBlockWriter, type Project } from "ts-morph";
import type { OperationIr } from "../ir/types.js";
import type { ToolDefinition } from "../runtime/core/tool-definition.js";
import { writeDocComment } from "./doc-comment.js";
import { schemaToTsType, writeMembers, writeTsType, type TsType } from "./schema-to-ts-type.js";
import type { ToolIdentifiers } from "./tool-identifiers.js";
import { writeLiteral } from "./ts-literal.js";
import { headerStatement, importFrom, paragraph, printSourceFile } from "./ts-project.js";

/** What one tool file is made from. */
export interface EmitToolInput {
  tool: ToolDefinition;
  /** The operation the tool came from (for the doc comment). */
  operation: OperationIr;
  ids: ToolIdentifiers;
  /** The generated-file header line. */
  header: string;
}

/** The text of `src/tools/<ids.file>.ts`. */
export function emitToolFile(project: Project, input: EmitToolInput): string {
  const { tool, ids } = input;
  const argumentsType = schemaToTsType(tool.inputSchema);
  // `args` may be left out when `{}` is valid arguments.
  const argumentsOptional =
    argumentsType.kind === "record" || (argumentsType.kind === "object" && argumentsType.properties.every((p) => p.optional));
  return printSourceFile(project, `/src/tools/${ids.file}.ts`, {
    statements: [
      headerStatement(input.header),
      importFrom("../runtime/mcp/create-server.js", [{ name: "PreparedServer", type: true }]),
      importFrom("../runtime/invoke/invoke-tool.js", [{ name: "invokeTool" }]),
      importFrom("../runtime/core/tool-definition.js", [{ name: "ToolDefinition", type: true }]),
      importFrom("../runtime/core/tool-results.js", [{ name: "ToolResult", type: true }]),
      paragraph((writer) => writeArgumentsType(writer, tool.name, argumentsType, ids.argumentsType)),
      paragraph((writer) => writeDefinition(writer, input)),
      {
        kind: StructureKind.Function,
        isExported: true,
        name: ids.handler,
        docs: [
          `Calls \`${tool.name}\`: validates \`args\` against the input schema, sends the request and shapes the\n` +
            "answer. Never throws: failures are error results the model can act on.",
        ],
        parameters: [
          { name: "prepared", type: "PreparedServer" },
          argumentsOptional ? { name: "args", type: ids.argumentsType, initializer: "{}" } : { name: "args", type: ids.argumentsType },
          { name: "signal", type: "AbortSignal", hasQuestionToken: true },
        ],
        returnType: "Promise<ToolResult>",
        statements: [`return invokeTool(${ids.value}, { ...args }, prepared.invoke, signal);`],
      },
    ],
  });
}

/** `export interface XArguments {...}`, or a type alias when the schema is not a plain object. */
function writeArgumentsType(writer: CodeBlockWriter, toolName: string, type: TsType, name: string): void {
  writeDocComment(writer, `Arguments of the \`${toolName}\` tool, from its input schema.`);
  if (type.kind === "object") {
    writer.write(`export interface ${name} {`).newLine();
    writer.indent(() => writeMembers(writer, type.properties, type.index));
    writer.write("}").newLine();
    return;
  }
  writer.write(`export type ${name} = `);
  writeTsType(writer, type);
  writer.write(";").newLine();
}

/** The definition constant, with a doc comment describing the operation. */
function writeDefinition(writer: CodeBlockWriter, { tool, operation, ids }: EmitToolInput): void {
  const lines: string[] = [];
  if (operation.summary && !tool.description.includes(operation.summary.trim())) lines.push(operation.summary, "");
  lines.push(tool.description, "");
  lines.push(`\`${tool.http.method} ${tool.http.path}\`${operation.operationId === undefined ? "" : `, operationId \`${operation.operationId}\``}.`);
  writeDocComment(writer, lines.join("\n"), operation.deprecated ? ["@deprecated The API marks this operation as deprecated."] : []);
  writer.write(`export const ${ids.value}: ToolDefinition = `);
  writeLiteral(writer, tool);
  writer.write(";").newLine();
}
