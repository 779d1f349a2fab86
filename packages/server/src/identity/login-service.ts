import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import { storableCopy } from '@parlor/protocol';
import type { IdentityStats } from '../stats/stats-recorder.js';
import { AppError } from '../platform/app-error.js';
import { type Limiter, rateLimited } from '../rate-limit/limiter.js';
import type { Clock } from '../platform/clock.js';
import { newId, newToken, sha256 } from '../platform/secrets.js';
import type { AccountsStore, UserRecord } from './accounts-store.js';
import type { PasswordHasher } from './password-hasher.js';
import { lockoutSeconds } from './password-guesses.js';
import { usernameKey } from './password-policy.js';
import type { SessionTimeouts } from './session-verifier.js';
import type { NewSession, SessionsStore } from './sessions-store.js';
import { SESSION_PREFIX } from './session-token.js';

export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
  ipPerMinute: number;
}

export interface LoginDeps {
  accounts: AccountsStore;
  sessions: SessionsStore;
  hasher: PasswordHasher;
  limiter: Limiter;
  audit: AuditLog;
  clock: Clock;
  timeouts: SessionTimeouts;
  lockout: LockoutPolicy;
  stats?: Pick<IdentityStats, 'loggedIn' | 'loginFailed'>;
}

export interface LoginContext {
  ip: string;
  userAgent?: string;
}

/**
 * Logging in. Brute force is met as Keycloak does: a per-account progressive lockout after
 * `threshold` failures (doubling from `baseSeconds` up to `maxSeconds`) plus a per-IP rate
 * limit. Unknown user, wrong password, disabled and locked accounts all get the same answer
 * after the same argon2 work, so none can be told apart.
 */
export class LoginService {
  constructor(private readonly deps: LoginDeps) {}

  async login(username: string, password: string, ctx: LoginContext) {
    const { accounts, hasher, limiter, lockout, clock } = this.deps;
    const ip = await limiter.consume(`login:ip:${ctx.ip}`, { limit: lockout.ipPerMinute, windowMs: 60_000 });
    if (!ip.allowed) {
      await this.audit('login', null, username, ctx, 'failure', { reason: 'ip_rate_limited' });
      throw rateLimited(ip.retryAfterMs, 'Too many login attempts from this address');
    }
    const now = clock.now();
    const user = await accounts.byKey(usernameKey(username));
    const locked = user?.lockedUntil && user.lockedUntil > now;
    const ok =
      user && !locked && !user.disabledAt
        ? await hasher.verify(user.passwordHash, password)
        : await hasher.verifyNothing(password);
    if (!ok || !user) {
      const reason = !user
        ? 'unknown_user'
        : user.disabledAt
          ? 'disabled'
          : locked
            ? 'locked'
            : 'wrong_password';
      if (user && reason === 'wrong_password') await this.countFailure(user, now);
      await this.audit('login', user?.id ?? null, username, ctx, 'failure', { reason });
      await this.deps.stats?.loginFailed({ userId: user?.id ?? null });
      throw new AppError('INVALID_CREDENTIALS');
    }
    // Skipped when there is nothing to clear: a login then costs no write beyond its session.
    if (user.failedLogins > 0 || user.lockedUntil) await accounts.clearFailures(user.id, now);
    const { session, created } = this.newSession(user, ctx);
    // The session and its audit entry in one statement: both or neither, one commit (which is
    // most of a login's database time on the embedded store).
    await this.deps.audit.recordWith(
      this.deps.sessions.insertStatement(session),
      this.entry('login', user.id, user.username, ctx, 'success'),
    );
    await this.deps.stats?.loggedIn({ userId: user.id, sessionId: session.id, expiresAt: session.expiresAt });
    return created;
  }

  /**
   * A login whose body the schema refused (a NUL in the username, a field missing): it counts
   * against the address's limit and is audited like any other failed login, and then answered
   * VALIDATION_FAILED by the caller. What was sent is stored only as far as it can be stored.
   */
  async refuseMalformed(body: unknown, ctx: LoginContext): Promise<void> {
    const { limiter, lockout } = this.deps;
    const ip = await limiter.consume(`login:ip:${ctx.ip}`, { limit: lockout.ipPerMinute, windowMs: 60_000 });
    const raw = (body as { username?: unknown } | null)?.username;
    const name = typeof raw === 'string' ? storableCopy(raw.slice(0, 64)) : '';
    const reason = ip.allowed ? 'invalid_request' : 'ip_rate_limited';
    await this.audit('login', null, name, ctx, 'failure', { reason });
    if (!ip.allowed) throw rateLimited(ip.retryAfterMs, 'Too many login attempts from this address');
  }

  /** A new session for a user whose identity is proven, and what the client is told. */
  private newSession(user: Pick<UserRecord, 'id' | 'username' | 'createdAt'>, ctx: LoginContext) {
    const now = this.deps.clock.now();
    const token = newToken(SESSION_PREFIX);
    const expiresAt = new Date(now.getTime() + this.deps.timeouts.absoluteMs);
    const session: NewSession = {
      id: newId(),
      userId: user.id,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 256) ?? null,
    };
    const created = {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: user.id, username: user.username, createdAt: user.createdAt.toISOString() },
    };
    return { session, created };
  }

  private async countFailure(user: UserRecord, now: Date): Promise<void> {
    // Counted in the database, not from the value read before hashing: parallel guesses at one
    // account must each count towards its lockout.
    const failures = await this.deps.accounts.countFailure(user.id, now);
    const lockSeconds = lockoutSeconds(this.deps.lockout, failures);
    if (lockSeconds === 0) return;
    await this.deps.accounts.lockUntil(user.id, new Date(now.getTime() + lockSeconds * 1000), now);
  }

  private audit(...args: Parameters<LoginService['entry']>) {
    return this.deps.audit.record(this.entry(...args));
  }

  private entry(
    action: string,
    actorId: string | null,
    actorName: string,
    ctx: LoginContext,
    outcome: 'success' | 'failure',
    detail?: Record<string, unknown>,
  ): AuditEntry {
    return {
      actorKind: actorId ? 'user' : 'anonymous',
      actorId,
      actorName,
      action,
      ip: ctx.ip,
      outcome,
      detail,
    };
  }
}
