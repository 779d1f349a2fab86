/**
 * A length in seconds to two significant figures (47, 1200, 5400): the buckets session and game
 * lengths are kept in, so a median reads the same from raw events and from rollups.
 */
export const lengthBucket = (x: string) =>
  `(case when ${x} < 100 then round(${x}) else round(${x} / 10 ^ (floor(log(${x})) - 1)) * 10 ^ (floor(log(${x})) - 1) end)::float8`;

/** The same rounding in JavaScript, for tests and for the benchmark's expectations. */
export function roundLength(seconds: number): number {
  if (seconds < 100) return Math.round(seconds);
  const scale = 10 ** (Math.floor(Math.log10(seconds)) - 1);
  return Math.round(seconds / scale) * scale;
}

/** The smallest bucket at or above share `p` of the lengths (percentile_disc); null when empty. */
export function percentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (seen >= rank) return bucket;
  }
  return buckets.at(-1)![0];
}

export function addTo(histogram: Map<number, number>, rows: readonly { bucket: number; n: number }[]): void {
  for (const { bucket, n } of rows)
    histogram.set(Number(bucket), (histogram.get(Number(bucket)) ?? 0) + Number(n));
}
