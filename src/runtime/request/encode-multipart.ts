/**
 * `multipart/form-data` bodies (RFC 7578), assembled by hand so the runtime needs no FormData polyfill
 * and the bytes are exactly what we chose: one part per field, CRLF line endings, a random boundary
 * checked against every part's content.
 */
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";

/** One part of a multipart body. */
export interface MultipartPart {
  /** The form field name (Content-Disposition `name`). */
  name: string;
  /** Set for file parts (Content-Disposition `filename`). */
  filename?: string;
  contentType: string;
  data: Uint8Array | string;
}

/** The encoded body and the Content-Type header value that carries its boundary. */
export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/** WHATWG's escaping for names in Content-Disposition: `"` → %22, CR → %0D, LF → %0A. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;
}

function newBoundary(): string {
  return `----openapi-mcp-bridge-${randomBytes(16).toString("hex")}`;
}

/**
 * Encodes parts as `multipart/form-data` (https://spec.openapis.org/oas/v3.1.0#special-considerations-for-multipart-content).
 * `mediaType` is the declared body type (default `multipart/form-data`); `boundary` is for tests.
 */
export function encodeMultipart(
  parts: readonly MultipartPart[],
  mediaType = "multipart/form-data",
  boundary?: string,
): MultipartBody {
  const payloads = parts.map(({ data }) =>
    typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  );
  let chosen = boundary ?? newBoundary();
  while (boundary === undefined && payloads.some((p) => p.includes(chosen))) chosen = newBoundary();
  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    const filename = part.filename === undefined ? "" : `; filename=${quote(part.filename)}`;
    const disposition = `form-data; name=${quote(part.name)}${filename}`;
    const head = `--${chosen}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(head, "utf8"), payloads[index] as Buffer, Buffer.from("\r\n", "utf8"));
  });
  chunks.push(Buffer.from(`--${chosen}--\r\n`, "utf8"));
  const body = Buffer.concat(chunks);
  const essence = mediaType.split(";")[0]?.trim() || "multipart/form-data";
  return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType: `${essence}; boundary=${chosen}` };
}
