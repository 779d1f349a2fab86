import type { StatsBucket } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';
import type { Range } from './ranges.js';

export interface BucketRow {
  at: Date;
  dim: string;
  value: number;
}

/** What a counted metric reads in raw events: rows of a kind, or the players of ended games. */
export type CountSource = { kind: string } | { players: true };

const ENDED_KINDS = ['games_finished', 'games_failed', 'games_abandoned'];

// The hourly rollup, or the daily one (same columns, `day` for `hour`) for whole days.
type Rollup = { table: 'stats_hourly'; at: 'hour' } | { table: 'stats_daily'; at: 'day' };
const HOURLY: Rollup = { table: 'stats_hourly', at: 'hour' };
const DAILY: Rollup = { table: 'stats_daily', at: 'day' };

const rolledSql = (r: Rollup, agg: 'sum' | 'max') => `select date_trunc($4, ${r.at}, 'UTC') as at,
    ${agg === 'sum' ? 'dim' : "''"} as dim, ${agg}(value)::float8 as value from ${r.table}
  where metric = $1 and ${r.at} >= $2 and ${r.at} < $3 group by 1, 2`;

// $1 metric or kind(s), $2 from, $3 to, $4 bucket unit.
const RAW_COUNT = `select date_trunc($4, at, 'UTC') as at, coalesce(dim, '') as dim, count(*)::float8 as value
  from stats_events where kind = $1 and at >= $2 and at < $3 group by 1, 2`;
const RAW_PLAYERS = `select date_trunc($4, at, 'UTC') as at, dim, sum(players)::float8 as value
  from stats_events where kind = any($1::text[]) and at >= $2 and at < $3 group by 1, 2`;
const RAW_SAMPLES = `select date_trunc($3, at, 'UTC') as at, '' as dim, max(users)::float8 as value
  from stats_samples where at >= $1 and at < $2 group by 1`;

// Seconds of sessions whose end was recorded from $4 on, split by the hour and clipped to [$1, $2).
const RAW_SESSION_SECONDS = `select date_trunc($3, h, 'UTC') as at, '' as dim, sum(greatest(0, extract(epoch from
    least(x.ends, h + interval '1 hour', $2::timestamptz) - greatest(x.starts, h, $1::timestamptz))))::float8 as value
  from (select started_at as starts, started_at + seconds * interval '1 second' as ends from stats_events
        where kind = 'sessions' and at >= $4 and seconds > 0 and started_at < $2
          and started_at + seconds * interval '1 second' > $1) x,
    generate_series(date_trunc('hour', greatest(x.starts, $1::timestamptz), 'UTC'), least(x.ends, $2::timestamptz),
      interval '1 hour') h
  group by 1`;

// Totals of many metrics at once (an overview reads them in a few statements, not one each).
const rolledTotalsSql = (
  r: Rollup,
) => `select metric, dim, sum(value)::float8 as total, max(value)::float8 as peak
  from ${r.table} where metric = any($1::text[]) and ${r.at} >= $2 and ${r.at} < $3 group by 1, 2`;
const RAW_TOTALS = `select kind as metric, coalesce(dim, '') as dim, count(*)::float8 as total,
    coalesce(sum(players), 0)::float8 as players
  from stats_events where kind = any($1::text[]) and at >= $2 and at < $3 group by 1, 2`;
const RAW_PEAK =
  'select coalesce(max(users), 0)::float8 as peak from stats_samples where at >= $1 and at < $2';

export interface TotalRow {
  metric: string;
  dim: string;
  total: number;
  /** The largest hourly value (rollup), or the players of ended games (raw). */
  peak?: number;
  players?: number;
}

/** SQL for figures that add up by the hour: the hourly rollup for rolled hours, raw rows after. */
export class CountStore {
  constructor(private readonly db: Queryable) {}

  /** From the hourly rollup, or (`daily`, for a range of whole days) the daily one. */
  rolled(
    metric: string,
    range: Range,
    bucket: StatsBucket | 'year',
    max = false,
    daily = false,
  ): Promise<BucketRow[]> {
    const sql = rolledSql(daily ? DAILY : HOURLY, max ? 'max' : 'sum');
    return this.db.query<BucketRow>(sql, [metric, range.from, range.to, bucket]);
  }

  raw(source: CountSource, range: Range, bucket: StatsBucket | 'year'): Promise<BucketRow[]> {
    return 'kind' in source
      ? this.db.query<BucketRow>(RAW_COUNT, [source.kind, range.from, range.to, bucket])
      : this.db.query<BucketRow>(RAW_PLAYERS, [ENDED_KINDS, range.from, range.to, bucket]);
  }

  rawSamples(range: Range, bucket: StatsBucket | 'year'): Promise<BucketRow[]> {
    return this.db.query<BucketRow>(RAW_SAMPLES, [range.from, range.to, bucket]);
  }

  rolledTotals(metrics: readonly string[], range: Range, daily = false): Promise<TotalRow[]> {
    return this.db.query<TotalRow>(rolledTotalsSql(daily ? DAILY : HOURLY), [
      [...metrics],
      range.from,
      range.to,
    ]);
  }

  rawTotals(kinds: readonly string[], range: Range): Promise<TotalRow[]> {
    return this.db.query<TotalRow>(RAW_TOTALS, [[...kinds], range.from, range.to]);
  }

  async rawPeak(range: Range): Promise<number> {
    const [row] = await this.db.query<{ peak: number }>(RAW_PEAK, [range.from, range.to]);
    return Number(row?.peak ?? 0);
  }

  /** Session seconds within `range` of the sessions whose end was recorded at or after `endedFrom`. */
  rawSessionSeconds(range: Range, endedFrom: Date, bucket: StatsBucket | 'year'): Promise<BucketRow[]> {
    return this.db.query<BucketRow>(RAW_SESSION_SECONDS, [range.from, range.to, bucket, endedFrom]);
  }
}
