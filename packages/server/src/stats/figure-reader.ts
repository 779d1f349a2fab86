import type { StatsBucket } from '@parlor/protocol';
import { addSeqs, countBits, union } from './bitmap.js';
import type { BucketRow, CountSource, CountStore } from './count-store.js';
import type { DailyStore } from './daily-store.js';
import { addTo } from './lengths-sql.js';
import { bucketStart, planDays, type Range, splitAtRollup, wholeDays } from './ranges.js';
import { RolledCache } from './rolled-cache.js';
import type { RollupState } from './rollup-store.js';

/** A unit for date_trunc: a series bucket, or a year for totals (few rows). */
export type Unit = StatsBucket | 'year';

/** Figures that add up by the hour, by their rollup metric; each reads raw rows as its source. */
const SOURCES: Record<string, CountSource> = {
  logins: { kind: 'logins' },
  failed_logins: { kind: 'failed_logins' },
  new_users: { kind: 'new_users' },
  sessions: { kind: 'sessions' },
  chat_messages: { kind: 'chat_messages' },
  games_created: { kind: 'games_created' },
  games_started: { kind: 'games_started' },
  games_finished: { kind: 'games_finished' },
  games_failed: { kind: 'games_failed' },
  games_abandoned: { kind: 'games_abandoned' },
  game_players: { players: true },
};
export type CountedMetric = keyof typeof SOURCES | 'session_seconds' | 'concurrent_users';

const EPOCH = new Date(0);
const ENDED_KINDS = ['games_finished', 'games_failed', 'games_abandoned'];
const WEEK_MS = 7 * 86_400_000;

/**
 * Reads each kind of figure over a range, from the rollups where its days are rolled up and
 * from raw rows elsewhere (ranges.ts decides which). Rows keep their bucket and dimension;
 * callers add them up.
 */
export class FigureReader {
  private readonly rolledCache: RolledCache;

  constructor(private readonly deps: { counts: CountStore; daily: DailyStore; cache?: RolledCache }) {
    this.rolledCache = deps.cache ?? new RolledCache();
  }

  async counted(metric: CountedMetric, range: Range, unit: Unit, state: RollupState): Promise<BucketRow[]> {
    const { counts } = this.deps;
    const { rolled, raw } = splitAtRollup(range, state);
    const bucket = unit;
    const parts: Promise<BucketRow[]>[] = [];
    if (rolled) {
      const peak = metric === 'concurrent_users';
      const { days, edges } = unit === 'hour' ? { days: undefined, edges: [rolled] } : wholeDays(rolled);
      if (days) parts.push(counts.rolled(metric, days, bucket, peak, true));
      for (const edge of edges) parts.push(counts.rolled(metric, edge, bucket, peak));
    }
    if (metric === 'session_seconds') {
      // Sessions recorded after the rollup may reach back into rolled hours: clipped to the whole range.
      parts.push(counts.rawSessionSeconds(range, state.rolledUntil ?? EPOCH, bucket));
    } else if (raw) {
      parts.push(
        metric === 'concurrent_users'
          ? counts.rawSamples(raw, bucket)
          : counts.raw(SOURCES[metric]!, raw, bucket),
      );
    }
    return (await Promise.all(parts)).flat();
  }

  /**
   * Totals of counted metrics per dimension (the peak for concurrent users), read in a few
   * statements for all of them: rollup totals, raw totals, raw session seconds, raw peak.
   */
  async totals(metrics: readonly CountedMetric[], range: Range, state: RollupState) {
    const { counts } = this.deps;
    const { rolled, raw } = splitAtRollup(range, state);
    const out = new Map<CountedMetric, Map<string, number>>(metrics.map((m) => [m, new Map()]));
    const add = (metric: string, dim: string, value: number, peak = false) => {
      const byDim = out.get(metric as CountedMetric);
      if (!byDim) return;
      const before = byDim.get(dim) ?? 0;
      byDim.set(dim, peak ? Math.max(before, Number(value)) : before + Number(value));
    };
    const kinds = metrics.filter((m) => m in SOURCES && 'kind' in SOURCES[m]!);
    const players = metrics.includes('game_players');
    const rawKinds = [...kinds, ...(players ? ENDED_KINDS : [])];
    const split = rolled ? wholeDays(rolled) : { edges: [] };
    const [rolledRows, rawRows, seconds, peak] = await Promise.all([
      Promise.all([
        ...(split.days
          ? [
              this.rolledCache.get(`totals:${metrics.join()}`, split.days, state, () =>
                counts.rolledTotals(metrics, split.days!, true),
              ),
            ]
          : []),
        ...split.edges.map((edge) => counts.rolledTotals(metrics, edge)),
      ]).then((parts) => parts.flat()),
      raw && rawKinds.length > 0 ? counts.rawTotals(rawKinds, raw) : [],
      metrics.includes('session_seconds')
        ? counts.rawSessionSeconds(range, state.rolledUntil ?? EPOCH, 'year')
        : [],
      raw && metrics.includes('concurrent_users') ? counts.rawPeak(raw) : 0,
    ]);
    for (const r of rolledRows)
      r.metric === 'concurrent_users'
        ? add(r.metric, r.dim, r.peak ?? 0, true)
        : add(r.metric, r.dim, r.total);
    for (const r of rawRows) {
      if ((kinds as string[]).includes(r.metric)) add(r.metric, r.dim, r.total);
      if (players && ENDED_KINDS.includes(r.metric)) add('game_players', r.dim, r.players ?? 0);
    }
    for (const r of seconds) add('session_seconds', '', r.value);
    if (metrics.includes('concurrent_users')) add('concurrent_users', '', peak, true);
    return out;
  }

