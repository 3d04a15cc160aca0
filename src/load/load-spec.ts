/**
 * Loads a spec from a local path or an http(s) URL: reads it, parses JSON or YAML, recognises the
 * OpenAPI line, and bundles external `$ref`s (other files, URLs) into local ones so the IR builder
 * only ever follows `#/...` pointers. Validation is not a gate here: real specs that strict
 * validators reject are still usable (see {@link validateSpec} for the opt-in check).
 */
import { readFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { SpecError } from "../errors.js";
import { decodeUtf8 } from "./decode-utf8.js";
import type { SpecVersion } from "../ir/types.js";
import { hasExternalRefs, mayHaveExternalRefs } from "./has-external-refs.js";
import { detectSpecVersion } from "./detect-version.js";
import { refsInJsonText } from "./json-text-refs.js";
import { isJsonText, parseJsonText } from "./parse-json.js";

/** A parsed, bundled spec document. */
export interface LoadedSpec {
  /** The location as the user gave it. */
  source: string;
  /** Absolute file path or URL: the base for relative references and server URLs. */
  location: string;
  /** True when `location` is an http(s) URL. */
  isUrl: boolean;
  specVersion: SpecVersion;
  /** The document, with every resolvable `$ref` local (`#/...`). */
  document: Record<string, unknown>;
  /** External references that could not be bundled; they fail only the operations that use them. */
  problems: SpecError[];
  /**
   * Every `$ref` string in the document, when {@link LoadSpecOptions.collectRefs} asked for them
   * and the JSON text gave them cheaply (see refsInJsonText); absent otherwise.
   */
  refs?: string[];
}

/** Options for {@link loadSpec}. */
export interface LoadSpecOptions {
  /** Abort a URL fetch after this long. */
  fetchTimeoutMs?: number;
  /** Read every `$ref` string from the text while it is at hand (`serve`'s staged start). */
  collectRefs?: boolean;
  /**
   * A local spec's bytes, already being read (`serve`'s worker starts reading before it loads the
   * pipeline); its failure is reported as reading the file would be. Ignored for a URL.
   */
  bytes?: Promise<Buffer>;
}

/** Reads, parses and bundles a spec. Throws {@link SpecError} with the file and place on failure. */
export async function loadSpec(source: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const isUrl = /^https?:\/\//i.test(source);
  const location = isUrl ? source : resolvePath(source);
  const text = isUrl
    ? await fetchText(source, options.fetchTimeoutMs ?? 30_000)
    : await readLocal(location, source, options.bytes);
  // YAML's parser (js-yaml) is loaded only for YAML text.
  const parsed = isJsonText(text) ? parseJsonText(text, source) : (await import("./parse-text.js")).parseSpecText(text, source);
  const specVersion = detectSpecVersion(parsed, source);
  let document = parsed as Record<string, unknown>;
  let problems: SpecError[] = [];
  // Every `$ref` read from the text (when asked, for JSON) answers whether any is external; else a
  // cheap scan of the text first: most specs have no `$ref` that does not start with `#`.
  let refs = options.collectRefs === true ? refsInJsonText(text) : undefined;
  if (refs !== undefined ? refs.some((ref) => !ref.startsWith("#")) : mayHaveExternalRefs(text) && hasExternalRefs(document)) {
    // The resolver is loaded only for specs that need it (most single-file specs do not).
    const { bundleExternalRefs } = await import("./bundle-refs.js");
    ({ document, problems } = await bundleExternalRefs(location, document, source));
    refs = undefined;
  }
  return { source, location, isUrl, specVersion, document, problems, ...(refs === undefined ? {} : { refs }) };
}

async function readLocal(path: string, source: string, bytes?: Promise<Buffer>): Promise<string> {
  try {
    return decodeUtf8(await (bytes ?? readFile(path)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new SpecError("file not found", { file: source }, "check the path to the spec");
    }
    if (code === "EISDIR") {
      throw new SpecError("is a directory, not a spec file", { file: source }, "pass the root spec file inside it");
    }
    throw new SpecError(`cannot read file (${code ?? "unknown error"})`, { file: source });
  }
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new SpecError(`cannot fetch spec: ${reason}`, { file: url }, "check the URL and your network, or download the spec and pass the file");
  }
  if (!response.ok) {
    throw new SpecError(`cannot fetch spec: HTTP ${response.status}`, { file: url }, "check the URL");
  }
  return response.text();
}
