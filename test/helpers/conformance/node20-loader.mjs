// Loads @modelcontextprotocol/conformance on Node 20 — 0.1.16 and the 0.2.x prerelease installed
// under the alias "conformance-next" alike: both import `globSync` from "fs", which only Node 22 has.
// This resolve hook hands the suites' own "fs" imports (and nobody else's) a module that adds the
// one call they make. Use: node --import ./node20-loader.mjs <suite> ...
import { register } from "node:module";

const FS_WITH_GLOB = new URL("./fs-with-glob-sync.mjs", import.meta.url).href;
const hook = `
export async function resolve(specifier, context, next) {
  const parent = context.parentURL ?? "";
  const fromSuite = parent.includes("/@modelcontextprotocol/conformance/") || parent.includes("/conformance-next/");
  if ((specifier === "fs" || specifier === "node:fs") && fromSuite) {
    return { url: ${JSON.stringify(FS_WITH_GLOB)}, shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
