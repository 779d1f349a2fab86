import type { Queryable } from '../storage/db.js';
import { dayNumber, endIntervals } from './activity-sql.js';

// Bounded batches, so one pass never holds a long transaction on a big backlog.
const BATCH = 1000;

// A session that expired without a logout ended at its last activity (which is never after
// its absolute expiry: nothing can use it past that).
const CLOSE_EXPIRED_SESSIONS = `with ended as (
    delete from stats_sessions where session_id in (
      select session_id from stats_sessions where expires_at <= $1 or last_active_at <= $2 limit ${BATCH})
    returning user_id, started_at, least(last_active_at, expires_at) as end_at),
  ${endIntervals('sessions', '$1::timestamptz', "'expired'", { count: 'sessions', seconds: 'session_seconds' })}`;

// Sockets of a node that stopped refreshing them (it died) closed at their last refresh.
const CLOSE_STALE_SOCKETS = `with ended as (
    delete from stats_online where connection_id in (
      select connection_id from stats_online where seen_at < $2 and node_id <> $3 limit ${BATCH})
    returning user_id, since as started_at, seen_at as end_at),
  ${endIntervals('online', '$1::timestamptz', 'null')}`;

const REFRESH_OWN_SOCKETS = 'update stats_online set seen_at = $1 where node_id = $2';

// One sample per minute for the whole platform: the first node to take it wins.
const SAMPLE = `insert into stats_samples (at, users)
  select date_trunc('minute', $1::timestamptz, 'UTC'), count(distinct user_id)::int from stats_online where seen_at >= $2
  on conflict (at) do nothing`;

// Users on this node's sockets were active this hour (a socket open for days counts every hour).
const MARK_ONLINE = `with online as (
    select distinct u.user_id, u.seq from stats_online o join stats_users u on u.user_id = o.user_id
    where o.node_id = $2),
  mark as (
    insert into stats_activity (hour, user_seq)
    select date_trunc('hour', $1::timestamptz, 'UTC'), seq from online on conflict do nothing returning user_seq)
  update stats_users s set last_seen_at = greatest(last_seen_at, $1::timestamptz),
    back_day1 = back_day1 or (seq in (select user_seq from mark) and ${dayNumber('$1::timestamptz')} - ${dayNumber('registered_at')} = 1),
    back_day7 = back_day7 or (seq in (select user_seq from mark) and ${dayNumber('$1::timestamptz')} - ${dayNumber('registered_at')} = 7),
    back_day30 = back_day30 or (seq in (select user_seq from mark) and ${dayNumber('$1::timestamptz')} - ${dayNumber('registered_at')} = 30)
  where user_id in (select user_id from online)`;

/** SQL for what the housekeeping sweep and the sampler do to stats' open rows. */
export class StatsUpkeepStore {
  constructor(private readonly db: Queryable) {}

  /** Ends sessions past their absolute expiry or idle longer than `idleMs`; returns how many. */
  async closeExpiredSessions(now: Date, idleMs: number): Promise<number> {
    const params = [now, new Date(now.getTime() - idleMs)];
    return this.inBatches(() => this.db.query<{ n: number }>(CLOSE_EXPIRED_SESSIONS, params));
  }

  /** Refreshes this node's sockets, then closes other nodes' sockets not refreshed since `staleBefore`. */
  async closeStaleSockets(now: Date, staleBefore: Date, nodeId: string): Promise<number> {
    await this.db.query(REFRESH_OWN_SOCKETS, [now, nodeId]);
    return this.inBatches(() =>
      this.db.query<{ n: number }>(CLOSE_STALE_SOCKETS, [now, staleBefore, nodeId]),
    );
  }

  /** The sampler's minute: refresh this node's sockets, mark their users active, take the sample. */
  async sample(now: Date, freshSince: Date, nodeId: string): Promise<void> {
    await this.db.query(REFRESH_OWN_SOCKETS, [now, nodeId]);
    await this.db.query(MARK_ONLINE, [now, nodeId]);
    await this.db.query(SAMPLE, [now, freshSince]);
  }

  async usersOnline(freshSince: Date): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      'select count(distinct user_id)::int as n from stats_online where seen_at >= $1',
      [freshSince],
    );
    return row?.n ?? 0;
  }

  async liveGames(): Promise<{ type: string; status: string; n: number }[]> {
    return this.db.query(
      'select type, status, count(*)::int as n from stats_live_games group by type, status',
    );
  }

  private async inBatches(batch: () => Promise<{ n: number }[]>): Promise<number> {
    let total = 0;
    for (;;) {
      const done = (await batch()).reduce((sum, row) => sum + Number(row.n), 0);
      total += done;
      if (done < BATCH) return total;
    }
  }
}
