import {
  bucketParameters,
  gcraStep,
  RateLimitClosedError,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitStore,
} from './rate-limit.js';

export interface LocalRateLimitOptions {
  /** Milliseconds since the epoch; injectable so tests move time by hand. Default `Date.now`. */
  now?: () => number;
  /**
   * Most keys held at once; default 100,000. Beyond it the least recently used key is forgotten,
   * which gives that key a full bucket again: under a flood of distinct keys (a spoofed-IP attack)
   * memory stays bounded at the price of that key's limit.
   */
  maxKeys?: number;
}

/** In-process rate limits for a single node. Limits are per process: N nodes allow N × limit. */
export class LocalRateLimitStore implements RateLimitStore {
  /** key → TAT in µs. Map order is least recently used first, because every write re-inserts. */
  private readonly tats = new Map<string, number>();
  private readonly now: () => number;
  private readonly maxKeys: number;
  private closed = false;

  constructor(options: LocalRateLimitOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Keys held right now, for tests and metrics. */
  get size(): number {
    return this.tats.size;
  }

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    this.assertOpen();
    const parameters = bucketParameters(rule);
    const nowUs = Math.round(this.now() * 1_000);
    this.sweep(nowUs);
    const { decision, nextTatUs } = gcraStep(this.tats.get(key), nowUs, parameters);
    if (nextTatUs !== undefined) {
      this.tats.delete(key);
      this.tats.set(key, nextTatUs);
      if (this.tats.size > this.maxKeys) this.evictOldest();
    }
    return decision;
  }

  async reset(key: string): Promise<void> {
    this.assertOpen();
    this.tats.delete(key);
  }

  async ready(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.tats.clear();
  }

  /**
   * Drops a few keys whose buckets are full again (TAT in the past: forgetting them changes nothing).
   * Looking at the two least recently used keys per call keeps each call O(1) and still clears idle
   * keys as fast as new ones arrive.
   */
  private sweep(nowUs: number): void {
    let looked = 0;
    for (const [key, tatUs] of this.tats) {
      if (looked++ === 2) return;
      if (tatUs <= nowUs) this.tats.delete(key);
    }
  }

  private evictOldest(): void {
    const oldest = this.tats.keys().next();
    if (!oldest.done) this.tats.delete(oldest.value);
  }

  private assertOpen(): void {
    if (this.closed) throw new RateLimitClosedError();
  }
}
