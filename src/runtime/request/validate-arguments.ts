/**
 * Validates tool arguments against the tool's input schema before any I/O (JSON Schema 2020-12,
 * Ajv). Each tool's validator is compiled on its first call, so a server with 1,000 tools starts
 * without compiling 1,000 schemas. Formats are not enforced: upstream APIs define their own
 * (`int64`, vendor formats) and are the authority on them.
 *
 * Arguments come from a model, or from whoever can reach the server, so before Ajv sees them one
 * iterative walk bounds their size and depth (Ajv and JSON.stringify recurse: depth 100,000 would
 * overflow the stack) and refuses keys that mean prototype pollution to JavaScript code upstream.
 * Arguments the input schema does not declare are refused, never dropped silently: a model that
 * passes `Authorization` or a misspelt name learns that nothing of it would be sent. At most
 * `maxValidationErrors` problems are listed, so a million wrong array items cost one short answer.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { INPUT_LIMIT_VARIABLES, type InputLimits } from "./input-limits.js";
import { SERVER_OWNED_HEADERS } from "./server-owned-headers.js";
import type { JsonSchema } from "../core/tool-definition.js";

/** Made on the first call: its meta-schemas cost start-up time that `tools/list` does not need. */
let ajv: Ajv2020 | undefined;
const cache = new WeakMap<JsonSchema, ValidateFunction>();
const declaredCache = new WeakMap<JsonSchema, { topLevel: ReadonlySet<string>; anywhere: ReadonlySet<string> }>();

/** Never forwarded: JSON.parse makes it an own key, and merge code upstream turns it into a prototype. */
const PROTO = "__proto__";
/** Forwarded only where the schema declares a property of that name (with `__proto__`, the pollution gadget). */
const GUARDED_KEYS = new Set(["constructor", "prototype"]);

/** The outcome of {@link checkArguments}. */
export interface ArgumentCheck {
  /** One line per problem, naming the field; empty when the arguments are acceptable. */
  problems: string[];
  /** Set when a limit was hit (the problems then say which and the setting that raises it). */
  limit?: keyof InputLimits;
}

/**
 * Checks one call's arguments: limits and forbidden keys first, then undeclared top-level
 * arguments, then the input schema. `hidden` are arguments the server sets (curation `hidden`);
 * passing one is refused with its own message.
 */
export function checkArguments(
  schema: JsonSchema,
  args: Record<string, unknown>,
  limits: InputLimits,
  hidden: ReadonlySet<string> = new Set(),
): ArgumentCheck {
  const declared = declaredNames(schema);
  const shape = shapeProblem(args, limits, declared.anywhere);
  if (shape !== undefined) return shape;
  const problems: string[] = [];
  for (const name of Object.keys(args)) {
    if (declared.topLevel.has(name)) continue;
    if (hidden.has(name)) problems.push(`${name}: not an argument of this tool (the server sets it)`);
    else if (SERVER_OWNED_HEADERS.has(name.toLowerCase())) problems.push(`${name}: unknown argument; the server alone sets ${name} (credentials and transport headers come from its configuration)`);
    else problems.push(`${name}: unknown argument (not in the tool's input schema); remove it`);
  }
  const listed = argumentProblems(schema, args, limits.maxValidationErrors);
  problems.push(...listed.problems);
  if (problems.length > limits.maxValidationErrors || listed.more > 0) {
    const more = problems.length - Math.min(problems.length, limits.maxValidationErrors) + listed.more;
    const shown = problems.slice(0, limits.maxValidationErrors);
    shown.push(`... and ${more} more problem${more === 1 ? "" : "s"} not listed (at most ${limits.maxValidationErrors} are; the server's ${INPUT_LIMIT_VARIABLES.maxValidationErrors} setting raises it)`);
    return { problems: shown, limit: "maxValidationErrors" };
  }
  return { problems };
}

/**
 * Problems with a value against a schema, one line each, naming the field and what was expected;
 * at most `max` distinct lines, with `more` counting the validation errors left out.
 */
