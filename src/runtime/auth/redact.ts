/**
 * Keeps configured secrets out of logs, errors and tool results. A redactor replaces every known
 * secret with `[REDACTED]` in every form it can take in text: as written; with any of its characters
 * escaped the ways JSON allows (`\/` — PHP's default for `/` — `\u00xx`, `\"`, …, escapes doubled
 * when JSON sits inside JSON) or percent-encoded (query, form, cookie; either hex case, `+` for a
 * space), in any mix; and base64 (HTTP Basic, including when the secret sits anywhere inside a longer
 * base64-encoded text, and base64 of its percent-encoded form). Values shorter than 4 characters are
 * ignored: masking them would mangle ordinary text while hiding almost nothing.
 *
 * Callers redact a text BEFORE cutting excerpts from it: a cut inside a secret leaves a prefix that
 * no pattern recognises.
 */
import { Buffer } from "node:buffer";
import { clientBasicCredentials } from "./oauth-client-credentials.js";
import type { CredentialStore } from "./credentials.js";
import { encodeCookieValue, encodeUnreserved } from "../core/percent-encode.js";
import type { SecuritySchemeDefinition } from "../core/tool-definition.js";

/** The marker that replaces a secret. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not redacted. */
export const MIN_SECRET_LENGTH = 4;

/** Replaces every known secret in `text`; `add` registers more (e.g. OAuth tokens as they are fetched). */
export interface Redactor {
  (text: string): string;
  add(secret: string): void;
}

/** The fixed header names that always carry credentials (lower case). */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/** Shortest base64 run worth matching when a secret sits at an unknown offset in a longer text. */
const MIN_BASE64_RUN = 8;

function base64Variants(bytes: Buffer): string[] {
  const out: string[] = [bytes.toString("base64")];
  // A secret at byte offset k (mod 3) inside a longer encoded text yields a fixed run of base64
  // characters, once the groups shared with the surrounding bytes are dropped.
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const run = encoded.slice(k === 0 ? 0 : 4, Math.floor((k + bytes.length) / 3) * 4);
    if (run.length >= MIN_BASE64_RUN) out.push(run);
  }
  return out.flatMap((b64) => [b64, b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")]);
}

/** The JSON escapes of one UTF-16 code unit other than `\uXXXX` (RFC 8259 §7). */
const SHORT_JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
}

/** A hex digit of either case: `a` → `[aA]`, `7` → `7`. */
function hexDigit(digit: string): string {
  return /[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit;
}

function hexPattern(hex: string): string {
  return [...hex].map(hexDigit).join("");
}

/**
 * A pattern for one character of a secret: the character itself, its JSON escapes (any number of
 * backslashes, for JSON inside JSON strings), or its UTF-8 bytes percent-encoded in either hex case.
 */
function charPattern(char: string): string {
  const options = [escapeRegExp(char)];
  const units = [...Array(char.length).keys()].map((i) => char.charCodeAt(i).toString(16).padStart(4, "0"));
  options.push(units.map((unit) => `\\\\+u${hexPattern(unit)}`).join(""));
  const short = SHORT_JSON_ESCAPES[char];
  if (short !== undefined) options.push(`\\\\+${escapeRegExp(short)}`);
  options.push([...Buffer.from(char, "utf8")].map((byte) => `%${hexPattern(byte.toString(16).padStart(2, "0"))}`).join(""));
  if (char === " ") options.push("\\+");
  return options.length === 1 ? options[0]! : `(?:${options.join("|")})`;
}

/** A pattern matching `secret` with any of its characters written in any of the forms of {@link charPattern}. */
function escapedPattern(secret: string): string {
  return [...secret].map(charPattern).join("");
}

/** The literal forms: base64 (and base64url) of the secret and of its JSON and percent-encoded forms. */
function base64Forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const sources = new Set([secret, json, encodeURIComponent(secret), encodeUnreserved(secret), encodeCookieValue(secret)]);
  return [...sources].flatMap((s) => base64Variants(Buffer.from(s, "utf8")));
}

/** Creates a redactor for `secrets`; more can be added later with `add`. */
export function createRedactor(secrets: Iterable<string> = []): Redactor {
  /** Pattern source → its length hint (the secret's length), for longest-first ordering. */
  const patterns = new Map<string, number>();
  let pattern: RegExp | undefined;

  const redact = ((text: string): string => {
    if (patterns.size === 0) return text;
    // Longest first: the alternation takes the first branch that matches at a position.
    pattern ??= new RegExp(
      [...patterns].sort((a, b) => b[1] - a[1]).map(([source]) => source).join("|"),
      "g",
    );
    return text.replace(pattern, REDACTED);
  }) as Redactor;
  const register = (source: string, length: number): void => {
    if (!patterns.has(source)) {
      patterns.set(source, length);
      pattern = undefined;
    }
  };
  redact.add = (secret: string): void => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    register(escapedPattern(secret), secret.length);
    for (const form of base64Forms(secret)) if (form.length >= MIN_SECRET_LENGTH) register(escapeRegExp(form), form.length);
  };
  for (const secret of secrets) redact.add(secret);
  return redact;
}

/**
 * The secret values in a store, for {@link createRedactor}: keys, tokens, passwords and client
 * secrets, plus the `user:password` pairs that HTTP Basic encodes (so their base64 form is masked).
 */
export function secretsOf(store: CredentialStore): string[] {
  const out: string[] = [];
  for (const credential of store.credentials.values()) {
    switch (credential.type) {
      case "apiKey":
      case "authorization":
        out.push(credential.value);
        break;
      case "basic":
        out.push(credential.password, `${credential.username}:${credential.password}`);
        break;
      case "clientCredentials":
        out.push(
          credential.clientSecret,
          `${credential.clientId}:${credential.clientSecret}`,
          Buffer.from(clientBasicCredentials(credential.clientId, credential.clientSecret), "base64").toString("utf8"),
        );
        break;
    }
  }
  return [...new Set(out)];
}

/**
 * A copy of `headers` with credential-bearing values replaced by `[REDACTED]`: Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie, and the header of every apiKey scheme in `schemes`.
 * Names match case-insensitively.
 */
export function redactHeaders<V extends string | readonly string[] | undefined>(
  headers: Record<string, V>,
  schemes: Record<string, SecuritySchemeDefinition> = {},
): Record<string, V | string> {
  const sensitive = new Set(CREDENTIAL_HEADERS);
  for (const def of Object.values(schemes)) if (def.type === "apiKey" && def.in === "header") sensitive.add(def.name.toLowerCase());
  const out: Record<string, V | string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const masked = value !== undefined && sensitive.has(name.toLowerCase()) ? REDACTED : value;
    // defineProperty: a header named "__proto__" must stay a header.
    Object.defineProperty(out, name, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
