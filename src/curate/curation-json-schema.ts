/**
 * The curation schema as JSON Schema (draft 2020-12), for editors: checked in as
 * `curation.schema.json` and shipped in the package (`openapi-mcp-bridge/curation.schema.json`).
 */
import { z } from "zod";
import { CurationSchema } from "./curation-schema.js";

/** Where the published schema can be fetched; also its `$id`. */
export const CURATION_SCHEMA_ID = "https://unpkg.com/openapi-mcp-bridge/curation.schema.json";

/** The JSON Schema of a curation file, generated from {@link CurationSchema}. */
export function curationJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(CurationSchema, { target: "draft-2020-12" });
  return {
    $schema: $schema ?? "https://json-schema.org/draft/2020-12/schema",
    $id: CURATION_SCHEMA_ID,
    title: "openapi-mcp-bridge curation file",
    description:
      "Selects, renames and reshapes the operations of an OpenAPI description that an MCP server exposes as tools.",
    ...rest,
  };
}

/** The text of `curation.schema.json`: two-space JSON with a final newline. */
export function curationJsonSchemaText(): string {
  return `${JSON.stringify(curationJsonSchema(), null, 2)}\n`;
}
