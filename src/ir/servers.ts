/**
 * The upstream base URL a spec declares: OpenAPI 3 `servers[0]` with its variables' defaults, or
 * Swagger 2.0 `schemes` + `host` + `basePath`. A relative URL resolves against the spec's URL.
 * See https://spec.openapis.org/oas/v3.1.0#server-object.
 */
import type { Diagnostic } from "./types.js";

/** Where the spec came from, to resolve relative server URLs. */
export interface ServerContext {
  /** Absolute path or URL of the spec. */
  location: string;
  isUrl: boolean;
  warnings: Diagnostic[];
}

/** Resolves a Server Object list (document, path or operation level) to one absolute URL, if any. */
export function serverListToUrl(servers: unknown, pointer: string, ctx: ServerContext): string | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  const first = servers[0] as { url?: unknown; variables?: Record<string, { default?: unknown; enum?: unknown[] }> };
  if (typeof first?.url !== "string" || first.url.trim() === "") return undefined;
  const url = first.url.trim().replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = first.variables?.[name];
    const value = variable?.default ?? variable?.enum?.[0];
    return value === undefined ? whole : String(value);
  });
  return absolutize(url, `${pointer}/0/url`, ctx);
}

/** Swagger 2.0: `https://{host}{basePath}`, preferring https when both schemes are listed. */
export function swagger2ServerUrl(document: Record<string, unknown>, ctx: ServerContext): string | undefined {
  const schemes = Array.isArray(document.schemes) ? document.schemes.map(String) : [];
  const scheme = schemes.includes("https") ? "https" : (schemes[0] ?? (ctx.isUrl ? new URL(ctx.location).protocol.replace(":", "") : "https"));
  const basePath = typeof document.basePath === "string" ? document.basePath : "";
  if (typeof document.host === "string" && document.host !== "") {
    return `${scheme}://${document.host}${basePath}`.replace(/\/+$/, "");
  }
  return absolutize(basePath || "/", "#/host", ctx);
}

function absolutize(url: string, pointer: string, ctx: ServerContext): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.replace(/\/+$/, "");
  if (url.startsWith("//")) return `https:${url}`.replace(/\/+$/, "");
  if (ctx.isUrl) return new URL(url, ctx.location).href.replace(/\/+$/, "");
  ctx.warnings.push({
    pointer,
    message: `server URL "${url}" is relative and the spec is a local file`,
    hint: "set baseUrl in the curation file or pass --base-url",
  });
  return undefined;
}
