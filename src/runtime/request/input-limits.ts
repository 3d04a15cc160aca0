/**
 * Limits on what a client may send: one inbound stdio message, one call's arguments (size and
 * nesting depth), and how many validation problems one answer lists. Each is a setting read from
 * the environment once at start (so `serve` and generated projects share them) with a default that
 * keeps one hostile message from costing more than a few milliseconds and a few megabytes; a limit
 * hit names its variable, so the operator knows what to raise.
 */
import { ServeConfigError } from "../core/serve-settings.js";

/** The limits on client input, fully defaulted. */
export interface InputLimits {
  /** Bytes in one newline-delimited JSON-RPC message on stdin, newline excluded. */
  maxMessageBytes: number;
  /** Approximate JSON size of one call's arguments (strings and keys in UTF-16 units, 4 per number or literal). */
  maxArgumentBytes: number;
  /** Nesting depth of one call's arguments: `{}` is depth 1, `{"a":[1]}` depth 2. */
  maxArgumentDepth: number;
  /** Validation problems listed in one error result; the rest are counted, not listed. */
  maxValidationErrors: number;
}

/** The environment variable of each limit (named in every message about that limit). */
export const INPUT_LIMIT_VARIABLES: Readonly<Record<keyof InputLimits, string>> = {
  maxMessageBytes: "OPENAPI_MCP_MAX_MESSAGE_BYTES",
  maxArgumentBytes: "OPENAPI_MCP_MAX_ARGUMENT_BYTES",
  maxArgumentDepth: "OPENAPI_MCP_MAX_ARGUMENT_DEPTH",
  maxValidationErrors: "OPENAPI_MCP_MAX_VALIDATION_ERRORS",
};

/** Safe defaults: 4 MiB per message (as the HTTP body limit), 1 MiB of arguments, depth 64, 20 problems. */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxArgumentBytes: 1024 * 1024,
  maxArgumentDepth: 64,
  maxValidationErrors: 20,
};

/** Thrown for a limit variable that is not a positive whole number; names the variable and the fix. */
export class InputLimitError extends ServeConfigError {}

/**
 * Reads the limits from `env`, defaulting each one.
 *
 * @throws InputLimitError when a variable is set to anything but a positive whole number.
 */
export function inputLimitsFromEnv(env: Record<string, string | undefined>): InputLimits {
  const limits = { ...DEFAULT_INPUT_LIMITS };
  for (const key of Object.keys(INPUT_LIMIT_VARIABLES) as Array<keyof InputLimits>) {
    const variable = INPUT_LIMIT_VARIABLES[key];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new InputLimitError(`${variable} must be a positive whole number, got "${raw}"; unset it for the default (${DEFAULT_INPUT_LIMITS[key]})`);
    }
    limits[key] = value;
  }
  return limits;
}
