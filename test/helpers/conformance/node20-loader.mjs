// Loads @modelcontextprotocol/conformance 0.1.16 on Node 20: the suite imports `globSync` from "fs",
// which only Node 22 has. This resolve hook hands the suite's own "fs" imports (and nobody else's)
// a module that adds the one call it makes. Use: node --import ./node20-loader.mjs <suite> ...
import { register } from "node:module";

const FS_WITH_GLOB = new URL("./fs-with-glob-sync.mjs", import.meta.url).href;
const hook = `
export async function resolve(specifier, context, next) {
  if ((specifier === "fs" || specifier === "node:fs") && context.parentURL?.includes("/@modelcontextprotocol/conformance/")) {
    return { url: ${JSON.stringify(FS_WITH_GLOB)}, shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
