import type { StatsBucket } from '@parlor/protocol';
import type { RollupState } from './rollup-store.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
// 1970-01-05 was a Monday: weeks start on Mondays (ISO), as PostgreSQL's date_trunc('week').
const MONDAY_MS = 4 * DAY_MS;

export interface Range {
  from: Date;
  to: Date;
}

/** The start of the bucket that holds `ms`. */
export function bucketStart(ms: number, bucket: StatsBucket): number {
  if (bucket === 'week') return Math.floor((ms - MONDAY_MS) / WEEK_MS) * WEEK_MS + MONDAY_MS;
  const size = bucket === 'day' ? DAY_MS : HOUR_MS;
  return Math.floor(ms / size) * size;
}

const bucketSize = (bucket: StatsBucket) =>
  bucket === 'week' ? WEEK_MS : bucket === 'day' ? DAY_MS : HOUR_MS;

/** Widens a range to whole buckets: the figures are kept by the hour, so nothing finer is answered. */
export function align(from: string, to: string, bucket: StatsBucket = 'hour'): Range {
  const start = bucketStart(Date.parse(from), bucket);
  const endMs = Date.parse(to);
  const last = bucketStart(endMs, bucket);
  return { from: new Date(start), to: new Date(last === endMs ? last : last + bucketSize(bucket)) };
}

/** Every bucket start in an aligned range. */
export function bucketsOf(range: Range, bucket: StatsBucket): Date[] {
  const out: Date[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += bucketSize(bucket)) out.push(new Date(t));
  return out;
}

/** For counts: rolled hours come from the hourly rollup, later ones from raw events. */
export function splitAtRollup(range: Range, state: RollupState): { rolled?: Range; raw?: Range } {
  const w = state.rolledUntil?.getTime() ?? -Infinity;
  const from = range.from.getTime();
  const to = range.to.getTime();
  const out: { rolled?: Range; raw?: Range } = {};
  if (from < Math.min(to, w)) out.rolled = { from: range.from, to: new Date(Math.min(to, w)) };
  if (Math.max(from, w) < to) out.raw = { from: new Date(Math.max(from, w)), to: range.to };
  return out;
}

/** The whole UTC days inside a range (read from the daily rollup) and the hours at its edges. */
export function wholeDays(range: Range): { days?: Range; edges: Range[] } {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const first = Math.ceil(from / DAY_MS) * DAY_MS;
  const last = Math.floor(to / DAY_MS) * DAY_MS;
  if (first >= last) return { edges: [range] };
  const edges: Range[] = [];
  if (from < first) edges.push({ from: range.from, to: new Date(first) });
  if (last < to) edges.push({ from: new Date(last), to: range.to });
  return { days: { from: new Date(first), to: new Date(last) }, edges };
}

/**
 * For figures that cannot be added up by the hour (distinct users, medians): whole rolled days
 * come from the daily rollups; the rest from raw rows. A part of a day whose raw rows were
 * compacted is answered with that whole day (docs/stats.md).
 */
export function planDays(range: Range, state: RollupState): { days: Range[]; raw: Range[] } {
  const w = state.rolledUntil?.getTime() ?? -Infinity;
  const c = state.compactedUntil?.getTime() ?? -Infinity;
  const days: Range[] = [];
  const raw: Range[] = [];
  const push = (list: Range[], from: number, to: number) => {
    const last = list.at(-1);
    if (last && last.to.getTime() === from) last.to = new Date(to);
    else list.push({ from: new Date(from), to: new Date(to) });
  };
  const end = range.to.getTime();
  for (let day = bucketStart(range.from.getTime(), 'day'); day < end; day += DAY_MS) {
    const from = Math.max(day, range.from.getTime());
    const to = Math.min(day + DAY_MS, end);
    const whole = from === day && to === day + DAY_MS;
    if (day + DAY_MS <= w && (whole || from < c)) push(days, day, day + DAY_MS);
    else push(raw, from, to);
  }
  return { days, raw };
}