  /** How many distinct users were active in the range. */
  async activeUsers(range: Range, state: RollupState): Promise<number> {
    const { daily } = this.deps;
    const plan = planDays(range, state);
    const [bitmaps, raws] = await Promise.all([
      Promise.all(
        plan.days.map((days) =>
          this.rolledCache.get('active', days, state, async () => {
            let rolledBits: Uint8Array = new Uint8Array(0);
            for (const row of await daily.bitmaps(days)) rolledBits = union(rolledBits, row.users);
            return rolledBits;
          }),
        ),
      ),
      Promise.all(plan.raw.map((r) => daily.activeSeqs(r))),
    ]);
    let bits: Uint8Array = new Uint8Array(0);
    for (const daysBits of bitmaps) bits = union(bits, daysBits);
    for (const seqs of raws) bits = addSeqs(bits, seqs);
    return countBits(bits);
  }

  /** Distinct active users per bucket start (ms); ranges are aligned to the bucket. */
  async activeSeries(range: Range, bucket: StatsBucket, state: RollupState): Promise<Map<number, number>> {
    const { daily, counts } = this.deps;
    const { rolled, raw } = splitAtRollup(range, state);
    const out = new Map<number, number>();
    const add = (rows: { at: Date; value: number }[]) => {
      for (const r of rows) out.set(r.at.getTime(), (out.get(r.at.getTime()) ?? 0) + Number(r.value));
    };
    if (bucket === 'week') {
      for (const [at, value] of await this.weeklyActive(range, state)) out.set(at, value);
      return out;
    }
    if (rolled)
      add(
        bucket === 'hour'
          ? await counts.rolled('active_users', rolled, 'hour')
          : await daily.dailyCounts(rolled),
      );
    if (raw) add(await daily.activeCounts(raw, bucket));
    return out;
  }

  // Weeks are whole days: rolled days from their bitmaps (one read), later days from raw activity.
  private async weeklyActive(range: Range, state: RollupState): Promise<Map<number, number>> {
    const { daily } = this.deps;
    const { rolled, raw } = splitAtRollup(range, state);
    const [bitmaps, seqs] = await Promise.all([
      rolled ? daily.bitmaps(rolled) : [],
      raw ? daily.activeSeqsBy(raw, 'week') : [],
    ]);
    const weeks = new Map<number, Uint8Array>();
    for (let t = range.from.getTime(); t < range.to.getTime(); t += WEEK_MS) weeks.set(t, new Uint8Array(0));
    for (const row of bitmaps) {
      const week = bucketStart(row.day.getTime(), 'week');
      weeks.set(week, union(weeks.get(week) ?? new Uint8Array(0), row.users));
    }
    const rawByWeek = new Map<number, number[]>();
    for (const row of seqs) {
      const list = rawByWeek.get(row.at.getTime()) ?? [];
      list.push(row.user_seq);
      rawByWeek.set(row.at.getTime(), list);
    }
    for (const [week, list] of rawByWeek)
      weeks.set(week, addSeqs(weeks.get(week) ?? new Uint8Array(0), list));
    return new Map([...weeks].map(([week, bits]) => [week, countBits(bits)]));
  }

  /** Histograms of lengths (two significant figures) per metric and dimension, for medians. */
  async lengths(metrics: readonly ('sessions' | 'games_finished')[], range: Range, state: RollupState) {
    const { daily } = this.deps;
    const plan = planDays(range, state);
    const rows = await Promise.all([
      ...plan.days.map((days) =>
        this.rolledCache.get(`lengths:${metrics.join()}`, days, state, () =>
          daily.rolledLengths(metrics, days),
        ),
      ),
      ...plan.raw.map((r) => daily.rawLengths(metrics, r)),
    ]);
    const out = new Map<string, Map<string, Map<number, number>>>(metrics.map((m) => [m, new Map()]));
    for (const row of rows.flat()) {
      const byDim = out.get(row.metric)!;
      let histogram = byDim.get(row.dim);
      if (!histogram) byDim.set(row.dim, (histogram = new Map()));
      addTo(histogram, [row]);
    }
    return out;
  }
}

/** Adds every dimension's histogram into one. */
export function mergeHistograms(byDim: Map<string, Map<number, number>>): Map<number, number> {
  const out = new Map<number, number>();
  for (const histogram of byDim.values())
    addTo(
      out,
      [...histogram].map(([bucket, n]) => ({ bucket, n })),
    );
  return out;
}
