import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { AccountsStore, UserRecord } from './accounts-store.js';
import { type Limiter, rateLimited } from '../rate-limit/limiter.js';
import type { LockoutPolicy } from './login-service.js';

/** How long an account is locked after `failures` failed guesses (0: not locked). */
export function lockoutSeconds(policy: LockoutPolicy, failures: number): number {
  const over = failures - policy.threshold;
  return over < 0 ? 0 : Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** over);
}

/**
 * Guesses at the password of a signed-in account (the current password of a password change).
 * They count exactly as failed logins do: the same per-address limit, the same per-account
 * counter and lockout. Each guess takes its place in the counter in one statement *before* it is
 * hashed, and the one that reaches the threshold locks the account at once: a burst of parallel
 * guesses gets `threshold` of them checked and the rest refused unhashed. A right guess clears
 * the counter and the lock, as a login does.
 */
export class PasswordGuesses {
  constructor(
    private readonly deps: {
      accounts: AccountsStore;
      limiter: Limiter;
      clock: Clock;
      lockout: LockoutPolicy;
    },
  ) {}

  /** Runs `check` if a guess is allowed now and says whether it was right; else RATE_LIMITED. */
  async guess(user: UserRecord, ip: string, check: () => Promise<boolean>): Promise<boolean> {
    const { accounts, limiter, clock, lockout } = this.deps;
    const perIp = await limiter.consume(`login:ip:${ip}`, { limit: lockout.ipPerMinute, windowMs: 60_000 });
    if (!perIp.allowed) throw tooMany(perIp.retryAfterMs);
    const now = clock.now();
    if ((await accounts.takeGuess(user.id, now, lockout)) === undefined) {
      const lockedUntil = (await accounts.byId(user.id))?.lockedUntil;
      throw tooMany(lockedUntil ? lockedUntil.getTime() - now.getTime() : 1000);
    }
    let right: boolean;
    try {
      right = await check();
    } catch (err) {
      // Not checked (the hasher was busy): not a guess, so it does not count.
      await accounts.forgiveFailure(user.id, clock.now());
      throw err;
    }
    if (right) await accounts.clearFailures(user.id, clock.now());
    return right;
  }
}

function tooMany(retryAfterMs: number): AppError {
  return rateLimited(retryAfterMs, 'Too many wrong passwords; try again later');
}
