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

// $1 metric or kind(s), $2 from, $3 to, $4 bucket unit.
const ROLLED_SUM = `select date_trunc($4, hour, 'UTC') as at, dim, sum(value)::float8 as value from stats_hourly
  where metric = $1 and hour >= $2 and hour < $3 group by 1, 2`;
const ROLLED_MAX = `select date_trunc($4, hour, 'UTC') as at, '' as dim, max(value)::float8 as value from stats_hourly
  where metric = $1 and hour >= $2 and hour < $3 group by 1`;
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

/** SQL for figures that add up by the hour: the hourly rollup for rolled hours, raw rows after. */
export class CountStore {
  constructor(private readonly db: Queryable) {}

  rolled(metric: string, range: Range, bucket: StatsBucket, max = false): Promise<BucketRow[]> {
    return this.db.query<BucketRow>(max ? ROLLED_MAX : ROLLED_SUM, [metric, range.from, range.to, bucket]);
  }

  raw(source: CountSource, range: Range, bucket: StatsBucket): Promise<BucketRow[]> {
    return 'kind' in source
      ? this.db.query<BucketRow>(RAW_COUNT, [source.kind, range.from, range.to, bucket])
      : this.db.query<BucketRow>(RAW_PLAYERS, [ENDED_KINDS, range.from, range.to, bucket]);
  }

  rawSamples(range: Range, bucket: StatsBucket): Promise<BucketRow[]> {
    return this.db.query<BucketRow>(RAW_SAMPLES, [range.from, range.to, bucket]);
  }

  /** Session seconds within `range` of the sessions whose end was recorded at or after `endedFrom`. */
  rawSessionSeconds(range: Range, endedFrom: Date, bucket: StatsBucket): Promise<BucketRow[]> {
    return this.db.query<BucketRow>(RAW_SESSION_SECONDS, [range.from, range.to, bucket, endedFrom]);
  }
}
