/** Reading an incoming request: its body, bounded, and its query as a plain record for recording. */
import type { IncomingMessage } from "node:http";

/** The largest body the upstream accepts; a larger one is answered 413. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the body; beyond {@link MAX_BODY_BYTES} the rest is drained and `undefined` returned. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Query parameters as a record; a repeated name gives an array in order. */
export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of query) {
    const prior = out[name];
    out[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}
