/**
 * Request bodies of addPet, updatePet, placeOrder, createUser and updateUser: `application/json` (also
 * when no Content-Type is sent) or `application/x-www-form-urlencoded`, anything else 415. In form bodies
 * arrays repeat their key, nested values may be JSON text, bracket or dot keys, or a bare name; a
 * repeated scalar keeps its first value (see the header of ./server.ts).
 */
import { badRequest, HttpError } from "./http-reply.js";
import { mediaType } from "./request-params.js";
import type { UpstreamRequest } from "./route.js";

/** Which top-level form fields are arrays, and which objects (or arrays of objects) accept a bare name. */
export interface FormShape {
  arrays: readonly string[];
  named: readonly string[];
}

/** The form shape of a Pet: `photoUrls` and `tags` are arrays; `category` and `tags` accept a bare name. */
export const PET_FORM: FormShape = { arrays: ["photoUrls", "tags"], named: ["category", "tags"] };

/** The form shape of Order and User: flat scalar fields. */
export const PLAIN_FORM: FormShape = { arrays: [], named: [] };

function jsonish(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Decodes a form body into nested fields: `a[b]`, `a.b`, `a[0][b]`, `a[]` and repeated keys. */
export function formToObject(textBody: string, shape: FormShape): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(textBody)) {
    const segments = key.replace(/\]/g, "").split(/[[.]/);
    if (segments.some((s) => s === "__proto__" || s === "constructor" || s === "prototype")) continue;
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, i) => {
      const container = node as Record<string, unknown>;
      const slot = segment === "" && Array.isArray(node) ? String(node.length) : segment;
      if (i === segments.length - 1) {
        const prior = container[slot];
        container[slot] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
      } else {
        const next = segments[i + 1] ?? "";
        container[slot] ??= /^\d*$/.test(next) ? [] : {};
        node = container[slot] as Record<string, unknown> | unknown[];
      }
    });
  }
  const named = (v: unknown): unknown => (typeof v === "string" ? { name: v } : v);
  for (const [key, value] of Object.entries(root)) {
    const isNamed = shape.named.includes(key);
    if (shape.arrays.includes(key)) {
      const items = (Array.isArray(value) ? value : [value]).map(jsonish);
      root[key] = isNamed ? items.map(named) : items;
    } else {
      const first = Array.isArray(value) && value.every((v) => typeof v === "string") ? value[0] : value;
      root[key] = isNamed ? named(jsonish(first)) : first;
    }
  }
  return root;
}

/**
 * The request body as fields: JSON (also when no Content-Type is sent) or form; anything else is 415.
 * `coerce` tells the store's input checks that scalars arrived as text (form) and may be converted.
 */
export function bodyOf(req: UpstreamRequest, shape: FormShape): { value: unknown; coerce: boolean } {
  if (req.body.length === 0) throw badRequest("body", "is required");
  const type = mediaType(req.headers);
  if (type === "" || type === "application/json" || type.endsWith("+json")) {
    try {
      return { value: JSON.parse(req.body.toString("utf8")), coerce: false };
    } catch (error) {
      throw badRequest("body", `is not valid JSON (${(error as Error).message})`);
    }
  }
  if (type === "application/x-www-form-urlencoded") return { value: formToObject(req.body.toString("utf8"), shape), coerce: true };
  throw new HttpError(415, `body: unsupported media type ${type}; send application/json or application/x-www-form-urlencoded`, { field: "body" });
}
