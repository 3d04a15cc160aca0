/**
 * Upstream credentials come only from configuration — environment variables read once at start —
 * never from tool arguments. Each security scheme (https://spec.openapis.org/oas/v3.1.0#security-scheme-object)
 * gets a stem `S`: its name in UPPER_SNAKE (`api_key` → `API_KEY`, `bearerAuth` → `BEARER_AUTH`,
 * `petstore_auth` → `PETSTORE_AUTH`), and these variables:
 *
 * - apiKey (header, query or cookie): `OPENAPI_MCP_AUTH_<S>` = the key.
 * - http bearer, and any http scheme other than basic: `OPENAPI_MCP_AUTH_<S>` = the token, sent as
 *   `Authorization: Bearer <token>` (other schemes: `Authorization: <Scheme> <value>`).
 * - http basic: `OPENAPI_MCP_AUTH_<S>_USERNAME` and `OPENAPI_MCP_AUTH_<S>_PASSWORD`.
 * - oauth2 with a clientCredentials flow: `OPENAPI_MCP_AUTH_<S>_CLIENT_ID`, `..._CLIENT_SECRET`, optional
 *   `..._SCOPES` (space-separated; default: the scopes the tool's requirement lists) and `..._TOKEN_URL`
 *   (overrides the spec's token URL).
 * - oauth2 and openIdConnect: `OPENAPI_MCP_AUTH_<S>` = a ready access token, sent as Bearer; it wins
 *   over client credentials when both are set.
 * - mutualTLS: not supported yet.
 *
 * Values are trimmed; an empty value counts as unset, except that HTTP Basic accepts an explicitly
 * empty user name or password (APIs that take a key as the user name and no password).
 */
import type { SecuritySchemeDefinition } from "../core/tool-definition.js";

/** Prefix of every credential variable. */
export const CREDENTIAL_VARIABLE_PREFIX = "OPENAPI_MCP_AUTH_";

/** One environment variable that configures a credential, for `list`, READMEs and `.env.example`. */
export interface CredentialVariable {
  /** The environment variable's name, e.g. `OPENAPI_MCP_AUTH_API_KEY`. */
  name: string;
  /** The security scheme it configures. */
  scheme: string;
  /** One line for humans: what to put there and how it is sent. */
  description: string;
  /** The value is a secret: never print it, mask it in logs. */
  secret: boolean;
}

/** A resolved credential for one scheme, ready to attach to a request. */
export type SchemeCredential =
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string; value: string }
  /** `Authorization: <scheme> <value>`: http bearer (and other http schemes), oauth2/openIdConnect ready tokens. */
  | { type: "authorization"; scheme: string; value: string }
  | { type: "basic"; username: string; password: string }
  | {
      type: "clientCredentials";
      /** As configured or declared; may be relative to the API's server URL. */
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      /** From `..._SCOPES`; absent means "the scopes the tool's requirement lists". */
      scopes?: string[];
    };

/** A configuration mistake, naming the variable (never its value). */
export interface CredentialProblem {
  scheme: string;
  variable: string;
  message: string;
}

/** Credentials resolved from the environment, once. */
export interface CredentialStore {
  /** Configured schemes only. */
  readonly credentials: ReadonlyMap<string, SchemeCredential>;
  /** For each supported scheme that is not configured: the variables still to set. */
  readonly missing: ReadonlyMap<string, string[]>;
  /** Schemes no variable can configure, with the reason. */
  readonly unsupported: ReadonlyMap<string, string>;
  readonly problems: readonly CredentialProblem[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Controls other than HTAB, DEL, and anything outside Latin-1: unsendable in a header. */
const BAD_HEADER_VALUE = /[\u0000-\u0008\u000A-\u001F\u007F]|[^\u0000-\u00FF]/;
const CONTROL = /[\u0000-\u001F\u007F]/;

/** The UPPER_SNAKE stem of a scheme name: camelCase split, non-alphanumerics → `_`. */
export function schemeVariableStem(schemeName: string): string {
  const stem = schemeName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  return stem === "" ? "SCHEME" : stem;
}

/**
 * Stems for every scheme, in declaration order. Two names with the same stem (`api-key`, `api_key`)
 * are told apart deterministically: the later one gets `_2`, `_3`, ...
 */
export function schemeVariableStems(schemes: Record<string, SecuritySchemeDefinition>): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const name of Object.keys(schemes)) {
    const base = schemeVariableStem(name);
    let stem = base;
    for (let n = 2; used.has(stem); n++) stem = `${base}_${n}`;
    used.add(stem);
    out.set(name, stem);
  }
  return out;
}

