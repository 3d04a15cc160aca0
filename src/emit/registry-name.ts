/**
 * The generated project's MCP Registry name, shared by server.json (`name`) and package.json
 * (`mcpName`, which the registry compares with it to check that the npm package is the publisher's):
 * https://github.com/modelcontextprotocol/registry/blob/main/docs/modelcontextprotocol-io/package-types.mdx
 */

/** Registry namespace used when the curation file names none; `mcp-publisher` cannot log in as it. */
export const PLACEHOLDER_NAMESPACE = "io.github.your-github-user";

/** `publish.registryName`, else {@link PLACEHOLDER_NAMESPACE} + `/` + the package's unscoped name. */
export function registryName(packageName: string, configured: string | undefined): string {
  return configured ?? `${PLACEHOLDER_NAMESPACE}/${unscopedPackageName(packageName)}`;
}

/** `@acme/petstore` → `petstore`; an unscoped name as it is. */
export function unscopedPackageName(packageName: string): string {
  return packageName.slice(packageName.indexOf("/") + 1);
}
