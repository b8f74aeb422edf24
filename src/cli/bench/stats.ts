/** Small statistics for the benchmark: percentiles by linear interpolation between order statistics. */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** n, min, p50, p95, max and mean of `values` (ms), rounded to 0.1; null when there are none. */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: r1(sorted[0] as number),
    p50: r1(percentile(sorted, 50)),
    p95: r1(percentile(sorted, 95)),
    max: r1(sorted[sorted.length - 1] as number),
    mean: r1(sorted.reduce((s, v) => s + v, 0) / sorted.length),
  };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
