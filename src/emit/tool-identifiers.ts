/**
 * Names a generated project gives each tool: the exported constant, the typed handler, the
 * arguments type and the file under `src/tools/`. Tool names are `[A-Za-z0-9_-]` but need not be
 * valid identifiers (`2fa`, `class`) and may differ only in case or separator (`get-pet`,
 * `get_pet`, `Get_Pet`), so every name here is made valid, non-reserved and unique, deterministically
 * (first come, first served, in the server's tool order).
 */

/** The identifiers and file of one tool. */
export interface ToolIdentifiers {
  /** The tool's name (the MCP name). */
  tool: string;
  /** Exported constant holding the ToolDefinition, e.g. `getPet`. */
  value: string;
  /** Typed handler, e.g. `callGetPet`. */
  handler: string;
  /** Arguments type, e.g. `GetPetArguments`. */
  argumentsType: string;
  /** File stem under `src/tools/`, kebab-case, unique ignoring case, e.g. `get-pet`. */
  file: string;
}

/** ECMAScript reserved words, strict-mode and module restrictions, and names with fixed meanings. */
const RESERVED = new Set([
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
  "var", "void", "while", "with", "yield", "let", "static", "implements", "interface", "package",
  "private", "protected", "public", "arguments", "eval", "undefined", "NaN", "Infinity", "globalThis",
  "async", "of", "get", "set", "type", "as", "any", "unknown", "never", "object", "string", "number",
  "boolean", "symbol", "bigint", "declare", "module", "namespace", "require", "satisfies", "keyof",
  "readonly", "infer", "is", "asserts", "abstract", "accessor", "constructor", "override", "out",
]);

/** Names the generated files already use next to the tool identifiers. */
const TAKEN_IN_TOOL_FILES = ["invokeTool", "allTools", "server", "process", "console"];

/** File stems that are taken (`index`) or unusable on some systems (Windows device names). */
const RESERVED_FILES = new Set([
  "index", "con", "prn", "aux", "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/** Identifiers and files for every tool, in the given order. */
export function toolIdentifiers(toolNames: readonly string[]): ToolIdentifiers[] {
  const usedValues = new Set(TAKEN_IN_TOOL_FILES);
  const usedFiles = new Set<string>();
  return toolNames.map((tool) => {
    const base = valueIdentifier(tool);
    let value = base;
    for (let n = 2; usedValues.has(value) || usedValues.has(handlerName(value)); n++) value = `${base}${n}`;
    usedValues.add(value);
    usedValues.add(handlerName(value));

    const fileBase = fileStem(tool);
    let file = fileBase;
    for (let n = 2; usedFiles.has(file.toLowerCase()); n++) file = `${fileBase}-${n}`;
    usedFiles.add(file.toLowerCase());

    return { tool, value, handler: handlerName(value), argumentsType: `${upperFirst(value)}Arguments`, file };
  });
}

/**
 * camelCase identifier for a tool name: words split at `_`, `-` and other non-alphanumerics, first
 * word lower-cased at its first letter, later words capitalised; a leading digit gets a `tool`
 * prefix, a reserved word a `Tool` suffix; nothing left gives `tool`.
 */
export function valueIdentifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  if (words.length === 0) return "tool";
  let id = words.map((w, i) => (i === 0 ? lowerFirst(w) : upperFirst(w))).join("");
  if (/^[0-9]/.test(id)) id = `tool${id}`;
  if (RESERVED.has(id)) id = `${id}Tool`;
  return id;
}

/**
 * kebab-case file stem: camel humps and `_` become `-`, other characters dropped, lower case;
 * `index` and device names get a `-tool` suffix.
 */
export function fileStem(name: string): string {
  const stem = name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (stem === "") return "tool";
  return RESERVED_FILES.has(stem) ? `${stem}-tool` : stem;
}

function handlerName(value: string): string {
  return `call${upperFirst(value)}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
