/**
 * The little of `oidc-provider` (which ships no types) that the test authorization server uses.
 * Configuration is its own large object, checked by oidc-provider at construction.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
