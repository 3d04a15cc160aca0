/**
 * Per-tool runtime policy: a `tools` entry's field, else the curation file's `defaults`, else the
 * built-in default.
 */
import type { ToolPolicy } from "../runtime/core/tool-definition.js";
import type { PolicyDefaults, ToolEntry } from "./curation-schema.js";

/** Built-in defaults, used when neither the tool entry nor `defaults` sets a field. */
export const BUILT_IN_POLICY = {
  timeoutMs: 30_000,
  retries: 2,
  maxResponseTokens: 20_000,
  outputSchema: false,
} as const;

/** A tool's runtime policy plus whether it declares an output schema. */
export interface ResolvedPolicy {
  policy: ToolPolicy;
  outputSchema: boolean;
}

/** Resolves each field independently: tool entry > `defaults` > {@link BUILT_IN_POLICY}. */
export function resolvePolicy(entry: ToolEntry | undefined, defaults: PolicyDefaults | undefined): ResolvedPolicy {
  const policy: ToolPolicy = {
    timeoutMs: entry?.timeoutMs ?? defaults?.timeoutMs ?? BUILT_IN_POLICY.timeoutMs,
    retries: entry?.retries ?? defaults?.retries ?? BUILT_IN_POLICY.retries,
    maxResponseTokens: entry?.maxResponseTokens ?? defaults?.maxResponseTokens ?? BUILT_IN_POLICY.maxResponseTokens,
  };
  const header = entry?.idempotencyKeyHeader ?? defaults?.idempotencyKeyHeader;
  if (header !== undefined) policy.idempotencyKeyHeader = header;
  return { policy, outputSchema: entry?.outputSchema ?? defaults?.outputSchema ?? BUILT_IN_POLICY.outputSchema };
}
