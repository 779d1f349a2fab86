/**
 * SQL pieces shared by the writes that show a user was active. `$1` is the user id and `$2` the
 * time in every statement built from them.
 */

/** Whole UTC days between two timestamptz expressions. */
export const dayNumber = (t: string) => `floor(extract(epoch from ${t}) / 86400)`;

/** Marks the user's hour as active; yields the user's seq when the hour was not marked yet. */
export const MARK_HOUR = `mark as (
  insert into stats_activity (hour, user_seq)
  select date_trunc('hour', $2::timestamptz, 'UTC'), seq from stats_users where user_id = $1
  on conflict do nothing returning user_seq)`;

/**
 * The per-user columns an activity moves: last seen, and the retention flags of a first
 * activity on the 1st, 7th or 30th day after registering (only a newly marked hour can be one).
 * `marked` is true for a row whose hour was newly marked.
 */
export const seenColumns = (marked: string) => {
  const back = (days: number) =>
    `back_day${days} = back_day${days} or (${marked} and ${dayNumber('$2::timestamptz')} - ${dayNumber('registered_at')} = ${days})`;
  return `last_seen_at = greatest(last_seen_at, $2::timestamptz),
  ${back(1)},
  ${back(7)},
  ${back(30)}`;
};

/** `seenColumns` of the one user `$1` (the hour marked by MARK_HOUR). */
export const SEEN_COLUMNS = seenColumns('exists (select 1 from mark)');

/**
 * Ends a set of intervals (the rows of CTE `ended` with user_id, started_at and end_at) as
 * events of `kind` recorded at `$at`, and adds them to the users' totals when `totals` names
 * the count and seconds columns. Yields rows of `n` that add up to the intervals ended.
 */
export function endIntervals(
  kind: 'sessions' | 'online',
  at: string,
  dim: string,
  totals?: { count: string; seconds: string },
): string {
  const seconds = 'greatest(0, extract(epoch from end_at - started_at))';
  const events = `ev as (
    insert into stats_events (at, kind, user_id, dim, started_at, seconds)
    select ${at}, '${kind}', user_id, ${dim}, started_at, ${seconds} from ended)`;
  if (!totals) return `${events} select count(*)::int as n from ended`;
  return `${events}, per_user as (
      select user_id, count(*)::int as n, sum(${seconds}) as s from ended group by user_id)
    update stats_users u set ${totals.count} = ${totals.count} + p.n, ${totals.seconds} = ${totals.seconds} + p.s
    from per_user p where u.user_id = p.user_id returning p.n`;
}
