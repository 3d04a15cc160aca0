/**
 * Limits on what a client may send: one inbound stdio message, one call's arguments (size and
 * nesting depth), and how many validation problems one answer lists. They are rows of the one
 * limits table (`LIMITS` in core/serve-settings.ts: flag > `OPENAPI_MCP_*` variable > default,
 * resolved once at start by `resolveLimits`); this file names the subset the request checks read,
 * with defaults that keep one hostile message from costing more than a few milliseconds and a few
 * megabytes. A limit hit names its variable, so the operator knows what to raise.
 */
import { limitSpec, type ServeLimits } from "../core/serve-settings.js";

/** The limits on client input, fully defaulted. */
export type InputLimits = Pick<ServeLimits, "maxMessageBytes" | "maxArgumentBytes" | "maxArgumentDepth" | "maxValidationErrors">;

const KEYS = ["maxMessageBytes", "maxArgumentBytes", "maxArgumentDepth", "maxValidationErrors"] as const satisfies ReadonlyArray<keyof InputLimits>;

/** The environment variable of each limit (named in every message about that limit). */
export const INPUT_LIMIT_VARIABLES: Readonly<Record<keyof InputLimits, string>> = Object.fromEntries(
  KEYS.map((key) => [key, limitSpec(key).env]),
) as Record<keyof InputLimits, string>;

/** Safe defaults: 4 MiB per message (as the HTTP body limit), 1 MiB of arguments, depth 64, 20 problems. */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.fromEntries(KEYS.map((key) => [key, limitSpec(key).default])) as InputLimits;
