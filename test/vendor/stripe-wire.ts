/**
 * Helpers for comparing what Stripe's own Node SDK sends with what the bridge sends: a Stripe HTTP
 * client that delivers every request to a loopback recorder (the SDK sends file uploads to
 * files.stripe.com; this client ignores the host it is given), and a normal form of a recorded
 * request that keeps only what the API acts on — method, path, parsed query, parsed body, the
 * Authorization header.
 */
import { Buffer } from "node:buffer";
import qs from "qs";
import Stripe from "stripe";
import type { ReceivedRequest } from "../helpers/recording-upstream.js";

/** A file part of a multipart body. */
export interface FilePart {
  field: string;
  filename: string;
  type: string;
  text: string;
}

/** A request reduced to what the API reads. */
export interface WireRequest {
  method: string;
  path: string;
  /** `qs.parse` of the query string: `expand[0]=a` and `expand[]=a` both become `{expand: ["a"]}`. */
  query: unknown;
  /**
   * The decoded `name=value` pairs of the query, sorted. Stricter than `qs.parse`, which reads
   * `expand=a&expand=b` as an array where Rack (Stripe's parser family) keeps only the last value.
   */
  queryPairs: string[];
  /** The same for a form body or the text fields of a multipart body. */
  bodyPairs: string[];
  /** Form bodies: `qs.parse` of the body; multipart: `qs.parse` of the text fields, files apart; no body: undefined. */
  body: unknown;
  files: FilePart[];
  authorization: string | undefined;
}

/** A Stripe HTTP client that sends every request to `origin` (http://127.0.0.1:port) over Node's http. */
export function loopbackHttpClient(origin: string): InstanceType<typeof Stripe.HttpClient> {
  const inner = Stripe.createNodeHttpClient();
  const { hostname, port } = new URL(origin);
  class LoopbackHttpClient extends Stripe.HttpClient {
    override getClientName(): string {
      return "loopback";
    }
    override makeRequest(
      _host: string,
      _port: string,
      path: string,
      method: string,
      headers: Parameters<typeof inner.makeRequest>[4],
      requestData: string,
      _protocol: string,
      timeout: number,
    ): ReturnType<typeof inner.makeRequest> {
      return inner.makeRequest(hostname, port, path, method, headers, requestData, "http", timeout);
    }
  }
  return new LoopbackHttpClient();
}

/** Decoded, sorted `name=value` pairs of a query string or form body. */
function sortedPairs(text: string): string[] {
  return [...new URLSearchParams(text.replace(/\+/g, "%2B"))].map(([name, value]) => `${name}=${value}`).sort();
}

/** Parses a multipart body with undici's (the platform's) parser. */
async function parseMultipart(body: Buffer, contentType: string): Promise<{ fields: unknown; pairs: string[]; files: FilePart[] }> {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  const pairs: string[] = [];
  const files: FilePart[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") pairs.push(`${encodeURIComponent(field)}=${encodeURIComponent(value)}`);
    else files.push({ field, filename: value.name, type: value.type, text: await value.text() });
  }
  return { fields: qs.parse(pairs.join("&")), pairs: sortedPairs(pairs.join("&")), files };
}

/** The normal form of a recorded request. */
export async function toWireRequest(request: ReceivedRequest): Promise<WireRequest> {
  const url = new URL(request.url, "http://recorder");
  const contentType = String(request.headers["content-type"] ?? "");
  let body: unknown;
  let bodyPairs: string[] = [];
  let files: FilePart[] = [];
  if (request.body.length > 0) {
    if (contentType.startsWith("multipart/form-data")) ({ fields: body, pairs: bodyPairs, files } = await parseMultipart(request.body, contentType));
    else if (contentType.startsWith("application/x-www-form-urlencoded")) {
      body = qs.parse(request.body.toString("utf8"));
      bodyPairs = sortedPairs(request.body.toString("utf8"));
    } else body = { unexpectedContentType: contentType, text: request.body.toString("utf8") };
  }
  return {
    method: request.method,
    path: url.pathname,
    query: qs.parse(url.search.slice(1)),
    queryPairs: sortedPairs(url.search.slice(1)),
    body,
    bodyPairs,
    files,
    authorization: typeof request.headers.authorization === "string" ? request.headers.authorization : undefined,
  };
}
