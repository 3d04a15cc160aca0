// node:fs plus `globSync` for Node 20, as far as the conformance suite needs it: patterns of the
// form "**/<file name>" (any depth) or "<file name>", relative to `options.cwd`. Any other pattern
// throws rather than answer wrongly. On Node 22 and later, node:fs's own globSync is used.
import fs from "node:fs";
import path from "node:path";

export * from "node:fs";
export default fs;

export function globSync(pattern, options = {}) {
  return typeof fs.globSync === "function" ? fs.globSync(pattern, options) : fileNameGlobSync(pattern, options);
}

/** The Node 20 stand-in: "**\/<file name>" or "<file name>" only. */
export function fileNameGlobSync(pattern, options = {}) {
  const name = pattern.startsWith("**/") ? pattern.slice(3) : pattern;
  if (/[*?[\]{}/]/.test(name)) throw new Error(`globSync shim: unsupported pattern "${pattern}"`);
  const anyDepth = pattern.startsWith("**/");
  const root = options.cwd ?? process.cwd();
  const found = [];
  const walk = (relative) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === name) found.push(child);
      if (anyDepth && entry.isDirectory()) walk(child);
    }
  };
  walk("");
  return found;
}
