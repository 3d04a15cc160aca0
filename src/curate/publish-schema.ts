/**
 * The curation file's `publish` block: what the generated project's `server.json` (MCP Registry) and
 * `manifest.json` (MCP Bundle) say about who publishes it and where. Optional: without it the files
 * carry a placeholder namespace and the package stays `private`. The patterns are the registry's
 * (https://github.com/modelcontextprotocol/registry/blob/main/docs/reference/server-json/generic-server-json.md)
 * and npm's package-name rules, so a mistake is reported at generate time rather than at publish time.
 */
import { z } from "zod";

/** `io.github.acme/petstore`: a reverse-DNS namespace, one `/`, a name (the registry's `name` pattern). */
export const REGISTRY_NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

/** An npm package name, optionally scoped, as npm accepts new ones (lower case, URL-safe). */
const NPM_NAME_PATTERN = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** The `publish` block. */
export const PublishSchema = z.strictObject({
  registryName: z
    .string()
    .min(3)
    .max(200)
    .regex(REGISTRY_NAME_PATTERN, { error: "must be a reverse-DNS namespace, one /, and a name, e.g. io.github.acme/petstore" })
    .optional()
    .describe(
      "MCP Registry name, e.g. io.github.<GitHub user or org>/<name> (GitHub login) or com.example/<name> (your domain). Written to server.json and to package.json mcpName.",
    ),
  npmPackage: z
    .string()
    .max(214)
    .regex(NPM_NAME_PATTERN, { error: "must be an npm package name: lower case, optionally scoped, e.g. @acme/petstore-mcp" })
    .optional()
    .describe("npm package name of the generated project (e.g. @acme/petstore-mcp); defaults to the server name."),
  description: z.string().min(1).max(100).optional().describe("One line for registries and bundle listings, at most 100 characters."),
  author: z
    .strictObject({
      name: z.string().min(1),
      // A pattern rather than z.email(): editors' JSON Schema validators need no "email" format for it.
      email: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: "must be an email address" }).optional(),
      url: z.url().optional(),
    })
    .optional()
    .describe("Bundle author; defaults to the GitHub owner in registryName."),
  repository: z.url().optional().describe("Source repository URL, e.g. https://github.com/acme/petstore-mcp."),
  homepage: z.url().optional().describe("Project or documentation URL."),
  license: z.string().min(1).optional().describe("SPDX license identifier, e.g. MIT."),
});
