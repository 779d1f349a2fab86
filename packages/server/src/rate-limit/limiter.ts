import { AppError } from '../platform/app-error.js';
import type { RateLimitDecision, RateLimitRule } from './rate-limit.js';

/** What a service needs of a rate-limit store: spend one attempt of a key. */
export interface Limiter {
  consume(key: string, rule: RateLimitRule): Promise<Pick<RateLimitDecision, 'allowed' | 'retryAfterMs'>>;
}

/** The one answer to a refused attempt: RATE_LIMITED, with a whole number of seconds (at least 1) to wait. */
export function rateLimited(retryAfterMs: number, message?: string): AppError {
  return new AppError('RATE_LIMITED', message, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}

/** Spends one attempt of `key`, or throws `rateLimited` when the key has none left. */
export async function spendAttempt(
  limiter: Limiter,
  key: string,
  rule: RateLimitRule,
  message?: string,
): Promise<void> {
  const decision = await limiter.consume(key, rule);
  if (!decision.allowed) throw rateLimited(decision.retryAfterMs, message);
}
