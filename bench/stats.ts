/** Small statistics for bench figures. */

/** Minimum, median and maximum of a list of figures. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** The spread of `values` (the median of an even count is the mean of the middle two). Throws on an empty list. */
export function spreadOf(values: number[]): Spread {
  if (values.length === 0) throw new Error("spreadOf needs at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}
