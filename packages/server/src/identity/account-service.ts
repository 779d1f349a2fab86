import { lastAdmin, type LastAdminGuard } from '../access/last-admin-guard.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { newId, randomSecret } from '../platform/secrets.js';
import { type Limiter, spendAttempt } from '../rate-limit/limiter.js';
import { isUniqueViolation } from '../storage/db.js';
import type { AccountsStore, UserRecord } from './accounts-store.js';
import type { PasswordHasher } from './password-hasher.js';
import type { PasswordGuesses } from './password-guesses.js';
import { isReservedUsername, type PasswordPolicy, usernameKey } from './password-policy.js';
import type { RevocationListener, RevocationReason } from './revocations.js';
import type { SessionsStore } from './sessions-store.js';
import type { IdentityStats } from '../stats/stats-recorder.js';

export interface AccountDeps {
  accounts: AccountsStore;
  sessions: SessionsStore;
  hasher: PasswordHasher;
  policy: PasswordPolicy;
  audit: AuditLog;
  clock: Clock;
  revocations: RevocationListener;
  /** The current password of a change is a guess, limited as failed logins are. */
  guesses: PasswordGuesses;
  /** Nobody disables or deauthenticates the only enabled admin. */
  admins: Pick<LastAdminGuard, 'isAdmin' | 'enabledAdmins' | 'refuseIfLast'>;
  stats?: Pick<IdentityStats, 'registered' | 'sessionsEnded'>;
  /** Sign-ups per address and hour (`PARLOR_REGISTER_IP_PER_HOUR`). */
  signUps: { limiter: Limiter; perHour: number };
}

export const userView = (u: Pick<UserRecord, 'id' | 'username' | 'createdAt' | 'disabledAt'>) => ({
  id: u.id,
  username: u.username,
  createdAt: u.createdAt.toISOString(),
  disabled: u.disabledAt !== null,
});

/** Accounts and their sessions: register, change password, end sessions, disable. */
export class AccountService {
  constructor(private readonly deps: AccountDeps) {}

  /** Registration by anyone: limited per address, then `register`. */
  async signUp(username: string, password: string, ip: string): Promise<UserRecord> {
    const { limiter, perHour } = this.deps.signUps;
    await spendAttempt(
      limiter,
      `register:ip:${ip}`,
      { limit: perHour, windowMs: 3_600_000 },
      'Too many registrations from this address',
    );
    return this.register(username, password, ip);
  }

  /** A new account; callers that let anyone in go through `signUp`. */
  async register(username: string, password: string, ip: string): Promise<UserRecord> {
    const { accounts, hasher, policy, clock, audit } = this.deps;
    if (isReservedUsername(username)) throw validation('username', 'this username is reserved');
    const problem = policy.problem(password, username);
    if (problem) throw validation('password', problem);
    const now = clock.now();
    const user: UserRecord = {
      id: newId(),
      username,
      passwordHash: await hasher.hash(password),
      createdAt: now,
      disabledAt: null,
      failedLogins: 0,
      lockedUntil: null,
    };
    try {
      await accounts.insert({ ...user, key: usernameKey(username), ticketSecret: randomSecret(32), now });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('USERNAME_TAKEN');
      throw err;
    }
    await this.deps.stats?.registered({ userId: user.id, usernameKey: usernameKey(username) });
    await audit.recordUserAction(
      { userId: user.id, username: username, ip: ip },
      'account.register',
      user.id,
      'success',
    );
    return user;
  }

  async get(userId: string): Promise<UserRecord> {
    const user = await this.deps.accounts.byId(userId);
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    return user;
  }

  /** Needs the current password; ends every other session of the user. */
  async changePassword(actor: Actor & { sessionId: string }, current: string, next: string): Promise<void> {
    const { accounts, hasher, policy, clock, audit } = this.deps;
    const user = await this.get(actor.userId);
    const right = await this.deps.guesses.guess(user, actor.ip, () =>
      hasher.verify(user.passwordHash, current),
    );
    if (!right) {
      await audit.recordUserAction(
        { userId: user.id, username: user.username, ip: actor.ip },
        'password.change',
        user.id,
        'failure',
      );
      throw new AppError('WRONG_PASSWORD');
    }
    const problem = policy.problem(next, user.username);
    if (problem) throw validation('newPassword', problem);
    await accounts.setPassword(user.id, await hasher.hash(next), clock.now());
    await this.endSessions(user.id, 'password_changed', actor.sessionId);
    await audit.recordUserAction(
      { userId: user.id, username: user.username, ip: actor.ip },
      'password.change',
      user.id,
      'success',
    );
  }

