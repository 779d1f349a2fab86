import type { Authorizer } from '../access/authorizer.js';
import type { AccessStore } from '../access/access-store.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { randomSecret, safeEqual, sha256 } from '../platform/secrets.js';
import type { Queryable } from '../storage/db.js';
import type { AccountService } from './account-service.js';

/**
 * The first admin. While no admin has been created, every start mints a fresh one-time code
 * (only its hash is stored) that the operator reads off the terminal and spends once on
 * POST /v1/admin/bootstrap. No default password exists anywhere.
 */
export class BootstrapService {
  constructor(
    private readonly deps: {
      db: Queryable;
      accounts: AccountService;
      access: AccessStore;
      authorizer: Authorizer;
      audit: AuditLog;
      clock: Clock;
    },
  ) {}

  /** Returns a new code when bootstrap is still open, undefined when it has been done. */
  async prepare(): Promise<string | undefined> {
    const rows = await this.deps.db.query<{ used_at: Date | null }>(
      'select used_at from bootstrap where id = 1',
    );
    if (rows[0]?.used_at) return undefined;
    const code = randomSecret(18);
    await this.deps.db.query(
      `insert into bootstrap (id, code_hash, created_at) values (1, $1, $2)
       on conflict (id) do update set code_hash = excluded.code_hash, created_at = excluded.created_at where bootstrap.used_at is null`,
      [sha256(code), this.deps.clock.now()],
    );
    return code;
  }

  /** True while the first admin has not been created (what the web client's first page asks). */
  async pending(): Promise<boolean> {
    const rows = await this.deps.db.query<{ used_at: Date | null }>(
      'select used_at from bootstrap where id = 1',
    );
    return !rows[0]?.used_at;
  }

  async bootstrap(code: string, username: string, password: string, ip: string) {
    const { db, audit, clock } = this.deps;
    const now = clock.now();
    // Claim the code first, atomically, so two racing requests cannot both create an admin.
    const rows = await db.query<{ code_hash: string }>(
      'select code_hash from bootstrap where id = 1 and used_at is null',
    );
    const stored = rows[0]?.code_hash;
    if (!stored || !safeEqual(stored, sha256(code))) {
      await audit.record({
        actorKind: 'anonymous',
        actorName: username,
        action: 'admin.bootstrap',
        ip,
        outcome: 'failure',
      });
      throw new AppError('BOOTSTRAP_REFUSED');
    }
    const claimed = await db.query(
      'update bootstrap set used_at = $1 where id = 1 and used_at is null and code_hash = $2 returning id',
      [now, stored],
    );
    if (claimed.length !== 1) throw new AppError('BOOTSTRAP_REFUSED');
    try {
      const user = await this.deps.accounts.register(username, password, ip);
      await this.deps.access.insertBinding(
        { name: `admin-${user.id}`, role: 'admin', subjectKind: 'user', subject: user.id, builtin: false },
        now,
      );
      await this.deps.authorizer.reload();
      await audit.record({
        actorKind: 'user',
        actorId: user.id,
        actorName: username,
        action: 'admin.bootstrap',
        target: user.id,
        ip,
        outcome: 'success',
      });
      return user;
    } catch (err) {
      // The account could not be made (taken name, weak password): the code stays usable.
      await db.query('update bootstrap set used_at = null where id = 1');
      throw err;
    }
  }
}