type Plan =
  | { kind: "apiKey"; scheme: Extract<SecuritySchemeDefinition, { type: "apiKey" }> }
  | { kind: "authorization"; authScheme: string; label: string }
  | { kind: "basic" }
  | { kind: "token"; clientCredentials?: { tokenUrl: string } }
  | { kind: "unsupported"; reason: string };

function planFor(def: SecuritySchemeDefinition): Plan {
  switch (def.type) {
    case "apiKey":
      if (def.in === "header" && !TOKEN.test(def.name)) return { kind: "unsupported", reason: `"${def.name}" is not a valid header name` };
      if (def.in === "cookie" && def.name === "") return { kind: "unsupported", reason: "the cookie name is empty" };
      return { kind: "apiKey", scheme: def };
    case "http": {
      const lower = def.scheme.toLowerCase();
      if (lower === "basic") return { kind: "basic" };
      if (lower === "bearer") return { kind: "authorization", authScheme: "Bearer", label: `Bearer token${def.bearerFormat ? ` (${def.bearerFormat})` : ""}` };
      if (!TOKEN.test(def.scheme)) return { kind: "unsupported", reason: `"${def.scheme}" is not a valid HTTP authentication scheme name` };
      return { kind: "authorization", authScheme: def.scheme, label: `Credentials for the HTTP "${def.scheme}" scheme` };
    }
    case "oauth2":
      return def.flows.clientCredentials ? { kind: "token", clientCredentials: { tokenUrl: def.flows.clientCredentials.tokenUrl } } : { kind: "token" };
    case "openIdConnect":
      return { kind: "token" };
    case "mutualTLS":
      return { kind: "unsupported", reason: "mutualTLS (client certificates) is not supported yet" };
  }
}

/**
 * Every variable that configures the given schemes, in declaration order (fixed order within a
 * scheme). Unsupported schemes have none: see {@link unsupportedSchemes}.
 */
export function credentialVariables(schemes: Record<string, SecuritySchemeDefinition>): CredentialVariable[] {
  const stems = schemeVariableStems(schemes);
  const out: CredentialVariable[] = [];
  for (const [scheme, def] of Object.entries(schemes)) {
    const v = `${CREDENTIAL_VARIABLE_PREFIX}${stems.get(scheme)}`;
    const add = (name: string, description: string, secret: boolean): void => {
      out.push({ name, scheme, description, secret });
    };
    const plan = planFor(def);
    switch (plan.kind) {
      case "apiKey": {
        const where = { header: "header", query: "query parameter", cookie: "cookie" }[plan.scheme.in];
        add(v, `API key for "${scheme}", sent in the ${plan.scheme.name} ${where}`, true);
        break;
      }
      case "authorization":
        add(v, `${plan.label} for "${scheme}", sent as Authorization: ${plan.authScheme} <value>`, true);
        break;
      case "basic":
        add(`${v}_USERNAME`, `User name for "${scheme}" (HTTP Basic)`, false);
        add(`${v}_PASSWORD`, `Password for "${scheme}" (HTTP Basic)`, true);
        break;
      case "token":
        if (plan.clientCredentials) {
          add(v, `Access token for "${scheme}", sent as Bearer; when set, the client credentials below are not used`, true);
          add(`${v}_CLIENT_ID`, `OAuth 2.0 client ID for "${scheme}" (client credentials flow)`, false);
          add(`${v}_CLIENT_SECRET`, `OAuth 2.0 client secret for "${scheme}"`, true);
          add(`${v}_SCOPES`, `Optional space-separated scopes to request for "${scheme}"; default: the scopes each tool requires`, false);
          add(`${v}_TOKEN_URL`, `Optional token endpoint for "${scheme}"; default: ${plan.clientCredentials.tokenUrl || "the spec's tokenUrl"}`, false);
        } else {
          add(v, `Access token for "${scheme}" (obtained out of band), sent as Bearer`, true);
        }
        break;
      case "unsupported":
        break;
    }
  }
  return out;
}

