/**
 * Keeps configured secrets out of logs, errors and tool results. A redactor replaces every known
 * secret with `[REDACTED]` — as written, and in the forms it takes on the wire: percent-encoded (query,
 * form, cookie), JSON-escaped, and base64 (HTTP Basic, including when the secret sits anywhere inside
 * a longer base64-encoded text). Values shorter than 4 characters are ignored: masking them would
 * mangle ordinary text while hiding almost nothing.
 */
import { Buffer } from "node:buffer";
import { clientBasicCredentials } from "./oauth-client-credentials.js";
import type { CredentialStore } from "./credentials.js";
import { encodeCookieValue, encodeUnreserved } from "./percent-encode.js";
import type { SecuritySchemeDefinition } from "./tool-definition.js";

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

/** Every form a secret can take in text we might log or return. */
function variantsOf(secret: string): string[] {
  const percent = [
    encodeURIComponent(secret),
    encodeUnreserved(secret),
    new URLSearchParams([["", secret]]).toString().slice(1),
    encodeCookieValue(secret),
  ];
  const lowerHex = percent.map((p) => p.replace(/%[0-9A-F]{2}/g, (triple) => triple.toLowerCase()));
  const json = JSON.stringify(secret).slice(1, -1);
  const base64 = [secret, ...(json === secret ? [] : [json])].flatMap((s) => base64Variants(Buffer.from(s, "utf8")));
  return [secret, json, ...percent, ...lowerHex, ...base64];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
}

/** Creates a redactor for `secrets`; more can be added later with `add`. */
export function createRedactor(secrets: Iterable<string> = []): Redactor {
  const variants = new Set<string>();
  let pattern: RegExp | undefined;

  const redact = ((text: string): string => {
    if (variants.size === 0) return text;
    // Longest first: the alternation takes the first branch that matches at a position.
    pattern ??= new RegExp([...variants].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
    return text.replace(pattern, REDACTED);
  }) as Redactor;
  redact.add = (secret: string): void => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    for (const variant of variantsOf(secret)) {
      if (variant.length >= MIN_SECRET_LENGTH && !variants.has(variant)) {
        variants.add(variant);
        pattern = undefined;
      }
    }
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
