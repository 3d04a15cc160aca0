/**
 * A tool's input schema → a TypeScript type, for the typed handler of a generated project. The
 * schemas are the IR's (https://json-schema.org/draft/2020-12): self-contained, no `$ref`, a known
 * subset of keywords. Handled: `type` (and type arrays, `null`), `enum`/`const` → literal unions,
 * objects (`properties`, `required` → `?`, `additionalProperties` schema → index signature),
 * arrays (`items`, `prefixItems` → tuples), `oneOf`/`anyOf` → unions, `allOf` → intersections,
 * `description`/`deprecated` → JSDoc. Anything else is `unknown`: the type may be looser than the
 * schema, never stricter (the runtime validates against the schema itself).
 */
import type { CodeBlockWriter } from "ts-morph";
import type { JsonValue } from "../runtime/core/tool-definition.js";
import { writeDocComment } from "./doc-comment.js";
import { primitiveLiteral, typePropertyName } from "./ts-literal.js";
import { createTsWriter } from "./ts-project.js";

/** A TypeScript type, as a small tree (so printing can parenthesise correctly). */
export type TsType =
  | { kind: "keyword"; name: "string" | "number" | "boolean" | "null" | "undefined" | "unknown" | "never" }
  | { kind: "literal"; value: string | number | boolean }
  /** `Record<string, unknown>` (any object) or `Record<string, never>` (the empty object). */
  | { kind: "record"; of: "unknown" | "never" }
  | { kind: "array"; element: TsType }
  | { kind: "tuple"; elements: Array<{ type: TsType; optional: boolean }>; rest?: TsType }
  | { kind: "object"; properties: TsProperty[]; index?: TsType }
  | { kind: "union"; members: TsType[] }
  | { kind: "intersection"; members: TsType[] };

/** One property of an object type. */
export interface TsProperty {
  name: string;
  type: TsType;
  optional: boolean;
  description?: string;
  deprecated?: boolean;
}

/** Nesting deeper than this becomes `unknown` (the IR already cuts recursion; this is a backstop). */
const MAX_DEPTH = 40;

const UNKNOWN: TsType = { kind: "keyword", name: "unknown" };
const NEVER: TsType = { kind: "keyword", name: "never" };

/** Converts a schema (or a boolean schema) to a type. */
export function schemaToTsType(schema: JsonValue | undefined, depth = 0): TsType {
  if (schema === false) return NEVER;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema) || depth > MAX_DEPTH) return UNKNOWN;
  const members: TsType[] = [];
  const base = baseType(schema, depth);
  if (!isUnknown(base)) members.push(base);
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const alternatives = schema[keyword];
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      members.push(union(alternatives.map((alt) => schemaToTsType(alt, depth + 1))));
    }
  }
  const all = schema.allOf;
  if (Array.isArray(all)) members.push(...all.map((part) => schemaToTsType(part, depth + 1)));
  return intersection(members);
}

/** The type from `const`, `enum`, `type` and the object/array keywords. */
function baseType(schema: { [key: string]: JsonValue }, depth: number): TsType {
  if ("const" in schema) return literalType(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literalType));
  const type = schema.type;
  if (typeof type === "string") return typeFor(type, schema, depth);
  if (Array.isArray(type)) return union(type.map((t) => (typeof t === "string" ? typeFor(t, schema, depth) : UNKNOWN)));
  if ("properties" in schema || "additionalProperties" in schema || "required" in schema) return objectType(schema, depth);
  if ("items" in schema || "prefixItems" in schema) return arrayType(schema, depth);
  return UNKNOWN;
}

function typeFor(type: string, schema: { [key: string]: JsonValue }, depth: number): TsType {
  switch (type) {
    case "string":
      return { kind: "keyword", name: "string" };
    case "number":
    case "integer":
      return { kind: "keyword", name: "number" };
    case "boolean":
      return { kind: "keyword", name: "boolean" };
    case "null":
      return { kind: "keyword", name: "null" };
    case "object":
      return objectType(schema, depth);
    case "array":
      return arrayType(schema, depth);
    default:
      return UNKNOWN;
  }
}

function literalType(value: JsonValue | undefined): TsType {
  if (value === null) return { kind: "keyword", name: "null" };
  if (typeof value === "string" || typeof value === "boolean") return { kind: "literal", value };
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "literal", value };
  return UNKNOWN;
}

function objectType(schema: { [key: string]: JsonValue }, depth: number): TsType {
  const props = schema.properties;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  const properties: TsProperty[] = [];
  if (props !== null && typeof props === "object" && !Array.isArray(props)) {
    for (const [name, propSchema] of Object.entries(props)) {
      const property: TsProperty = { name, type: schemaToTsType(propSchema, depth + 1), optional: !required.has(name) };
      if (propSchema !== null && typeof propSchema === "object" && !Array.isArray(propSchema)) {
        if (typeof propSchema.description === "string" && propSchema.description.trim() !== "") property.description = propSchema.description;
        if (propSchema.deprecated === true) property.deprecated = true;
      }
      properties.push(property);
    }
  }
  const extra = schema.additionalProperties;
  const hasExtraSchema = extra !== undefined && extra !== null && typeof extra === "object" && !Array.isArray(extra);
  if (properties.length === 0) {
    if (extra === false) return { kind: "record", of: "never" };
    if (!hasExtraSchema) return { kind: "record", of: "unknown" };
  }
  if (!hasExtraSchema) return { kind: "object", properties };
  // An index signature must admit every property's type (and undefined for optional ones).
  const extraType = schemaToTsType(extra, depth + 1);
  const index = union([
    extraType,
    ...properties.map((p) => p.type),
    ...(properties.some((p) => p.optional) ? [{ kind: "keyword", name: "undefined" } as const] : []),
  ]);
  return { kind: "object", properties, index };
}

