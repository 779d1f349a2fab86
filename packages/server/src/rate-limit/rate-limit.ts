/**
 * Counts attempts per key (an IP, a user, a passcode) so a route can refuse the excess: login
 * attempts per IP, passcode guesses, chat messages per second.
 *
 * The algorithm is a token bucket in its GCRA form, the same in every implementation: a key may
 * spend `limit` attempts at once, and regains one every `windowMs / limit`. So `{limit: 5, windowMs:
 * 60_000}` allows a burst of 5, then one every 12 s; at no time more than 5 + (t / 12 s) in any
 * interval t. Unlike a fixed window there is no boundary at which 2 × limit gets through.
 *
 * Guarantees (checked by `rate-limit.contract.test.ts`):
 * - `consume` is atomic: concurrent calls, from any number of nodes sharing a store, never let more
 *   than `limit` through a full bucket.
 * - A refused attempt costs nothing, so hammering does not lengthen the wait.
 * - A key never seen, or idle for `windowMs`, has a full bucket; `reset` makes it so at once.
 * - Use one rule per key (prefix keys by purpose: `login-ip:`, `passcode:`, `chat:`).
 */
export interface RateLimitStore {
  consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
  /** Resolves when the store can answer; rejects with a clear reason otherwise (for /readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitRule {
  /** Attempts allowed at once; a positive integer. */
  limit: number;
  /** Time for an empty bucket to fill again, in ms. */
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Attempts that would be allowed right now after this one. */
  remaining: number;
  /** 0 when allowed; otherwise how long until the next attempt can pass (for Retry-After). */
  retryAfterMs: number;
}

/** The rule in whole microseconds, the unit both implementations compute in so they agree exactly. */
export interface BucketParameters {
  /** Time one attempt takes to refill, rounded up so the rate never exceeds the rule. */
  intervalUs: number;
  /** How far ahead of now a key's schedule may run: `limit` intervals. */
  burstUs: number;
}

export function bucketParameters(rule: RateLimitRule): BucketParameters {
  if (!Number.isInteger(rule.limit) || rule.limit < 1) {
    throw new RangeError(`rate limit must be a positive integer, got ${rule.limit}`);
  }
  if (!Number.isFinite(rule.windowMs) || rule.windowMs <= 0) {
    throw new RangeError(`rate limit window must be a positive number of ms, got ${rule.windowMs}`);
  }
  const intervalUs = Math.max(1, Math.ceil((rule.windowMs * 1_000) / rule.limit));
  return { intervalUs, burstUs: intervalUs * rule.limit };
}

/**
 * One GCRA step. `tatUs` is the key's theoretical arrival time (when its bucket is full again, as if
 * every allowed attempt had been spread evenly); undefined for a fresh key. Returns the decision and,
 * when allowed, the new TAT to store. The Redis Lua script is a line-by-line copy of this function.
 */
export function gcraStep(
  tatUs: number | undefined,
  nowUs: number,
  { intervalUs, burstUs }: BucketParameters,
): { decision: RateLimitDecision; nextTatUs?: number } {
  const nextTatUs = Math.max(tatUs ?? 0, nowUs) + intervalUs;
  const aheadUs = nextTatUs - nowUs;
  if (aheadUs > burstUs) {
    return {
      decision: { allowed: false, remaining: 0, retryAfterMs: Math.ceil((aheadUs - burstUs) / 1_000) },
    };
  }
  const remaining = Math.floor((burstUs - aheadUs) / intervalUs);
  return { decision: { allowed: true, remaining, retryAfterMs: 0 }, nextTatUs };
}

export class RateLimitClosedError extends Error {
  override readonly name = 'RateLimitClosedError';
  constructor() {
    super('the rate-limit store is closed');
  }
}
