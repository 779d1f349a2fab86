import type { StatsBucket, StatsRange } from '@parlor/sdk';

const DAY_MS = 86_400_000;

/** The ranges the overview offers, each with the bucket its charts are drawn in. */
export const RANGES = {
  '24h': { label: 'Last 24 hours', days: 1, bucket: 'hour' },
  '7d': { label: 'Last 7 days', days: 7, bucket: 'day' },
  '30d': { label: 'Last 30 days', days: 30, bucket: 'day' },
  '90d': { label: 'Last 90 days', days: 90, bucket: 'week' },
} as const satisfies Record<string, { label: string; days: number; bucket: StatsBucket }>;
export type RangeKey = keyof typeof RANGES;

/** Up to the end of the current hour, so the queries (and their cache keys) hold still a while. */
export function rangeOf(key: RangeKey, now = Date.now()): StatsRange {
  const to = Math.ceil(now / 3_600_000) * 3_600_000;
  return { from: new Date(to - RANGES[key].days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}
