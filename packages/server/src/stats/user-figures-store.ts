import type { UserSort, UserStats } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';
import type { Range } from './ranges.js';

export interface CohortRow {
  at: Date;
  users: number;
  day1: number;
  day7: number;
  day30: number;
}

const FIGURES = `logins, last_login_at, last_seen_at, sessions, session_seconds, games_played, games_won, chat_messages`;

type Row = {
  user_id: string;
  logins: number;
  last_login_at: Date | null;
  last_seen_at: Date | null;
  sessions: number;
  session_seconds: number;
  games_played: number;
  games_won: number;
  chat_messages: number;
};

const toStats = (r: Row): UserStats => ({
  logins: r.logins,
  lastLoginAt: r.last_login_at?.toISOString() ?? null,
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  sessions: r.sessions,
  sessionSeconds: Math.round(Number(r.session_seconds)),
  gamesPlayed: r.games_played,
  gamesWon: r.games_won,
  chatMessages: r.chat_messages,
});

// Sortable columns; username and createdAt are the account's own, kept here for search and sort.
const COLUMN: Record<UserSort, string> = {
  username: 'username_key',
  createdAt: 'registered_at',
  logins: 'logins',
  lastLoginAt: 'last_login_at',
  lastSeenAt: 'last_seen_at',
  sessions: 'sessions',
  sessionSeconds: 'session_seconds',
  gamesPlayed: 'games_played',
  gamesWon: 'games_won',
  chatMessages: 'chat_messages',
};

/** SQL for the per-user figures and the retention cohorts, both from stats_users. */
export class UserFiguresStore {
  constructor(private readonly db: Queryable) {}

  async of(userId: string): Promise<UserStats | undefined> {
    const rows = await this.db.query<Row>(`select user_id, ${FIGURES} from stats_users where user_id = $1`, [
      userId,
    ]);
    return rows[0] && toStats(rows[0]);
  }

  async ofMany(userIds: readonly string[]): Promise<Map<string, UserStats>> {
    const rows = await this.db.query<Row>(
      `select user_id, ${FIGURES} from stats_users where user_id = any($1::uuid[])`,
      [[...userIds]],
    );
    return new Map(rows.map((r) => [r.user_id, toStats(r)]));
  }

  /** A page of user ids in the order of a figure (nulls last), optionally matching a name. */
  async page(q: {
    search?: string;
    sort: UserSort;
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
  }): Promise<string[]> {
    const column = COLUMN[q.sort];
    const direction = q.order === 'desc' ? 'desc nulls last' : 'asc nulls last';
    const rows = await this.db.query<{ user_id: string }>(
      `select user_id from stats_users where ($1::text is null or strpos(username_key, $1) > 0)
       order by ${column} ${direction}, username_key limit $2 offset $3`,
      [q.search ?? null, q.limit, q.offset],
    );
    return rows.map((r) => r.user_id);
  }

  async cohorts(range: Range, unit: 'day' | 'week'): Promise<CohortRow[]> {
    return this.db.query<CohortRow>(
      `select date_trunc($3, registered_at, 'UTC') as at, count(*)::int as users,
         count(*) filter (where back_day1)::int as day1, count(*) filter (where back_day7)::int as day7,
         count(*) filter (where back_day30)::int as day30
       from stats_users where registered_at >= $1 and registered_at < $2 group by 1`,
      [range.from, range.to, unit],
    );
  }
}
