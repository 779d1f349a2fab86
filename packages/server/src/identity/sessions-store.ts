import type { Queryable, SqlStatement } from '../storage/db.js';

export type NewSession = Omit<SessionRecord, 'revokedAt' | 'lastSeenAt'> & { tokenHash: string };

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  revokedAt: Date | null;
}

/** A session joined with what authentication needs to know of its user. */
export interface SessionWithUser extends SessionRecord {
  username: string;
  userDisabled: boolean;
  userCreatedAt: Date;
}

type Row = {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
};

const toSession = (r: Row): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
  revokedAt: r.revoked_at,
});

type UserRow = Row & {
  token_hash: string;
  username: string;
  disabled_at: Date | null;
  user_created_at: Date;
};

const WITH_USER = `select s.*, u.username, u.disabled_at, u.created_at as user_created_at
  from sessions s join users u on u.id = s.user_id`;

const withUser = (r: UserRow): SessionWithUser => ({
  ...toSession(r),
  username: r.username,
  userDisabled: r.disabled_at !== null,
  userCreatedAt: r.user_created_at,
});

/** SQL for sessions. Only the SHA-256 of a token is ever stored. */
export class SessionsStore {
  constructor(private readonly db: Queryable) {}

  async insert(s: NewSession): Promise<void> {
    const { sql, params } = this.insertStatement(s);
    await this.db.query(sql, params);
  }

  /** The insert as a statement, to be combined with its audit entry. */
  insertStatement(s: NewSession): SqlStatement {
    return {
      sql: `insert into sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
            values ($1, $2, $3, $4, $4, $5, $6, $7)`,
      params: [s.id, s.userId, s.tokenHash, s.createdAt, s.expiresAt, s.ip, s.userAgent],
    };
  }

  async byTokenHash(tokenHash: string): Promise<SessionWithUser | undefined> {
    const rows = await this.db.query<UserRow>(`${WITH_USER} where s.token_hash = $1`, [tokenHash]);
    return rows[0] && withUser(rows[0]);
  }

  /** Many sessions in one statement (the realtime sweep's re-checks), by token hash. */
  async byTokenHashes(tokenHashes: readonly string[]): Promise<Map<string, SessionWithUser>> {
    if (tokenHashes.length === 0) return new Map();
    const rows = await this.db.query<UserRow>(`${WITH_USER} where s.token_hash = any($1::text[])`, [
      [...tokenHashes],
    ]);
    return new Map(rows.map((r) => [r.token_hash, withUser(r)]));
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.query('update sessions set last_seen_at = $2 where id = $1', [id, now]);
  }

  /** `touch` for many sessions in one statement. */
  async touchMany(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('update sessions set last_seen_at = $2 where id = any($1::uuid[])', [[...ids], now]);
  }

  /** Active (unrevoked, unexpired) sessions of a user, newest first. */
  async listActive(userId: string, now: Date): Promise<SessionRecord[]> {
    const rows = await this.db.query<Row>(
      'select * from sessions where user_id = $1 and revoked_at is null and expires_at > $2 order by created_at desc',
      [userId, now],
    );
    return rows.map(toSession);
  }

  async revoke(id: string, userId: string, reason: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'update sessions set revoked_at = $3, revoked_reason = $4 where id = $1 and user_id = $2 and revoked_at is null returning id',
      [id, userId, now, reason],
    );
    return rows.length === 1;
  }

  /** Revokes every live session of a user except `keepId`; returns the ids revoked. */
  async revokeAll(userId: string, reason: string, now: Date, keepId?: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `update sessions set revoked_at = $2, revoked_reason = $3
       where user_id = $1 and revoked_at is null and ($4::uuid is null or id <> $4) returning id`,
      [userId, now, reason, keepId ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Deletes sessions that ended long ago; they are kept a while for the admin's session history. */
  async purgeEndedBefore(cutoff: Date): Promise<number> {
    const rows = await this.db.query(
      'delete from sessions where expires_at < $1 or revoked_at < $1 returning id',
      [cutoff],
    );
    return rows.length;
  }
}
