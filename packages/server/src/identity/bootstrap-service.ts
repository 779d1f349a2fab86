import type { Authorizer } from '../access/authorizer.js';
import type { AccessStore } from '../access/access-store.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { randomSecret, safeEqual, sha256 } from '../platform/secrets.js';
import { type Limiter, spendAttempt } from '../rate-limit/limiter.js';
import type { AccountService } from './account-service.js';
import type { BootstrapStore } from './bootstrap-store.js';

/**
 * The first admin. While no admin has been created, every start mints a fresh one-time code
 * (only its hash is stored) that the operator reads off the terminal and spends once on
 * POST /v1/admin/bootstrap. No default password exists anywhere.
 */
export class BootstrapService {
  constructor(
    private readonly deps: {
      store: BootstrapStore;
      limiter: Limiter;
      accounts: AccountService;
      access: AccessStore;
      authorizer: Authorizer;
      audit: AuditLog;
      clock: Clock;
    },
  ) {}

  /** Returns a new code when bootstrap is still open, undefined when it has been done. */
  async prepare(): Promise<string | undefined> {
    if (await this.deps.store.used()) return undefined;
    const code = randomSecret(18);
    await this.deps.store.offer(sha256(code), this.deps.clock.now());
    return code;
  }

  /** True while the first admin has not been created (what the web client's first page asks). */
  async pending(): Promise<boolean> {
    return !(await this.deps.store.used());
  }

  async bootstrap(code: string, username: string, password: string, ip: string) {
    const { store, audit, clock } = this.deps;
    // Guessing the code is limited per address before anything else is looked at.
    await spendAttempt(this.deps.limiter, `bootstrap:ip:${ip}`, { limit: 10, windowMs: 60_000 });
    const now = clock.now();
    // Claim the code first, atomically, so two racing requests cannot both create an admin.
    const stored = await store.openCodeHash();
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
    if (!(await store.claim(stored, now))) throw new AppError('BOOTSTRAP_REFUSED');
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
      await store.reopen();
      throw err;
    }
  }
}
