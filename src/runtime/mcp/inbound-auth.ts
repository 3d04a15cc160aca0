/**
 * The seam between the Streamable HTTP front (http-transport.ts) and inbound authentication: the
 * transport calls these three hooks and knows nothing of OAuth, so the OAuth code
 * (oauth-resource-server.ts, loaded only when configured) and the transport can change apart.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Who is calling, once their access token has been accepted. */
export interface Caller {
  /** The OAuth client the token was issued to (`client_id`, else `azp`); "" when the token names none. */
  clientId: string;
  /** The token's `sub`, when it has one. */
  subject?: string;
  scopes: string[];
}

/** Inbound authentication for the HTTP endpoint. */
export interface InboundAuth {
  /**
   * Answers a request for one of this server's discovery documents (RFC 9728
   * `/.well-known/oauth-protected-resource…`); false when `pathname` is not one of them.
   */
  serveMetadata(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /**
   * Checks the request's bearer token. On failure answers it (401, or 403 `insufficient_scope`,
   * with a `WWW-Authenticate` challenge) and resolves undefined. A token accepted moments ago is
   * answered synchronously (no promise): awaiting one would cost the request a turn of the event loop.
   */
  authenticate(req: IncomingMessage, res: ServerResponse): Caller | Promise<Caller | undefined>;
  /**
   * Per-tool scopes: when a `tools/call` among `messages` names a tool whose scopes `caller`
   * lacks, answers 403 `insufficient_scope` naming the scopes needed and returns false.
   */
  authorizeMessages(caller: Caller, messages: readonly unknown[], res: ServerResponse): boolean;
}

/**
 * The same authentication, counting each refusal (`mcp_auth_failures_total{reason}`): a request
 * whose token is not accepted (`invalid_token`), and a tool call the token lacks scopes for
 * (`insufficient_scope`).
 */
export function countAuthFailures(auth: InboundAuth, count: (reason: string) => void): InboundAuth {
  return {
    serveMetadata: (req, res, pathname) => auth.serveMetadata(req, res, pathname),
    authenticate(req, res) {
      const verdict = auth.authenticate(req, res);
      if (!(verdict instanceof Promise)) return verdict;
      return verdict.then((caller) => {
        if (caller === undefined) count("invalid_token");
        return caller;
      });
    },
    authorizeMessages(caller, messages, res) {
      const allowed = auth.authorizeMessages(caller, messages, res);
      if (!allowed) count("insufficient_scope");
      return allowed;
    },
  };
}
