/**
 * "Did you mean" suggestions for misspelt references (operations, arguments, keys), by Levenshtein
 * distance, ignoring case.
 */
import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `input`, when it is reasonably close: at most 2 edits, or 40% of the
 * input's length for longer inputs. Case is ignored; ties go to the earlier candidate.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length * 0.4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean "x"?` for the closest candidate, or undefined when none is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(input, candidates);
  return match === undefined ? undefined : `did you mean ${JSON.stringify(match)}?`;
}
