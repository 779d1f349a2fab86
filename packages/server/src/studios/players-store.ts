import type { Queryable } from '../storage/db.js';

export type PlayerSource = 'studio' | 'parlor';

export interface PlayerRef {
  studioId: string;
  source: PlayerSource;
  externalId: string;
}

export interface StudioPlayerRecord {
  source: PlayerSource;
  externalId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  seatPeriod: string | null;
}

type Row = {
  source: PlayerSource;
  external_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  seat_period: string | null;
};
const toPlayer = (r: Row): StudioPlayerRecord => ({
  source: r.source,
  externalId: r.external_id,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  seatPeriod: r.seat_period,
});

/** SQL for a studio's players and their logins. */
export class PlayersStore {
  /** The studio's plan and the player's seat, in one read (undefined: no such studio). */
  async lookup(q: Queryable, p: PlayerRef) {
    const rows = await q.query<{ plan: string; known: boolean; seat_period: string | null }>(
      `select s.plan, p.external_id is not null as known, p.seat_period
       from studios s left join studio_players p
         on p.studio_id = s.id and p.source = $2 and p.external_id = $3
       where s.id = $1`,
      [p.studioId, p.source, p.externalId],
    );
    const r = rows[0];
    return r && { plan: r.plan, known: r.known, seatPeriod: r.seat_period };
  }

  /** A known player's login: last seen and the login row, in one statement. */
  async touchAndLog(q: Queryable, p: PlayerRef, at: Date): Promise<void> {
    await q.query(
      `with touched as (
         update studio_players set last_seen_at = greatest(last_seen_at, $4)
         where studio_id = $1 and source = $2 and external_id = $3
       ) insert into studio_logins (studio_id, at) values ($1, $4)`,
      [p.studioId, p.source, p.externalId, at],
    );
  }

  /**
   * One login of a player who may need a seat, in one statement: creates the player or
   * updates their last login, records the login, and gives them a seat in `period` if they
   * hold none and fewer than `limit` players do (null: no cap). Run it under the studio's row
   * lock (StudiosStore.lock): the statement starts after the lock is held, so the count it
   * reads includes every seat committed before, and concurrent reports never pass the limit.
   */
  async recordAndSeat(tx: Queryable, p: PlayerRef, at: Date, period: string, limit: number | null) {
    const rows = await tx.query<{ created: boolean; active: boolean }>(
      `with room as (
         select $6::int is null
                or (select count(*) from studio_players where studio_id = $1 and seat_period = $5) < $6::int
                as free
       ), player as (
         insert into studio_players (studio_id, source, external_id, first_seen_at, last_seen_at, seat_period)
         values ($1, $2, $3, $4, $4, case when (select free from room) then $5::text end)
         on conflict (studio_id, source, external_id) do update set
           last_seen_at = greatest(studio_players.last_seen_at, excluded.last_seen_at),
           seat_period = case when studio_players.seat_period = $5::text or (select free from room) then $5::text
                              else studio_players.seat_period end
         returning (xmax = 0) as created, coalesce(seat_period = $5::text, false) as active
       ), login as (
         insert into studio_logins (studio_id, at) values ($1, $4)
       )
       select created, active from player`,
      [p.studioId, p.source, p.externalId, at, period, limit],
    );
    return rows[0]!;
  }

  /**
   * Seats players without one, oldest first, up to `limit` seats in all (an upgrade). Only
   * players seen since `since` count (the current month for monthly plans). Returns how many.
   */
  async fillSeats(tx: Queryable, studioId: string, period: string, limit: number | null, since: Date) {
    const rows = await tx.query(
      `with room as (
         select case when $3::int is null then null
                else greatest($3::int - (select count(*) from studio_players
                                         where studio_id = $1 and seat_period = $2), 0) end as n
       ), chosen as (
         select source, external_id from studio_players
         where studio_id = $1 and seat_period is distinct from $2 and last_seen_at >= $4
         order by first_seen_at, source, external_id
         limit (select n from room)
       )
       update studio_players p set seat_period = $2 from chosen c
       where p.studio_id = $1 and p.source = c.source and p.external_id = c.external_id
       returning p.external_id`,
      [studioId, period, limit, since],
    );
    return rows.length;
  }

  /** Moves the seats of one period to another (a plan that counts differently keeps who is active). */
  async moveSeats(tx: Queryable, studioId: string, from: string, to: string): Promise<void> {
    await tx.query('update studio_players set seat_period = $3 where studio_id = $1 and seat_period = $2', [
      studioId,
      from,
      to,
    ]);
  }

  /** Active: holding a seat in `period`; inactive: seen since `since` without one. */
  async counts(q: Queryable, studioId: string, period: string, since: Date) {
    const rows = await q.query<{ active: number; inactive: number }>(
      `select count(*) filter (where seat_period = $2)::int as active,
              count(*) filter (where seat_period is distinct from $2 and last_seen_at >= $3)::int as inactive
       from studio_players where studio_id = $1`,
      [studioId, period, since],
    );
    return rows[0] ?? { active: 0, inactive: 0 };
  }

  /** One page in first-seen order, after a (firstSeenAt, source, externalId) position. */
  async page(
    q: Queryable,
    o: {
      studioId: string;
      period: string;
      since: Date;
      active?: boolean;
      after?: { firstSeenAt: Date; source: string; externalId: string };
      limit: number;
    },
  ): Promise<StudioPlayerRecord[]> {
    const rows = await q.query<Row>(
      `select source, external_id, first_seen_at, last_seen_at, seat_period from studio_players
       where studio_id = $1
         and ($3::boolean is null
              or ($3::boolean and seat_period = $2)
              or (not $3::boolean and seat_period is distinct from $2 and last_seen_at >= $4))
         and ($5::timestamptz is null or (first_seen_at, source, external_id) > ($5::timestamptz, $6::text, $7::text))
       order by first_seen_at, source, external_id
       limit $8`,
      [
        o.studioId,
        o.period,
        o.active ?? null,
        o.since,
        o.after?.firstSeenAt ?? null,
        o.after?.source ?? null,
        o.after?.externalId ?? null,
        o.limit,
      ],
    );
    return rows.map(toPlayer);
  }

  async recordLogin(q: Queryable, studioId: string, at: Date): Promise<void> {
    await q.query('insert into studio_logins (studio_id, at) values ($1, $2)', [studioId, at]);
  }

  async loginCounts(q: Queryable, studioId: string, todayStart: Date, monthAgo: Date) {
    const rows = await q.query<{ today: number; last30: number }>(
      `select count(*) filter (where at >= $2)::int as today, count(*)::int as last30
       from studio_logins where studio_id = $1 and at >= $3`,
      [studioId, todayStart, monthAgo],
    );
    return rows[0] ?? { today: 0, last30: 0 };
  }

  async loginsByDay(q: Queryable, studioId: string, since: Date) {
    return q.query<{ day: string; logins: number }>(
      `select to_char(date_trunc('day', at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as logins
       from studio_logins where studio_id = $1 and at >= $2 group by 1 order by 1`,
      [studioId, since],
    );
  }

  async purgeLoginsBefore(q: Queryable, before: Date): Promise<number> {
    return (await q.query('delete from studio_logins where at < $1 returning 1', [before])).length;
  }
}
