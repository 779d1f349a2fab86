import type { StatsBucket } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';
import { lengthBucket } from './lengths-sql.js';
import type { Range } from './ranges.js';

export interface LengthRow {
  metric: string;
  dim: string;
  bucket: number;
  n: number;
}

/** SQL for what is rolled up by the day: who was active, and session and game lengths. */
export class DailyStore {
  constructor(private readonly db: Queryable) {}

  async bitmaps(days: Range): Promise<{ day: Date; users: Uint8Array }[]> {
    return this.db.query('select day, users from stats_daily_active where day >= $1 and day < $2', [
      days.from,
      days.to,
    ]);
  }

  async dailyCounts(days: Range): Promise<{ at: Date; value: number }[]> {
    return this.db.query(
      'select day as at, count as value from stats_daily_active where day >= $1 and day < $2',
      [days.from, days.to],
    );
  }

  async activeSeqs(range: Range): Promise<number[]> {
    const rows = await this.db.query<{ user_seq: number }>(
      'select distinct user_seq from stats_activity where hour >= $1 and hour < $2',
      [range.from, range.to],
    );
    return rows.map((r) => r.user_seq);
  }

  /** The distinct users active in each bucket of the range. */
  async activeSeqsBy(range: Range, bucket: StatsBucket): Promise<{ at: Date; user_seq: number }[]> {
    return this.db.query(
      `select distinct date_trunc($3, hour, 'UTC') as at, user_seq from stats_activity where hour >= $1 and hour < $2`,
      [range.from, range.to, bucket],
    );
  }

  /** Distinct active users per bucket from raw activity (hours, or days of unrolled time). */
  async activeCounts(range: Range, bucket: StatsBucket): Promise<{ at: Date; value: number }[]> {
    return this.db.query(
      `select date_trunc($3, hour, 'UTC') as at, count(distinct user_seq)::int as value from stats_activity
       where hour >= $1 and hour < $2 group by 1`,
      [range.from, range.to, bucket],
    );
  }

  async rolledLengths(metrics: readonly string[], days: Range): Promise<LengthRow[]> {
    return this.db.query<LengthRow>(
      `select metric, dim, bucket, sum(n)::int as n from stats_lengths
       where metric = any($1::text[]) and day >= $2 and day < $3 group by 1, 2, 3`,
      [[...metrics], days.from, days.to],
    );
  }

  async rawLengths(metrics: readonly string[], range: Range): Promise<LengthRow[]> {
    return this.db.query<LengthRow>(
      `select kind as metric, coalesce(dim, '') as dim, ${lengthBucket('seconds')} as bucket, count(*)::int as n
       from stats_events where kind = any($1::text[]) and at >= $2 and at < $3 and seconds is not null
       group by 1, 2, 3`,
      [[...metrics], range.from, range.to],
    );
  }
}
