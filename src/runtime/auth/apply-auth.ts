/**
 * Attaches configured credentials to a built request, following the operation's Security
 * Requirement (https://spec.openapis.org/oas/v3.1.0#security-requirement-object): any one
 * alternative satisfies it, and every scheme of that alternative is applied. Credentials come only
 * from the {@link CredentialStore} (configuration), so a credential value always replaces a same-named
 * header, query parameter or cookie the model may have supplied.
 */
import { Buffer } from "node:buffer";
import type { BuiltRequest } from "../request/build-request.js";
import { readCredentials, type CredentialStore, type SchemeCredential } from "./credentials.js";
import { createTokenProvider, type TokenProvider, type TokenProviderOptions } from "./oauth-client-credentials.js";
import { encodeCookieName, encodeCookieValue, encodeQueryName, encodeUnreserved } from "../core/percent-encode.js";
import type { SecurityRequirement, SecuritySchemeDefinition } from "../core/tool-definition.js";

/** Everything {@link applyAuth} needs, built once at start. */
export interface AuthContext {
  store: CredentialStore;
  schemes: Record<string, SecuritySchemeDefinition>;
  /** Token source for OAuth 2.0 client credentials; default: one caching provider per store. */
  fetchToken?: TokenProvider;
}

/** What {@link applyAuth} did. */
export interface AuthResult {
  /** True when the requirement is satisfied (possibly with no credentials: none required, or optional). */
  ok: boolean;
  /** Scheme names whose credentials were attached. */
  applied: string[];
  /** When not ok: variables that would satisfy the first alternative (set them, then restart). */
  missing: string[];
  /** When not ok: schemes of that alternative no variable can configure (mutualTLS, undeclared). */
  unsupported: string[];
}

/**
 * Reads the credentials from `env` once and creates the token provider. Pass `onToken` (e.g. the
 * redactor's `add`) so OAuth tokens are masked in logs from the moment they are fetched.
 */
export function createAuthContext(
  schemes: Record<string, SecuritySchemeDefinition>,
  env: Record<string, string | undefined>,
  tokenOptions: TokenProviderOptions = {},
): AuthContext {
  return { store: readCredentials(schemes, env), schemes, fetchToken: createTokenProvider(tokenOptions) };
}

const defaultProviders = new WeakMap<CredentialStore, TokenProvider>();

function providerFor(ctx: AuthContext): TokenProvider {
  if (ctx.fetchToken) return ctx.fetchToken;
  let provider = defaultProviders.get(ctx.store);
  if (!provider) {
    provider = createTokenProvider();
    defaultProviders.set(ctx.store, provider);
  }
  return provider;
}

/** Removes every header named `name`, whatever its case. */
function deleteHeader(headers: Record<string, string>, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  deleteHeader(headers, name);
  headers[name] = value;
}

function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** Adds `name=value` to the URL's query, dropping any earlier pair of that name. */
function setQueryParameter(url: string, name: string, value: string): string {
  const hashAt = url.indexOf("#");
  const fragment = hashAt === -1 ? "" : url.slice(hashAt);
  const beforeFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf("?");
  const base = queryAt === -1 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const pairs = queryAt === -1 ? [] : beforeFragment.slice(queryAt + 1).split("&").filter((p) => p !== "");
  const kept = pairs.filter((pair) => decodeQueryComponent(pair.split("=", 1)[0] as string) !== name);
  kept.push(`${encodeQueryName(name)}=${encodeUnreserved(value)}`);
  return `${base}?${kept.join("&")}${fragment}`;
}

/** Merges `name=value` into the Cookie header, dropping any earlier cookie of that name. */
function setCookie(headers: Record<string, string>, name: string, value: string): void {
  const wireName = encodeCookieName(name);
  const existing = Object.entries(headers).find(([key]) => key.toLowerCase() === "cookie")?.[1];
  const pairs = (existing ?? "").split(";").map((p) => p.trim()).filter((p) => p !== "");
  const kept = pairs.filter((pair) => pair.split("=", 1)[0] !== wireName);
  kept.push(`${wireName}=${encodeCookieValue(value)}`);
  setHeader(headers, "Cookie", kept.join("; "));
}