export function argumentProblems(schema: JsonSchema, value: unknown, max = Number.POSITIVE_INFINITY): { problems: string[]; more: number } {
  let validate = cache.get(schema);
  if (!validate) {
    ajv ??= new Ajv2020({ allErrors: true, strict: false, validateFormats: false, logger: false });
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  if (validate(value)) return { problems: [], more: 0 };
  const errors = validate.errors ?? [];
  const lines = new Set<string>();
  let index = 0;
  for (; index < errors.length && lines.size < max; index++) lines.add(describeError(errors[index]!));
  // Errors past the cap are counted, not described: describing a million costs seconds.
  return { problems: [...lines], more: errors.length - index };
}

/** One walk over the arguments, without recursion: size, depth and forbidden keys. */
function shapeProblem(args: Record<string, unknown>, limits: InputLimits, declared: ReadonlySet<string>): ArgumentCheck | undefined {
  interface Node { value: unknown; depth: number; parent: Node | undefined; key: string | number }
  const stack: Node[] = [{ value: args, depth: 1, parent: undefined, key: "" }];
  let bytes = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (typeof value === "string") {
      bytes += value.length + 2;
    } else if (value !== null && typeof value === "object") {
      bytes += 2;
      if (node.depth > limits.maxArgumentDepth) {
        const variable = INPUT_LIMIT_VARIABLES.maxArgumentDepth;
        return {
          problems: [`${pathOf(node)}: arguments nest deeper than ${limits.maxArgumentDepth} levels, the server's limit (its ${variable} setting raises it); nothing was sent`],
          limit: "maxArgumentDepth",
        };
      }
      if (Array.isArray(value)) {
        // Every item is at least one character and a comma: a huge array is refused before it is walked.
        bytes += value.length * 2;
        if (bytes > limits.maxArgumentBytes) break;
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: node.depth + 1, parent: node, key: i });
      } else {
        for (const key of Object.keys(value)) {
          if (key === PROTO || (GUARDED_KEYS.has(key) && !declared.has(key))) {
            return { problems: [`${pathOf({ parent: node, key })}: the key "${key}" is never forwarded (it is not in the tool's schema, and JavaScript treats it as an object's prototype); remove it`] };
          }
          bytes += key.length + 4;
          stack.push({ value: (value as Record<string, unknown>)[key], depth: node.depth + 1, parent: node, key });
        }
      }
    } else {
      bytes += 4;
    }
    if (bytes > limits.maxArgumentBytes) break;
  }
  if (bytes <= limits.maxArgumentBytes) return undefined;
  const variable = INPUT_LIMIT_VARIABLES.maxArgumentBytes;
  return {
    problems: [`arguments: larger than ${limits.maxArgumentBytes} bytes of JSON, the server's limit on one call's arguments (its ${variable} setting raises it); nothing was sent`],
    limit: "maxArgumentBytes",
  };
}

function pathOf(node: { parent: { parent: unknown; key: string | number } | undefined; key: string | number }): string {
  const parts: Array<string | number> = [];
  for (let at: typeof node | undefined = node; at?.parent !== undefined; at = at.parent as typeof node | undefined) parts.push(at.key);
  return parts.length === 0 ? "arguments" : parts.reverse().join(".");
}

/** Property names the schema declares: at its top level, and anywhere in it (subschemas included). */
function declaredNames(schema: JsonSchema): { topLevel: ReadonlySet<string>; anywhere: ReadonlySet<string> } {
  let found = declaredCache.get(schema);
  if (found) return found;
  const properties = schema.properties;
  const topLevel = new Set(properties && typeof properties === "object" ? Object.keys(properties) : []);
  const anywhere = new Set<string>();
  const stack: unknown[] = [schema];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const props = (node as { properties?: unknown }).properties;
    if (props !== null && typeof props === "object" && !Array.isArray(props)) for (const name of Object.keys(props)) anywhere.add(name);
    for (const child of Object.values(node)) stack.push(child);
  }
  found = { topLevel, anywhere };
  declaredCache.set(schema, found);
  return found;
}

function describeError(error: ErrorObject): string {
  const field = error.instancePath === "" ? "" : error.instancePath.slice(1).replace(/\//g, ".");
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const name = [field, String(params.missingProperty)].filter(Boolean).join(".");
      return `${name}: required argument is missing`;
    }
    case "additionalProperties": {
      const name = [field, String(params.additionalProperty)].filter(Boolean).join(".");
      return `${name}: unknown argument (not in the tool's input schema)`;
    }
    case "type":
      return `${field || "arguments"}: expected ${String(params.type)}`;
    case "enum":
      return `${field}: expected one of ${JSON.stringify(params.allowedValues)}`;
    case "const":
      return `${field}: must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${field || "arguments"}: ${error.message ?? "is invalid"}`;
  }
}
