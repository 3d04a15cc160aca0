/**
 * External `$ref`s (`./schemas/pet.yaml#/Pet`, `https://…/common.json`) are bundled into the
 * document as local refs by json-schema-ref-parser, the resolver inside swagger-parser. We call it
 * directly rather than through swagger-parser's `bundle`, which refuses versions it does not know
 * (OpenAPI 3.2) before resolving anything.
 */
import {
  $RefParser,
  JSONParserErrorGroup,
  MissingPointerError,
  ResolverError,
  ParserError,
  type JSONSchema,
} from "@apidevtools/json-schema-ref-parser";
import { dirname, resolve as resolvePath } from "node:path";
import { SpecError } from "../errors.js";
import { appendPointer, getAtPointer } from "../ir/json-pointer.js";

/** The bundled document and the references that could not be bundled. */
export interface BundleResult {
  document: Record<string, unknown>;
  /** One line each; the broken `$ref`s stay in the document and fail only the operations that use them. */
  problems: SpecError[];
}

/**
 * Inlines external references so every `$ref` left is local. A reference that cannot be resolved
 * does not fail the whole spec (Spotify's points at a missing file from a vendor extension no
 * tool uses): it stays as it is and is reported as a problem.
 */
export async function bundleExternalRefs(
  location: string,
  document: Record<string, unknown>,
  source: string,
): Promise<BundleResult> {
  const parser = new $RefParser();
  try {
    const bundled = await parser.bundle(location, document as JSONSchema, {
      continueOnError: true,
      resolve: { external: true, http: { timeout: 30_000 } },
      dereference: { circular: true },
    });
    return { document: bundled as Record<string, unknown>, problems: [] };
  } catch (error) {
    if (error instanceof JSONParserErrorGroup && parser.schema && typeof parser.schema === "object") {
      // Problems inside vendor extensions (`x-*`) cannot affect a tool: nothing reads them.
      const relevant = error.errors.filter((e) => !(e.path ?? []).some((t) => String(t).startsWith("x-")));
      const problems = relevant.map((e) => toSpecError(e, source, location, document));
      const unique = new Map(problems.map((p) => [p.format(), p]));
      return { document: parser.schema as Record<string, unknown>, problems: [...unique.values()] };
    }
    throw toSpecError(error, source, location, document);
  }
}

function toSpecError(
  error: unknown,
  source: string,
  location: string,
  document: Record<string, unknown>,
): SpecError {
  const first = error instanceof JSONParserErrorGroup ? error.errors[0] : error;
  if (first instanceof ResolverError && first.source) {
    // Name the place that holds the broken reference: from the error's own path when it has one,
    // else by searching the root document for a $ref into the missing file.
    const fromPath = first.path && first.path.length > 0 ? appendPointer("#", ...first.path) : undefined;
    const node = fromPath === undefined ? undefined : getAtPointer(document, fromPath);
    const ref = node && typeof node === "object" ? (node as { $ref?: unknown }).$ref : undefined;
    const site = typeof ref === "string" && fromPath ? { ref, pointer: fromPath } : findRefTo(document, first.source, location);
    if (site) {
      return new SpecError(
        `"$ref": "${site.ref}" cannot be resolved: ${describeMissing(first)}`,
        { file: source, pointer: site.pointer },
        "fix the reference or put the referenced file where it points",
      );
    }
  }
  if (first instanceof MissingPointerError || first instanceof ResolverError || first instanceof ParserError) {
    const file = first.source ? displayPath(first.source) : source;
    const pointer = first.path && first.path.length > 0 ? appendPointer("#", ...first.path) : undefined;
    const what =
      first instanceof MissingPointerError
        ? "reference points at nothing"
        : first instanceof ResolverError
          ? "cannot resolve external reference"
          : "cannot parse referenced file";
    return new SpecError(
      `${what}: ${firstLine(first.message)}`,
      { file, ...(pointer ? { pointer } : {}) },
      "check that the referenced file exists and the pointer after # names a real object",
    );
  }
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  return new SpecError(`cannot bundle external references: ${message}`, { file: source });
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? text).trim();
}

function displayPath(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(cwd + "/") ? path.slice(cwd.length + 1) : path;
}

function describeMissing(error: ResolverError): string {
  const code = (error as { ioErrorCode?: string }).ioErrorCode;
  if (code === "ENOENT" || /ENOENT/.test(error.message)) return `no file at ${displayPath(error.source ?? "")}`;
  return firstLine(error.message);
}

/** Finds the first `$ref` in the root document that points into `target` (an absolute path or URL). */
function findRefTo(
  document: Record<string, unknown>,
  target: string,
  location: string,
): { ref: string; pointer: string } | undefined {
  const base = /^https?:/i.test(location) ? location : dirname(location);
  const stack: Array<{ node: unknown; pointer: string }> = [{ node: document, pointer: "#" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
        const file = value.split("#")[0] ?? "";
        const absolute = /^https?:/i.test(base) ? new URL(file, location).href : resolvePath(base, file);
        if (absolute === target) return { ref: value, pointer };
      } else if (value !== null && typeof value === "object") {
        stack.push({ node: value, pointer: appendPointer(pointer, key) });
      }
    }
  }
  return undefined;
}
