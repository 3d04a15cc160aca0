/**
 * The generated project's wiring: `src/tools/index.ts` (every tool, in order), `src/server.ts`
 * (the ServerDefinition as data) and `src/index.ts` (the entry point, which starts the server
 * exactly as `openapi-mcp serve` does: `parseServeSettings` then `runServer`).
 */
import { StructureKind, type Project } from "ts-morph";
import type { SearchIndexData } from "../runtime/core/discovery-definition.js";
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { writeDocComment } from "./doc-comment.js";
import type { ToolIdentifiers } from "./tool-identifiers.js";
import { RawCode, tsString, writeLiteral } from "./ts-literal.js";
import { headerStatement, importFrom, paragraph, printSourceFile } from "./ts-project.js";

/** `src/tools/index.ts`: re-exports each tool and lists them all as `allTools`. */
export function emitToolsIndex(project: Project, header: string, tools: readonly ToolIdentifiers[]): string {
  return printSourceFile(project, "/src/tools/index.ts", {
    statements: [
      headerStatement(header),
      importFrom("../runtime/core/tool-definition.js", [{ name: "ToolDefinition", type: true }]),
      ...tools.map((t) => importFrom(`./${t.file}.js`, [{ name: t.value }])),
      paragraph(() => {}),
      ...tools.map((t) => ({
        kind: StructureKind.ExportDeclaration as const,
        moduleSpecifier: `./${t.file}.js`,
        namedExports: [{ name: t.handler }, { name: t.value }, { name: t.argumentsType, isTypeOnly: true }],
      })),
      paragraph((writer) => {
        writeDocComment(writer, "Every tool of the server, in the order `tools/list` returns them.");
        writer.write("export const allTools: ToolDefinition[] = ");
        writeLiteral(writer, tools.map((t) => new RawCode(t.value)));
        writer.write(";").newLine();
      }),
    ],
  });
}

/** `src/server.ts`: the server definition as data, its tools from `allTools` (and a discovery index from `search-index.ts`). */
export function emitServerFile(project: Project, header: string, server: ServerDefinition): string {
  return printSourceFile(project, "/src/server.ts", {
    statements: [
      headerStatement(header),
      importFrom("./runtime/core/tool-definition.js", [{ name: "ServerDefinition", type: true }]),
      ...(server.discovery?.index === undefined ? [] : [importFrom("./search-index.js", [{ name: "searchIndex" }])]),
      importFrom("./tools/index.js", [{ name: "allTools" }]),
      paragraph((writer) => {
        writeDocComment(writer, `The ${tsString(server.name)} MCP server: identity, upstream, security schemes and tools, as data.`);
        writer.write("export const server: ServerDefinition = ");
        // Tools last: identity and upstream read first.
        const { tools: _tools, discovery, ...rest } = server;
        const discoveryLiteral = discovery === undefined ? {} : { discovery: { listed: discovery.listed, ...(discovery.index === undefined ? {} : { index: new RawCode("searchIndex") }), ...(discovery.metaTools === undefined ? {} : { metaTools: discovery.metaTools }) } };
        writeLiteral(writer, { ...rest, ...discoveryLiteral, tools: new RawCode("allTools") });
        writer.write(";").newLine();
      }),
    ],
  });
}

/**
 * `src/search-index.ts`: discovery mode's search index, built at generate time so the project does
 * no indexing at start. It is data only, written as one JSON string parsed at load: V8 parses JSON
 * several times faster than the same object literal, and the compiler sees one token, not
 * hundreds of thousands (GitHub's index is a few megabytes).
 */
export function emitSearchIndexFile(header: string, index: SearchIndexData): string {
  return [
    header,
    "",
    'import type { SearchIndexData } from "./runtime/core/discovery-definition.js";',
    "",
    "/** The search index of `search_operations` over every operation of `server.tools`. */",
    `export const searchIndex = JSON.parse(${JSON.stringify(JSON.stringify(index))}) as SearchIndexData;`,
    "",
  ].join("\n");
}

/**
 * `src/index.ts`: the executable. The only place in the generated project that sets the exit code.
 * Its first import applies the process's V8 settings, as `openapi-mcp`'s own entry does.
 * `userAgent` (the project's `name/version`) is the default User-Agent of its upstream requests.
 */
export function emitEntryPoint(project: Project, header: string, userAgent: string): string {
  return printSourceFile(project, "/src/index.ts", {
    statements: [
      "#!/usr/bin/env node",
      headerStatement(header),
      '// V8 settings first (see runtime/v8-tuning.ts), before the server\'s modules load.\nimport "./runtime/v8-tuning.js";',
      importFrom("./runtime/run-server.js", [{ name: "parseServeSettings" }, { name: "runServer" }, { name: "ServeConfigError" }]),
      importFrom("./server.js", [{ name: "server" }]),
      {
        kind: StructureKind.Function,
        name: "main",
        isAsync: true,
        docs: [
          "Serves over stdio (default) or Streamable HTTP (`--transport http`).\n" +
            "README.md lists the options and environment variables.",
        ],
        returnType: "Promise<void>",
        statements: [
          "const settings = parseServeSettings(process.argv.slice(2));",
          `await runServer(server, { ...settings, userAgent: ${tsString(userAgent)} }, process.env, (url) => {`,
          "  process.stderr.write(`${server.name} listening on ${url}\\n`);",
          "});",
        ],
      },
      [
        "main().catch((error: unknown) => {",
        "  if (error instanceof ServeConfigError) {",
        "    process.stderr.write(`error: ${error.message}\\n`);",
        "  } else {",
        "    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\\n`);",
        "  }",
        "  process.exitCode = 1;",
        "});",
      ].join("\n"),
    ],
  });
}
