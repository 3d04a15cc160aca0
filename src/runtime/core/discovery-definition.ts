/**
 * Discovery mode as data: which tools are listed beside the three meta-tools, and the search index
 * over every operation `search_operations` can find. Plain, JSON-serialisable, so `generate` can
 * write the index it built into the project (no index building at the project's start) and `serve`
 * can build the same data at start. The search itself lives in `discovery/`.
 */
import type { ToolProfile } from "./tool-definition.js";

/**
 * A ranked full-text index (BM25F: BM25 over field-weighted, field-length-normalised term frequencies; see
 * `discovery/search-index.ts`): documents are operations, in the order of the server's tools.
 */
export interface SearchIndexData {
  /** Format version: a runtime refuses an index it cannot read rather than ranking nonsense. */
  version: 1;
  /** One per operation, in `ServerDefinition.tools` order. */
  documents: SearchDocumentData[];
  /**
   * Index term → flat pairs `[document, pseudo-frequency, ...]`, documents ascending; the
   * pseudo-frequency is BM25F's field-weighted, length-normalised term frequency.
   */
  postings: Record<string, number[]>;
}

/** What a hit shows: the tool's name and one compact line about it. */
export interface SearchDocumentData {
  name: string;
  /** The HTTP method, upper case: a query that asks for an action favours the methods that do it. */
  method: string;
  /** `METHOD /path — summary [read-only|destructive]`, precomputed so a search only formats. */
  line: string;
}

/** Discovery mode (`--discovery`, `discovery: true`): three meta-tools reach every operation. */
export interface DiscoveryDefinition {
  /** Tools listed directly beside the three meta-tools ("hybrid"): the curation file's `tools` entries. */
  listed: string[];
  /** Built by `curate` (serve) or read from the generated project; built at start when absent. */
  index?: SearchIndexData;
  /**
   * Set by a client profile (`--client`): the three meta-tools as that client lists them, by name.
   * Their definitions are fixed by the runtime, so a profile records only what it changed.
   */
  metaTools?: Record<string, MetaToolProfile>;
}

/**
 * One meta-tool as a client profile lists it: its input schema reshaped for the client, what the
 * runtime undoes in its arguments before checking them against the full schema, and the
 * "Constraints:" line added to its description for what the schema could not carry ("" when none).
 */
export interface MetaToolProfile extends ToolProfile {
  constraints: string;
}