/** Resolves a client credentials token URL that the spec gave relative to the API's server URL. */
function absoluteTokenUrl(tokenUrl: string, requestUrl: string): string {
  try {
    return new URL(tokenUrl, requestUrl).href;
  } catch {
    return tokenUrl; // the token request reports it
  }
}

function attach(req: BuiltRequest, credential: SchemeCredential, token: string | undefined): void {
  switch (credential.type) {
    case "apiKey":
      if (credential.in === "header") setHeader(req.headers, credential.name, credential.value);
      else if (credential.in === "query") req.url = setQueryParameter(req.url, credential.name, credential.value);
      else setCookie(req.headers, credential.name, credential.value);
      return;
    case "authorization":
      setHeader(req.headers, "Authorization", `${credential.scheme} ${credential.value}`);
      return;
    case "basic":
      setHeader(req.headers, "Authorization", `Basic ${Buffer.from(`${credential.username}:${credential.password}`, "utf8").toString("base64")}`);
      return;
    case "clientCredentials":
      setHeader(req.headers, "Authorization", `Bearer ${token}`);
      return;
  }
}

/**
 * Attaches credentials to `req` in place and reports what it did. Picks the first non-empty
 * alternative whose schemes are all configured; an empty alternative (`{}`) makes credentials
 * optional, so it applies only when no other alternative can be. Re-applying to the same request is
 * safe (values are replaced, not duplicated). When two schemes of one alternative both use
 * `Authorization`, the later one wins. OAuth 2.0 client credentials tokens are fetched (or taken from
 * the cache) before the request is touched; `forceRefresh` fetches new ones (use it once after an
 * upstream 401). Throws only {@link OAuthTokenError} from the token endpoint.
 */
export async function applyAuth(
  req: BuiltRequest,
  security: SecurityRequirement[],
  ctx: AuthContext,
  options: { forceRefresh?: boolean } = {},
): Promise<AuthResult> {
  const alternatives = security.filter((alt) => Object.keys(alt).length > 0);
  const chosen = alternatives.find((alt) => Object.keys(alt).every((scheme) => ctx.store.credentials.has(scheme)));
  if (chosen === undefined) {
    if (alternatives.length === 0 || alternatives.length < security.length) return { ok: true, applied: [], missing: [], unsupported: [] };
    // Prefer to name an alternative the user can actually configure.
    const isConfigurable = (scheme: string): boolean => scheme in ctx.schemes && !ctx.store.unsupported.has(scheme);
    const first = alternatives.find((alt) => Object.keys(alt).every(isConfigurable)) ?? (alternatives[0] as SecurityRequirement);
    const missing: string[] = [];
    const unsupported: string[] = [];
    for (const scheme of Object.keys(first)) {
      if (ctx.store.credentials.has(scheme)) continue;
      if (isConfigurable(scheme)) missing.push(...(ctx.store.missing.get(scheme) ?? []));
      else unsupported.push(scheme);
    }
    return { ok: false, applied: [], missing, unsupported };
  }

  const schemes = Object.keys(chosen);
  const tokens = await Promise.all(
    schemes.map((scheme) => {
      const credential = ctx.store.credentials.get(scheme) as SchemeCredential;
      if (credential.type !== "clientCredentials") return undefined;
      const request = {
        scheme,
        tokenUrl: absoluteTokenUrl(credential.tokenUrl, req.url),
        clientId: credential.clientId,
        clientSecret: credential.clientSecret,
        scopes: credential.scopes ?? chosen[scheme] ?? [],
      };
      return providerFor(ctx)(request, { forceRefresh: options.forceRefresh ?? false });
    }),
  );
  schemes.forEach((scheme, i) => attach(req, ctx.store.credentials.get(scheme) as SchemeCredential, tokens[i]));
  return { ok: true, applied: schemes, missing: [], unsupported: [] };
}
