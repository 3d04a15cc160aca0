/**
 * Line numbers for paths into a parsed YAML (or JSON) document, so curation problems can say where
 * they are.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from "yaml";
import type { CurationPath, LineLookup } from "../curate/curation-path.js";

/**
 * A {@link LineLookup} over `document`, which must have been parsed with `counter`. A path to a map
 * entry gives the line of its key; to a list item, the line the item starts on. When the path
 * leaves the document (a missing key), the line of the deepest part that exists is given.
 */
export function createLineLookup(document: Document, counter: LineCounter): LineLookup {
  return (path: CurationPath): number | undefined => {
    let node: unknown = document.contents;
    let offset = startOf(node);
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(document);
      let next: unknown;
      let at: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        next = pair?.value;
        at = pair ? startOf(pair.key) : undefined;
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
        at = startOf(next);
      }
      if (at === undefined) break;
      offset = at;
      node = next;
    }
    return offset === undefined ? undefined : counter.linePos(offset).line;
  };
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}
