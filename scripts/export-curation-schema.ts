/**
 * Writes `curation.schema.json` from the zod curation schema. Run after changing
 * `src/curate/curation-schema.ts`: `npx tsx scripts/export-curation-schema.ts`. A unit test fails
 * while the checked-in file differs from a fresh export.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { curationJsonSchemaText } from "../src/curate/curation-json-schema.js";

/** The checked-in schema file at the package root. */
export const CURATION_SCHEMA_FILE = fileURLToPath(new URL("../curation.schema.json", import.meta.url));

writeFileSync(CURATION_SCHEMA_FILE, curationJsonSchemaText());
console.log(`wrote ${CURATION_SCHEMA_FILE}`);