/** Schemes no variable can configure, with the reason, in declaration order. */
export function unsupportedSchemes(schemes: Record<string, SecuritySchemeDefinition>): Array<{ scheme: string; reason: string }> {
  const out: Array<{ scheme: string; reason: string }> = [];
  for (const [scheme, def] of Object.entries(schemes)) {
    const plan = planFor(def);
    if (plan.kind === "unsupported") out.push({ scheme, reason: plan.reason });
  }
  return out;
}

/**
 * Reads the credentials of every scheme from `env` (normally `process.env`), once. A scheme that is
 * partly configured or has an unusable value is left unconfigured and reported in `problems`.
 */
export function readCredentials(schemes: Record<string, SecuritySchemeDefinition>, env: Record<string, string | undefined>): CredentialStore {
  const stems = schemeVariableStems(schemes);
  const credentials = new Map<string, SchemeCredential>();
  const missing = new Map<string, string[]>();
  const unsupported = new Map<string, string>();
  const problems: CredentialProblem[] = [];

  for (const [scheme, def] of Object.entries(schemes)) {
    const v = `${CREDENTIAL_VARIABLE_PREFIX}${stems.get(scheme)}`;
    const read = (name: string): string | undefined => {
      const value = env[name]?.trim();
      return value === undefined || value === "" ? undefined : value;
    };
    const problem = (variable: string, message: string): void => {
      problems.push({ scheme, variable, message: `${variable}: ${message}` });
    };
    /** A value bound for a header: reject what cannot be sent (and what could inject another header). */
    const headerSafe = (name: string): string | undefined => {
      const value = read(name);
      if (value !== undefined && BAD_HEADER_VALUE.test(value)) {
        problem(name, "contains control characters or non-Latin-1 text, which cannot be sent in an HTTP header");
        return undefined;
      }
      return value;
    };
    const plan = planFor(def);
    let credential: SchemeCredential | undefined;
    let needed: string[] = [];
    switch (plan.kind) {
      case "unsupported":
        unsupported.set(scheme, plan.reason);
        continue;
      case "apiKey": {
        const value = plan.scheme.in === "header" ? headerSafe(v) : read(v);
        if (value !== undefined) credential = { type: "apiKey", in: plan.scheme.in, name: plan.scheme.name, value };
        needed = [v];
        break;
      }
      case "authorization": {
        const value = headerSafe(v);
        if (value !== undefined) credential = { type: "authorization", scheme: plan.authScheme, value };
        needed = [v];
        break;
      }
      case "basic": {
        const [userVar, passVar] = [`${v}_USERNAME`, `${v}_PASSWORD`];
        // Unlike other values, an explicitly empty part is kept: some APIs take a key as the user
        // name and no password. Both variables must be present, one of them non-empty.
        const username = env[userVar]?.trim();
        const password = env[passVar]?.trim();
        let ok = username !== undefined && password !== undefined && (username !== "" || password !== "");
        if ((username === undefined) !== (password === undefined)) {
          const [unset, set] = username === undefined ? [userVar, passVar] : [passVar, userVar];
          problem(unset, `is not set while ${set} is`);
        }
        // RFC 7617 §2: the user-id cannot contain a colon; neither part may contain control characters.
        if (username?.includes(":")) {
          problem(userVar, "must not contain a colon (RFC 7617)");
          ok = false;
        }
        for (const [name, value] of [[userVar, username], [passVar, password]] as const) {
          if (value !== undefined && CONTROL.test(value)) {
            problem(name, "must not contain control characters");
            ok = false;
          }
        }
        if (ok) credential = { type: "basic", username: username as string, password: password as string };
        needed = [userVar, passVar].filter((name) => env[name] === undefined);
        if (needed.length === 0) needed = [userVar, passVar];
        break;
      }
      case "token": {
        const token = headerSafe(v);
        if (token !== undefined) {
          credential = { type: "authorization", scheme: "Bearer", value: token };
        } else if (plan.clientCredentials) {
          credential = readClientCredentials(v, plan.clientCredentials.tokenUrl, read, problem);
        }
        needed = plan.clientCredentials ? [`${v}_CLIENT_ID`, `${v}_CLIENT_SECRET`].filter((name) => read(name) === undefined) : [v];
        if (needed.length === 0) needed = [`${v}_CLIENT_ID`, `${v}_CLIENT_SECRET`];
        break;
      }
    }
    if (credential) credentials.set(scheme, credential);
    else missing.set(scheme, needed);
  }
  return { credentials, missing, unsupported, problems };
}

