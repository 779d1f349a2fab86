import type { Queryable } from '../storage/db.js';
import type { TicketSecrets } from './ticket-secrets.js';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  ticketSecret: string;
  createdAt: Date;
  disabledAt: Date | null;
  failedLogins: number;
  lockedUntil: Date | null;
}

type Row = {
  id: string;
  username: string;
  password_hash: string;
  ticket_secret: string;
  created_at: Date;
  disabled_at: Date | null;
  failed_logins: number;
  locked_until: Date | null;
};

const toUser = (r: Row, secrets: TicketSecrets): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  ticketSecret: secrets.open(r.id, r.ticket_secret),
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
});

/** SQL for user accounts. Ticket secrets are stored sealed (TicketSecrets). */
export class AccountsStore {
  constructor(
    private readonly db: Queryable,
    private readonly secrets: TicketSecrets,
  ) {}

  /** Inserts a user; a taken username surfaces as a unique violation. */
  async insert(u: {
    id: string;
    username: string;
    key: string;
    passwordHash: string;
    ticketSecret: string;
    now: Date;
  }) {
    await this.db.query(
      `insert into users (id, username, username_key, password_hash, ticket_secret, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $6)`,
      [u.id, u.username, u.key, u.passwordHash, this.secrets.seal(u.id, u.ticketSecret), u.now],
    );
  }

  async byKey(key: string): Promise<UserRecord | undefined> {
    const rows = await this.db.query<Row>('select * from users where username_key = $1', [key]);
    return rows[0] && toUser(rows[0], this.secrets);
  }

  async byId(id: string): Promise<UserRecord | undefined> {
    const rows = await this.db.query<Row>('select * from users where id = $1', [id]);
    return rows[0] && toUser(rows[0], this.secrets);
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return rows[0]?.n ?? 0;
  }

  async list(options: { limit: number; after?: string }): Promise<UserRecord[]> {
    const rows = await this.db.query<Row>(
      'select * from users where ($1::text is null or username_key > $1) order by username_key limit $2',
      [options.after ?? null, options.limit],
    );
    return rows.map((r) => toUser(r, this.secrets));
  }

  async recordFailure(id: string, failedLogins: number, lockedUntil: Date | null, now: Date): Promise<void> {
    await this.db.query(
      'update users set failed_logins = $2, locked_until = $3, updated_at = $4 where id = $1',
      [id, failedLogins, lockedUntil, now],
    );
  }

  async clearFailures(id: string, now: Date): Promise<void> {
    await this.db.query(
      'update users set failed_logins = 0, locked_until = null, updated_at = $2 where id = $1 and (failed_logins > 0 or locked_until is not null)',
      [id, now],
    );
  }

  async setPassword(id: string, passwordHash: string, now: Date): Promise<void> {
    await this.db.query('update users set password_hash = $2, updated_at = $3 where id = $1', [
      id,
      passwordHash,
      now,
    ]);
  }

  async setDisabled(id: string, disabledAt: Date | null, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'update users set disabled_at = $2, updated_at = $3 where id = $1 returning id',
      [id, disabledAt, now],
    );
    return rows.length === 1;
  }
}
