/**
 * Opt-in strict validation with swagger-parser (`list --validate`). Its findings are warnings,
 * never a gate: it rejects some valid 3.1 specs and every 3.2 one.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import type { Diagnostic } from "../ir/types.js";

/** Runs swagger-parser's schema and spec validation; returns what it reports. */
export async function validateSpec(source: string): Promise<Diagnostic[]> {
  try {
    await SwaggerParser.validate(source, { validate: { schema: true, spec: true } });
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
    return [{ pointer: "#", message: `swagger-parser validation: ${lines.slice(0, 6).join(" ")}`, hint: "a strict validator's view; the tools above may still work" }];
  }
}