function readClientCredentials(
  v: string,
  specTokenUrl: string,
  read: (name: string) => string | undefined,
  problem: (variable: string, message: string) => void,
): SchemeCredential | undefined {
  const clientId = read(`${v}_CLIENT_ID`);
  const clientSecret = read(`${v}_CLIENT_SECRET`);
  if (clientId === undefined || clientSecret === undefined) {
    if (clientId !== undefined) problem(`${v}_CLIENT_SECRET`, `is not set while ${v}_CLIENT_ID is`);
    if (clientSecret !== undefined) problem(`${v}_CLIENT_ID`, `is not set while ${v}_CLIENT_SECRET is`);
    return undefined;
  }
  const override = read(`${v}_TOKEN_URL`);
  if (override !== undefined && !isHttpUrl(override)) {
    problem(`${v}_TOKEN_URL`, "must be an absolute http(s) URL");
    return undefined;
  }
  const tokenUrl = override ?? specTokenUrl;
  if (tokenUrl === "") {
    problem(`${v}_TOKEN_URL`, "must be set: the spec declares no token URL");
    return undefined;
  }
  const scopes = read(`${v}_SCOPES`)?.split(/\s+/);
  return { type: "clientCredentials", tokenUrl, clientId, clientSecret, ...(scopes ? { scopes } : {}) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * A base URL's userinfo (`http://svc:PW@host/v1`, RFC 3986 §3.2.1), moved out of the URL: the URL
 * without it (safe to log and to put in error messages) and the HTTP Basic credentials it meant
 * (RFC 7617), as curl and Node's `http.request` read it.
 */
export interface BaseUrlCredentials {
  /** The URL with its userinfo removed; the input itself when it had none or does not parse. */
  url: string;
  /** `Basic <base64(user:password)>`, when the URL held a user name or a password. */
  authorization?: string;
  /** What to redact everywhere: the password, `user:password`, and the userinfo as written. */
  secrets: string[];
}

/**
 * Splits the userinfo out of `url`. The parts are percent-decoded (a `@` or `:` in a password must be
 * written `%40`, `%3A` in a URL); a malformed escape is kept as written.
 */
export function splitBaseUrlCredentials(url: string): BaseUrlCredentials {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, secrets: [] };
  }
  if (parsed.username === "" && parsed.password === "") return { url, secrets: [] };
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const username = decode(parsed.username);
  const password = decode(parsed.password);
  const written = `${parsed.username}:${parsed.password}`;
  parsed.username = "";
  parsed.password = "";
  // URL serialisation adds a "/" to a bare origin; keep the caller's form otherwise.
  const stripped = parsed.href.endsWith("/") && !url.endsWith("/") ? parsed.href.slice(0, -1) : parsed.href;
  return {
    url: stripped,
    authorization: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`,
    secrets: [...new Set([password, `${username}:${password}`, written].filter((s) => s !== "" && s !== ":"))],
  };
}

/** `url` without userinfo, for messages: `http://svc:PW@host/v1` → `http://host/v1`. */
export function withoutUserinfo(url: string): string {
  return splitBaseUrlCredentials(url).url;
}
