/**
 * The slice of an OpenAPI 3.x document the example-driven fake reads (paths, operations, responses,
 * examples, schemas), loading it from JSON or YAML, and following local `$ref`s. Kept apart from the
 * bridge's own loader on purpose: the fake is the upstream the bridge is judged against, so it must not
 * share the bridge's reading of the spec.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

/** A JSON value as found in a spec. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object as found in a spec. */
export type JsonObject = { [key: string]: JsonValue };

/** An OpenAPI document, read loosely: only what the fake uses is typed. */
export interface SpecDocument {
  paths?: Record<string, Record<string, JsonValue>>;
  components?: JsonObject;
  [key: string]: JsonValue | undefined;
}

/** Methods an OpenAPI Path Item may hold (OAS 3.1 §4.8.9). */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Reads a spec file (JSON, or YAML by extension). */
export function loadSpecDocument(path: string): SpecDocument {
  const text = readFileSync(path, "utf8");
  const value: unknown = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  if (!isObject(value) || !isObject(value.paths)) throw new Error(`${path}: not an OpenAPI document (no "paths" object) — pass an OpenAPI 3.x file`);
  return value as SpecDocument;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Follows `$ref` (local JSON pointers only, RFC 6901, as OAS 3.x Reference Objects allow) until a
 * non-reference value; a chain longer than 32 or a dangling pointer throws naming the pointer.
 */
export function deref(spec: SpecDocument, value: JsonValue | undefined): JsonValue | undefined {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    const pointer = current.$ref;
    if (hops === 32) throw new Error(`${pointer}: $ref chain longer than 32 — look for a cycle of references`);
    if (!pointer.startsWith("#/")) throw new Error(`${pointer}: only local references are supported — bundle the spec first`);
    current = pointerGet(spec, pointer);
    if (current === undefined) throw new Error(`${pointer}: the reference points at nothing — fix the spec`);
  }
  return current;
}

function pointerGet(spec: SpecDocument, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = spec as JsonValue;
  for (const raw of pointer.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
