/**
 * What a generated server lists in `tools/list`, for the files that name its tools (the smoke
 * test's expected names, manifest.json's `tools`): every tool, or in discovery mode the three
 * meta-tools and the tools listed beside them — the same order `prepareServer` lists them in.
 */
import type { ServerDefinition } from "../runtime/core/tool-definition.js";
import { listedMetaTools } from "../runtime/discovery/meta-tools.js";

/** A listed tool's name and description. */
export interface ListedTool {
  name: string;
  description: string;
}

/** The tools `tools/list` returns for `server`, in order. */
export function listedTools(server: ServerDefinition): ListedTool[] {
  if (server.discovery === undefined) return server.tools.map(({ name, description }) => ({ name, description }));
  const listed = new Set(server.discovery.listed);
  return [
    ...listedMetaTools(server).map(({ name, description }) => ({ name, description })),
    ...server.tools.filter((tool) => listed.has(tool.name)).map(({ name, description }) => ({ name, description })),
  ];
}
