/**
 * Recognises which OpenAPI line a parsed document was written in, and refuses anything else with
 * a message that says what the document is instead.
 */
import { SpecError } from "../errors.js";
import type { SpecVersion } from "../ir/types.js";

/** Returns the document's OpenAPI line or throws a {@link SpecError} naming the field at fault. */
export function detectSpecVersion(document: unknown, file: string): SpecVersion {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new SpecError(
      "not an OpenAPI document: the top level is not an object",
      { file, pointer: "#" },
      "pass an OpenAPI 3.x or Swagger 2.0 file",
    );
  }
  const doc = document as Record<string, unknown>;
  if (doc.swagger !== undefined) {
    if (String(doc.swagger).startsWith("2")) return "2.0";
    throw new SpecError(
      `unsupported Swagger version "${String(doc.swagger)}"`,
      { file, pointer: "#/swagger" },
      'only Swagger "2.0" is supported among the pre-3 versions',
    );
  }
  if (doc.openapi !== undefined) {
    const version = String(doc.openapi);
    if (/^3\.0(\.|$)/.test(version)) return "3.0";
    if (/^3\.1(\.|$)/.test(version)) return "3.1";
    if (/^3\.2(\.|$)/.test(version)) return "3.2";
    throw new SpecError(
      `unsupported OpenAPI version "${version}"`,
      { file, pointer: "#/openapi" },
      "supported: Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2",
    );
  }
  const other = ["asyncapi", "graphql", "jsonSchemaDialect", "$schema", "raml", "apiVersion"].find(
    (key) => doc[key] !== undefined,
  );
  const what =
    other === "asyncapi"
      ? `an AsyncAPI ${String(doc.asyncapi)} document`
      : other
        ? `a document with "${other}" at the top`
        : "a document with neither \"openapi\" nor \"swagger\" at the top";
  throw new SpecError(
    `not an OpenAPI document: this is ${what}`,
    { file, pointer: "#" },
    "pass an OpenAPI 3.x or Swagger 2.0 description (it starts with `openapi:` or `swagger:`)",
  );
}