  async listSessions(userId: string) {
    return this.deps.sessions.listActive(userId, this.deps.clock.now());
  }

  /** Ends one of the user's own sessions (object-level check: only their own). */
  async revokeSession(actor: Actor, sessionId: string, reason: RevocationReason = 'revoked'): Promise<void> {
    const done = await this.deps.sessions.revoke(sessionId, actor.userId, reason, this.deps.clock.now());
    if (!done) throw new AppError('NOT_FOUND', 'No such session');
    this.deps.revocations.sessionsRevoked({ userId: actor.userId, sessionIds: [sessionId], reason });
    await this.deps.stats?.sessionsEnded({ userId: actor.userId, sessionIds: [sessionId], reason });
    await this.deps.audit.recordUserAction(
      { userId: actor.userId, username: actor.username, ip: actor.ip },
      reason === 'logout' ? 'logout' : 'session.revoke',
      sessionId,
      'success',
    );
  }

  /** Log out everywhere: every session of the user ends now, this one included. */
  async logoutEverywhere(actor: Actor): Promise<number> {
    const ended = await this.endSessions(actor.userId, 'logged_out_everywhere');
    await this.deps.audit.recordUserAction(actor, 'logout.everywhere', actor.userId, 'success', {
      sessions: ended,
    });
    return ended;
  }

  /** Admin: every session of the user ends now, on every node. */
  async deauthenticate(admin: Actor, userId: string): Promise<number> {
    await this.get(userId);
    // Ending one's own sessions is logging out everywhere; anyone else's, not the last admin's.
    if (userId !== admin.userId) await this.deps.admins.refuseIfLast(userId, 'deauthenticate');
    const ended = await this.endSessions(userId, 'deauthenticated');
    await this.deps.audit.recordUserAction(
      { userId: admin.userId, username: admin.username, ip: admin.ip },
      'user.deauthenticate',
      userId,
      'success',
      { sessions: ended },
    );
    return ended;
  }

  async setDisabled(admin: Actor, userId: string, disabled: boolean): Promise<UserRecord> {
    if (disabled && userId === admin.userId)
      throw new AppError('CONFLICT', 'You cannot disable your own account');
    const now = this.deps.clock.now();
    const admins = this.deps.admins;
    const isAdmin = disabled && (await admins.isAdmin(userId));
    if (isAdmin) await admins.refuseIfLast(userId, 'disable');
    if (!(await this.deps.accounts.setDisabled(userId, disabled ? now : null, now)))
      throw new AppError('NOT_FOUND', 'No such user');
    // Checked again after the write: two admins disabled at once (on two nodes, say) each saw
    // the other enabled. The later check sees both writes, so at least one is undone.
    if (isAdmin && (await admins.enabledAdmins()) === 0) {
      await this.deps.accounts.setDisabled(userId, null, this.deps.clock.now());
      throw lastAdmin('disable');
    }
    if (disabled) await this.endSessions(userId, 'disabled');
    await this.deps.audit.recordUserAction(
      { userId: admin.userId, username: admin.username, ip: admin.ip },
      disabled ? 'user.disable' : 'user.enable',
      userId,
      'success',
    );
    return this.get(userId);
  }

  private async endSessions(userId: string, reason: RevocationReason, keep?: string): Promise<number> {
    const ids = await this.deps.sessions.revokeAll(userId, reason, this.deps.clock.now(), keep);
    this.deps.revocations.sessionsRevoked({ userId, sessionIds: ids, reason });
    await this.deps.stats?.sessionsEnded({ userId, sessionIds: ids, reason });
    return ids.length;
  }
}

function validation(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, {
    issues: [{ path: `body.${path}`, message }],
  });
}
