import type { Queryable } from '../storage/db.js';
import { endIntervals, MARK_HOUR, SEEN_COLUMNS, seenColumns } from './activity-sql.js';
import type { GameEnd } from './stats-recorder.js';

// Each write is one statement (data-modifying CTEs): the event, the open session or socket it
// touches, and the user's running totals change together or not at all, in one commit.

const REGISTERED = `with ev as (insert into stats_events (at, kind, user_id) values ($2, 'new_users', $1))
  insert into stats_users (user_id, username_key, registered_at) values ($1, $3, $2)
  on conflict (user_id) do nothing`;

const LOGGED_IN = `with ev as (insert into stats_events (at, kind, user_id) values ($2, 'logins', $1)),
  ses as (insert into stats_sessions (session_id, user_id, started_at, last_active_at, expires_at)
    values ($3, $1, $2, $2, $4) on conflict do nothing),
  ${MARK_HOUR}
  update stats_users set logins = logins + 1, last_login_at = $2, ${SEEN_COLUMNS} where user_id = $1`;

const LOGIN_FAILED = `insert into stats_events (at, kind, user_id) values ($2, 'failed_logins', $1)`;

const SESSION_USED = `with ses as (
    update stats_sessions set last_active_at = greatest(last_active_at, $2) where session_id = $3),
  ${MARK_HOUR}
  update stats_users set ${SEEN_COLUMNS} where user_id = $1`;

// SESSION_USED for many sessions at once: $1 user ids and $3 session ids, pairwise. The hour is
// marked per user, so a user's retention flags move only when their own hour was newly marked.
const SESSIONS_USED = `with used as (select * from unnest($1::uuid[], $3::uuid[]) as t(user_id, session_id)),
  ses as (update stats_sessions s set last_active_at = greatest(s.last_active_at, $2)
    from used where s.session_id = used.session_id),
  mark as (insert into stats_activity (hour, user_seq)
    select date_trunc('hour', $2::timestamptz, 'UTC'), seq from stats_users
    where user_id in (select user_id from used)
    on conflict do nothing returning user_seq)
  update stats_users set ${seenColumns('seq in (select user_seq from mark)')}
  where user_id in (select user_id from used)`;

// A logout ends the session now; any other ending (revocation, deauthentication, disabling,
// a password change) at its last activity, which is when its user was last there.
const SESSIONS_ENDED = `with ended as (
    delete from stats_sessions where session_id = any($3::uuid[]) and user_id = $1
    returning user_id, started_at,
      case when $4::text = 'logout' then $2::timestamptz else least(last_active_at, $2::timestamptz) end as end_at),
  what as (insert into stats_events (at, kind, user_id, dim) select $2, $5::text, $1, $4::text where $5::text is not null),
  ${endIntervals('sessions', '$2::timestamptz', '$4::text', { count: 'sessions', seconds: 'session_seconds' })}`;

const SOCKET_CONNECTED = `with sock as (
    insert into stats_online (connection_id, user_id, node_id, since, seen_at) values ($3, $1, $4, $2, $2)
    on conflict do nothing),
  ${MARK_HOUR}
  update stats_users set ${SEEN_COLUMNS} where user_id = $1`;

const SOCKET_CLOSED = `with ended as (
    delete from stats_online where connection_id = $1
    returning user_id, since as started_at, $2::timestamptz as end_at),
  seen as (update stats_users set last_seen_at = greatest(last_seen_at, $2::timestamptz)
    where user_id in (select user_id from ended)),
  ${endIntervals('online', '$2::timestamptz', 'null')}`;

const GAME_CREATED = `with ev as (insert into stats_events (at, kind, dim) values ($1, 'games_created', $3))
  insert into stats_live_games (game_id, type, status) values ($2, $3, 'lobby') on conflict do nothing`;

const GAME_STARTED = `with ev as (insert into stats_events (at, kind, dim) values ($1, 'games_started', $3))
  update stats_live_games set status = 'in_progress' where game_id = $2`;

const GAME_ENDED = `with ev as (
    insert into stats_events (at, kind, dim, started_at, seconds, players)
    values ($1, $3, $4, $5, extract(epoch from $1::timestamptz - $5::timestamptz), $6)),
  live as (delete from stats_live_games where game_id = $2)
  update stats_users set games_played = games_played + 1,
    games_won = games_won + case when user_id = any($8::uuid[]) then 1 else 0 end
  where user_id = any($7::uuid[])`;

const CHAT_POSTED = `with ev as (insert into stats_events (at, kind, user_id, dim) values ($2, 'chat_messages', $1, $3))
  update stats_users set chat_messages = chat_messages + 1 where user_id = $1`;

/** Events that name what ended sessions, beside the sessions themselves. */
const REASON_EVENT: Record<string, string> = {
  logout: 'logouts',
  deauthenticated: 'deauthentications',
  disabled: 'disables',
};

/** The recording side's SQL. */
export class StatsEventStore {
  constructor(private readonly db: Queryable) {}

  async registered(userId: string, usernameKey: string, at: Date): Promise<void> {
    await this.db.query(REGISTERED, [userId, at, usernameKey]);
  }

  async loggedIn(userId: string, sessionId: string, expiresAt: Date, at: Date): Promise<void> {
    await this.db.query(LOGGED_IN, [userId, at, sessionId, expiresAt]);
  }

  async loginFailed(userId: string | null, at: Date): Promise<void> {
    await this.db.query(LOGIN_FAILED, [userId, at]);
  }

  async sessionUsed(userId: string, sessionId: string, at: Date): Promise<void> {
    await this.db.query(SESSION_USED, [userId, at, sessionId]);
  }

  async sessionsUsed(used: readonly { userId: string; sessionId: string }[], at: Date): Promise<void> {
    await this.db.query(SESSIONS_USED, [used.map((u) => u.userId), at, used.map((u) => u.sessionId)]);
  }

  async sessionsEnded(
    userId: string,
    sessionIds: readonly string[],
    reason: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(SESSIONS_ENDED, [userId, at, [...sessionIds], reason, REASON_EVENT[reason] ?? null]);
  }

  async socketConnected(userId: string, connectionId: string, nodeId: string, at: Date): Promise<void> {
    await this.db.query(SOCKET_CONNECTED, [userId, at, connectionId, nodeId]);
  }

  async socketClosed(connectionId: string, at: Date): Promise<void> {
    await this.db.query(SOCKET_CLOSED, [connectionId, at]);
  }

  async gameCreated(gameId: string, type: string, at: Date): Promise<void> {
    await this.db.query(GAME_CREATED, [at, gameId, type]);
  }

  async gameStarted(gameId: string, type: string, at: Date): Promise<void> {
    await this.db.query(GAME_STARTED, [at, gameId, type]);
  }

  async gameEnded(game: GameEnd, at: Date): Promise<void> {
    // Played means seated in a game that began; won means first in a finished one.
    const played = game.startedAt ? game.players.map((p) => p.userId) : [];
    const won =
      game.status === 'finished' ? game.players.filter((p) => p.rank === 1).map((p) => p.userId) : [];
    await this.db.query(GAME_ENDED, [
      at,
      game.gameId,
      `games_${game.status}`,
      game.type,
      game.startedAt,
      game.players.length,
      played,
      won,
    ]);
  }

  async chatMessagePosted(userId: string, channelKind: string, at: Date): Promise<void> {
    await this.db.query(CHAT_POSTED, [userId, at, channelKind]);
  }
}
