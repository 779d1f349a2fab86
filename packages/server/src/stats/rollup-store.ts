import type { Db, Queryable } from '../storage/db.js';
import { bitmapOf, countBits } from './bitmap.js';
import { lengthBucket } from './lengths-sql.js';

export interface RollupState {
  /** Every UTC day before this is rolled up; null before the first rollup (all raw). */
  rolledUntil: Date | null;
  /** Raw rows before this are gone (compacted); null when none are. */
  compactedUntil: Date | null;
}

const DAY_MS = 86_400_000;
const HOUR = `date_trunc('hour', at, 'UTC')`;

// Each statement takes one day [$1, $2) of raw rows into the rollups, adding to what is there
// (a session's seconds may fall into hours of earlier days, already rolled).
const ADD = `on conflict (metric, hour, dim) do update set value = stats_hourly.value + excluded.value`;
const ROLL_DAY = [
  `insert into stats_hourly (metric, hour, dim, value)
   select kind, ${HOUR}, coalesce(dim, ''), count(*) from stats_events where at >= $1 and at < $2
   group by 1, 2, 3 ${ADD}`,
  `insert into stats_hourly (metric, hour, dim, value)
   select 'game_players', ${HOUR}, dim, sum(players) from stats_events
   where kind in ('games_finished', 'games_failed', 'games_abandoned') and at >= $1 and at < $2
   group by 2, 3 ${ADD}`,
  `insert into stats_hourly (metric, hour, dim, value)
   select 'session_seconds', h, '', sum(extract(epoch from
       least(e.started_at + e.seconds * interval '1 second', h + interval '1 hour') - greatest(e.started_at, h)))
   from stats_events e,
     generate_series(date_trunc('hour', e.started_at, 'UTC'), e.started_at + e.seconds * interval '1 second', interval '1 hour') h
   where e.kind = 'sessions' and e.at >= $1 and e.at < $2 and e.seconds > 0
   group by 2 ${ADD}`,
  `insert into stats_hourly (metric, hour, dim, value)
   select 'concurrent_users', ${HOUR}, '', max(users) from stats_samples where at >= $1 and at < $2
   group by 2 on conflict (metric, hour, dim) do update set value = greatest(stats_hourly.value, excluded.value)`,
  `insert into stats_hourly (metric, hour, dim, value)
   select 'active_users', hour, '', count(*) from stats_activity where hour >= $1 and hour < $2
   group by 2 ${ADD}`,
  `insert into stats_lengths (metric, day, dim, bucket, n)
   select kind, $1, coalesce(dim, ''), ${lengthBucket('seconds')}, count(*) from stats_events
   where kind in ('sessions', 'games_finished') and at >= $1 and at < $2 and seconds is not null
   group by 1, 3, 4 on conflict (metric, day, dim, bucket) do update set n = stats_lengths.n + excluded.n`,
];

const RAW_TABLES = [
  ['stats_events', 'at'],
  ['stats_activity', 'hour'],
  ['stats_samples', 'at'],
] as const;

// The day's hours and any earlier hours its sessions reached back into, summed by the day again
// (concurrent users: the day's peak).
const REDO_DAILY = [
  'delete from stats_daily where day >= $1 and day < $2',
  `insert into stats_daily (metric, day, dim, value)
   select metric, date_trunc('day', hour, 'UTC'), dim,
     case when metric = 'concurrent_users' then max(value) else sum(value) end
   from stats_hourly where hour >= $1 and hour < $2 group by 1, 2, 3`,
];
const EARLIEST_SESSION_DAY = `select date_trunc('day', coalesce(min(started_at), $1), 'UTC') as day from stats_events
  where kind = 'sessions' and at >= $1 and at < $2`;

/** SQL for rolling raw rows up into the kept tables, and for deleting raw rows past retention. */
export class StatsRollupStore {
  constructor(private readonly db: Db) {}

  async state(tx: Queryable = this.db): Promise<RollupState> {
    const [row] = await tx.query<{ rolled_until: Date | null; compacted_until: Date | null }>(
      'select rolled_until, compacted_until from stats_rollup_state where id = 1',
    );
    return { rolledUntil: row?.rolled_until ?? null, compactedUntil: row?.compacted_until ?? null };
  }

  /** The UTC day of the oldest raw row, or undefined when there is none. */
  async oldestRawDay(): Promise<Date | undefined> {
    const [row] = await this.db.query<{ at: Date | null }>(
      `select date_trunc('day', least(
         (select min(at) from stats_events), (select min(hour) from stats_activity), (select min(at) from stats_samples)),
         'UTC') as at`,
    );
    return row?.at ?? undefined;
  }

  /** Sets the first rolled_until (nothing before it to roll), unless another node did. */
  async startAt(day: Date): Promise<void> {
    await this.db.query(
      'update stats_rollup_state set rolled_until = $1 where id = 1 and rolled_until is null',
      [day],
    );
  }

  /**
   * Rolls up the day starting at `day`, if it is still the next one to roll: one transaction
   * that holds the state row, so two nodes never roll the same day twice. False if it was not.
   */
  async rollDay(day: Date): Promise<boolean> {
    const next = new Date(day.getTime() + DAY_MS);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ rolled_until: Date | null }>(
        'select rolled_until from stats_rollup_state where id = 1 for update',
      );
      if (row?.rolled_until?.getTime() !== day.getTime()) return false;
      for (const sql of ROLL_DAY) await tx.query(sql, [day, next]);
      const [earliest] = await tx.query<{ day: Date }>(EARLIEST_SESSION_DAY, [day, next]);
      const redoFrom = earliest && earliest.day < day ? earliest.day : day;
      for (const sql of REDO_DAILY) await tx.query(sql, [redoFrom, next]);
      const seqs = await tx.query<{ user_seq: number }>(
        'select distinct user_seq from stats_activity where hour >= $1 and hour < $2',
        [day, next],
      );
      const bits = bitmapOf(seqs.map((r) => r.user_seq));
      await tx.query(
        `insert into stats_daily_active (day, users, count) values ($1, $2, $3)
         on conflict (day) do update set users = excluded.users, count = excluded.count`,
        [day, bits, countBits(bits)],
      );
      await tx.query('update stats_rollup_state set rolled_until = $1 where id = 1', [next]);
      return true;
    });
  }

  /** Deletes the raw rows of the day starting at `day` and marks it compacted. */
  async compactDay(day: Date): Promise<number> {
    const next = new Date(day.getTime() + DAY_MS);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ compacted_until: Date | null; rolled_until: Date | null }>(
        'select compacted_until, rolled_until from stats_rollup_state where id = 1 for update',
      );
      // Only rolled days, and only from where compaction stopped.
      if (!row?.rolled_until || row.rolled_until < next) return 0;
      if (row.compacted_until && row.compacted_until.getTime() !== day.getTime()) return 0;
      let removed = 0;
      for (const [table, column] of RAW_TABLES) {
        const [gone] = await tx.query<{ n: number }>(
          `with gone as (delete from ${table} where ${column} >= $1 and ${column} < $2 returning 1)
           select count(*)::int as n from gone`,
          [day, next],
        );
        removed += gone?.n ?? 0;
      }
      await tx.query('update stats_rollup_state set compacted_until = $1 where id = 1', [next]);
      return removed;
    });
  }

  /** The first compaction starts at the oldest raw day. */
  async startCompactionAt(day: Date): Promise<void> {
    await this.db.query(
      'update stats_rollup_state set compacted_until = $1 where id = 1 and compacted_until is null',
      [day],
    );
  }
}