function arrayType(schema: { [key: string]: JsonValue }, depth: number): TsType {
  const prefix = schema.prefixItems;
  if (Array.isArray(prefix) && prefix.length > 0) {
    const minItems = typeof schema.minItems === "number" ? schema.minItems : 0;
    const elements = prefix.map((item, i) => ({ type: schemaToTsType(item, depth + 1), optional: i >= minItems }));
    const items = schema.items;
    if (items === false) return { kind: "tuple", elements };
    return { kind: "tuple", elements, rest: items === undefined || items === true ? UNKNOWN : schemaToTsType(items, depth + 1) };
  }
  const items = schema.items;
  return { kind: "array", element: items === undefined ? UNKNOWN : schemaToTsType(items, depth + 1) };
}

function isUnknown(type: TsType): boolean {
  return type.kind === "keyword" && type.name === "unknown";
}

/** A union, flattened and de-duplicated; `unknown` absorbs everything, `never` disappears. */
export function union(types: TsType[]): TsType {
  const flat = types.flatMap((t) => (t.kind === "union" ? t.members : [t]));
  if (flat.some(isUnknown)) return UNKNOWN;
  const members = dedupe(flat.filter((t) => !(t.kind === "keyword" && t.name === "never")));
  if (members.length === 0) return NEVER;
  return members.length === 1 ? members[0]! : { kind: "union", members };
}

/** An intersection, flattened and de-duplicated; `unknown` disappears. */
export function intersection(types: TsType[]): TsType {
  const members = dedupe(types.flatMap((t) => (t.kind === "intersection" ? t.members : [t])).filter((t) => !isUnknown(t)));
  if (members.length === 0) return UNKNOWN;
  return members.length === 1 ? members[0]! : { kind: "intersection", members };
}

function dedupe(types: TsType[]): TsType[] {
  const seen = new Set<string>();
  return types.filter((t) => {
    const key = JSON.stringify(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Writes a type; object types span lines (with JSDoc on properties), everything else stays inline. */
export function writeTsType(writer: CodeBlockWriter, type: TsType): void {
  switch (type.kind) {
    case "keyword":
      writer.write(type.name);
      return;
    case "literal":
      writer.write(primitiveLiteral(type.value));
      return;
    case "record":
      writer.write(`Record<string, ${type.of}>`);
      return;
    case "array":
      writeOperand(writer, type.element, needsParensAsElement(type.element));
      writer.write("[]");
      return;
    case "tuple":
      writer.write("[");
      type.elements.forEach((element, i) => {
        if (i > 0) writer.write(", ");
        writeOperand(writer, element.type, element.optional && needsParensAsElement(element.type));
        if (element.optional) writer.write("?");
      });
      if (type.rest) {
        if (type.elements.length > 0) writer.write(", ");
        writer.write("...");
        writeOperand(writer, type.rest, needsParensAsElement(type.rest));
        writer.write("[]");
      }
      writer.write("]");
      return;
    case "object":
      writer.write("{").newLine();
      writer.indent(() => writeMembers(writer, type.properties, type.index));
      writer.write("}");
      return;
    case "union":
      type.members.forEach((member, i) => {
        if (i > 0) writer.write(" | ");
        writeOperand(writer, member, member.kind === "intersection");
      });
      return;
    case "intersection":
      type.members.forEach((member, i) => {
        if (i > 0) writer.write(" & ");
        writeOperand(writer, member, member.kind === "union");
      });
      return;
  }
}

/** Writes the members of an interface or type literal. */
export function writeMembers(writer: CodeBlockWriter, properties: TsProperty[], index?: TsType): void {
  for (const property of properties) {
    writeDocComment(writer, property.description ?? "", property.deprecated ? ["@deprecated"] : []);
    writer.write(`${typePropertyName(property.name)}${property.optional ? "?" : ""}: `);
    writeTsType(writer, property.type);
    writer.write(";").newLine();
  }
  if (index) {
    writer.write("[key: string]: ");
    writeTsType(writer, index);
    writer.write(";").newLine();
  }
}

function writeOperand(writer: CodeBlockWriter, type: TsType, parens: boolean): void {
  if (parens) writer.write("(");
  writeTsType(writer, type);
  if (parens) writer.write(")");
}

function needsParensAsElement(type: TsType): boolean {
  return type.kind === "union" || type.kind === "intersection";
}


/** A type as text (2-space indentation), for messages and tests. */
export function tsTypeText(type: TsType): string {
  const writer = createTsWriter();
  writeTsType(writer, type);
  return writer.toString();
}
