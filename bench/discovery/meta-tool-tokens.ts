/**
 * What discovery mode's `tools/list` costs a model: the three meta-tools' definitions, as the
 * server lists them, counted with a real tokenizer — gpt-tokenizer's o200k_base (the encoding of
 * OpenAI's GPT-4o and later models; https://github.com/niieani/gpt-tokenizer).
 */
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ServerDefinition } from "../../src/runtime/core/tool-definition.js";
import { listedMetaTools } from "../../src/runtime/discovery/meta-tools.js";

/** o200k tokens of the three definitions as `tools/list` sends them (JSON), for a server (shaped by its client profile, if any). */
export function metaToolTokens(server: Pick<ServerDefinition, "name" | "tools" | "discovery">): number {
  return encode(JSON.stringify(listedMetaTools(server))).length;
}
