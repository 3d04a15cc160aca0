/**
 * Percent-encoding (RFC 3986 §2.1) for the places a serialised parameter can land: URL path and query,
 * and cookie values. Text is encoded as UTF-8; lone surrogates become U+FFFD instead of throwing.
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** Text made only of characters that {@link encodeUnreserved} (or, with brackets, {@link encodeQueryName}) keeps: it is its own encoding. */
const ALL_UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const ALL_QUERY_NAME = /^[A-Za-z0-9\-._~[\]]*$/;
/** RFC 3986 §2.2 reserved characters, minus `#`: an unencoded `#` would end the URL at the fragment. */
const RESERVED_KEPT = new Set(":/?[]@!$&'()*+,;=");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Replaces unpaired UTF-16 surrogates with U+FFFD, which `encodeURIComponent` and UTF-8 need. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

function encodeChar(char: string): string {
  return encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodeKeeping(text: string, keep: (char: string) => boolean, keepTriples: boolean): string {
  const input = toWellFormed(text);
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (keepTriples && char === "%" && HEX.test(input.slice(i + 1, i + 3))) {
      out += input.slice(i, i + 3);
      i += 2;
    } else if (keep(char)) {
      out += char;
    } else {
      // A high surrogate is always followed by its low half here (the input is well-formed).
      const code = char.charCodeAt(0);
      const isPair = code >= 0xd800 && code <= 0xdbff;
      out += encodeChar(isPair ? input.slice(i, i + 2) : char);
      if (isPair) i++;
    }
  }
  return out;
}

/** Percent-encodes every character outside RFC 3986 unreserved (`A-Za-z0-9-._~`). */
export function encodeUnreserved(text: string): string {
  if (ALL_UNRESERVED.test(text)) return text;
  return encodeKeeping(text, (c) => UNRESERVED.test(c), false);
}

/**
 * `allowReserved` encoding (RFC 6570 reserved expansion): reserved characters and existing `%XX`
 * triples pass through; `#` is still encoded, since it would cut the query string short.
 */
export function encodeAllowReserved(text: string): string {
  return encodeKeeping(text, (c) => UNRESERVED.test(c) || RESERVED_KEPT.has(c), true);
}

/**
 * Query parameter names: like {@link encodeUnreserved} but `[` and `]` stay literal, as in the OAS
 * style table's `color[R]=100` and in common names such as JSON:API's `filter[status]`.
 */
export function encodeQueryName(text: string): string {
  if (ALL_QUERY_NAME.test(text)) return text;
  return encodeKeeping(text, (c) => UNRESERVED.test(c) || c === "[" || c === "]", false);
}

/**
 * Cookie values: RFC 6265 §4.1.1 cookie-octets pass through unchanged; everything else (space, `"`,
 * `,`, `;`, `\`, controls, non-ASCII) and `%` itself are percent-encoded, so the encoding is reversible.
 */
export function encodeCookieValue(text: string): string {
  return encodeKeeping(
    text,
    (c) => {
      const code = c.charCodeAt(0);
      return code > 0x20 && code < 0x7f && !'",;\\%'.includes(c);
    },
    false,
  );
}

/** Cookie names (and exploded object keys): RFC 9110 token characters pass, anything else is encoded. */
export function encodeCookieName(text: string): string {
  return encodeKeeping(text, (c) => /^[A-Za-z0-9!#$&'*+\-.^_`|~]$/.test(c), false);
}

/** Decodes `%XX` triples once; returns the input unchanged when it is not valid percent-encoded UTF-8. */
export function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
