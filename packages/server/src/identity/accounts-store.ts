import type { Queryable } from '../storage/db.js';
import type { TicketSecrets } from './ticket-secrets.js';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: Date;
  disabledAt: Date | null;
  failedLogins: number;
  lockedUntil: Date | null;
}

type Row = {
  id: string;
  username: string;
  password_hash: string;
  created_at: Date;
  disabled_at: Date | null;
  failed_logins: number;
  locked_until: Date | null;
};

// The sealed ticket secret is read (and opened) only where join tickets need it.
const COLUMNS = 'id, username, password_hash, created_at, disabled_at, failed_logins, locked_until';

const toUser = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
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
    const rows = await this.db.query<Row>(`select ${COLUMNS} from users where username_key = $1`, [key]);
    return rows[0] && toUser(rows[0]);
  }

  async byId(id: string): Promise<UserRecord | undefined> {
    const rows = await this.db.query<Row>(`select ${COLUMNS} from users where id = $1`, [id]);
    return rows[0] && toUser(rows[0]);
  }

  /** A user with their ticket secret opened: for making and checking join tickets only. */
  async withTicketSecret(id: string): Promise<(UserRecord & { ticketSecret: string }) | undefined> {
    const rows = await this.db.query<Row & { ticket_secret: string }>(
      `select ${COLUMNS}, ticket_secret from users where id = $1`,
      [id],
    );
    const r = rows[0];
    return r && { ...toUser(r), ticketSecret: this.secrets.open(r.id, r.ticket_secret) };
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return rows[0]?.n ?? 0;
  }

  /** By username; `search` keeps names whose key contains it. */
  async list(options: { limit: number; after?: string; search?: string }): Promise<UserRecord[]> {
    const rows = await this.db.query<Row>(
      `select ${COLUMNS} from users where ($1::text is null or username_key > $1)
       and ($3::text is null or strpos(username_key, $3) > 0) order by username_key limit $2`,
      [options.after ?? null, options.limit, options.search ?? null],
    );
    return rows.map(toUser);
  }

  async byIds(ids: readonly string[]): Promise<UserRecord[]> {
    const rows = await this.db.query<Row>(`select ${COLUMNS} from users where id = any($1::uuid[])`, [
      [...ids],
    ]);
    return rows.map(toUser);
  }

  /**
   * Counts one more failed login, atomically (parallel guesses must each count), and returns
   * the new count.
   */
  async countFailure(id: string, now: Date): Promise<number> {
    const rows = await this.db.query<{ failed_logins: number }>(
      'update users set failed_logins = failed_logins + 1, updated_at = $2 where id = $1 returning failed_logins',
      [id, now],
    );
    return rows[0]?.failed_logins ?? 0;
  }

  /**
   * Takes a place for one password guess, atomically, unless the account is locked (undefined).
   * The guess counts as a failure from the start, and the one that reaches the lockout threshold
   * locks the account before it is checked: parallel guesses cannot all slip in under the
   * threshold. A right guess then clears both (clearFailures).
   */
  async takeGuess(
    id: string,
    now: Date,
    policy: { threshold: number; baseSeconds: number; maxSeconds: number },
  ): Promise<number | undefined> {
    const rows = await this.db.query<{ failed_logins: number }>(
      `update users set failed_logins = failed_logins + 1, updated_at = $2,
         locked_until = case when failed_logins + 1 >= $3
           then $2::timestamptz + make_interval(secs => least($5::float8, $4::float8 * power(2, failed_logins + 1 - $3)))
           else locked_until end
       where id = $1 and (locked_until is null or locked_until <= $2)
       returning failed_logins`,
      [id, now, policy.threshold, policy.baseSeconds, policy.maxSeconds],
    );
    return rows[0]?.failed_logins;
  }

  /** Takes back one counted failure (a guess that could not be checked after all). */
  async forgiveFailure(id: string, now: Date): Promise<void> {
    await this.db.query(
      'update users set failed_logins = greatest(failed_logins - 1, 0), updated_at = $2 where id = $1',
      [id, now],
    );
  }

  async lockUntil(id: string, lockedUntil: Date, now: Date): Promise<void> {
    await this.db.query('update users set locked_until = $2, updated_at = $3 where id = $1', [
      id,
      lockedUntil,
      now,
    ]);
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
