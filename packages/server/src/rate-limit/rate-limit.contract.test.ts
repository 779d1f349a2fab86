import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalRateLimitStore } from './local-rate-limit.js';
import type { RateLimitRule, RateLimitStore } from './rate-limit.js';
import { RedisRateLimitStore } from './redis-rate-limit.js';

/** One suite, every implementation (see docs/adapters.md). */
interface RateLimitImplementation {
  name: string;
  /** How many stores can act as separate nodes sharing one set of limits. */
  nodes: number;
  /** Whether `elapse` moves the stores' clock; otherwise time passes on its own (Redis's clock). */
  controlsTime: boolean;
  /** Stores from one `open` share keys and a clock. */
  open(): { store(): RateLimitStore; elapse(ms: number): void };
}

const redisUrl = process.env.REDIS_URL;
const implementations: RateLimitImplementation[] = [
  {
    name: 'LocalRateLimitStore',
    nodes: 1,
    controlsTime: true,
    open: () => {
      let now = 1_700_000_000_000;
      return { store: () => new LocalRateLimitStore({ now: () => now }), elapse: (ms) => void (now += ms) };
    },
  },
];
if (redisUrl) {
  implementations.push({
    name: 'RedisRateLimitStore',
    nodes: Number.POSITIVE_INFINITY,
    controlsTime: false,
    open: () => {
      const keyPrefix = `parlor-test:${randomUUID()}:`;
      // Redis keeps its own time: tests that need time to pass poll for the outcome instead.
      return { store: () => new RedisRateLimitStore(redisUrl, { keyPrefix }), elapse: () => {} };
    },
  });
} else {
  describe.skip('RedisRateLimitStore contract (skipped: REDIS_URL not set)', () =>
    it('runs against the Redis at REDIS_URL', () => {}));
}

/** Long enough that no refill happens while a test runs, on any clock. */
const slow: RateLimitRule = { limit: 5, windowMs: 60_000 };
/** Short enough that a refill comes quickly on Redis's clock. */
const quick: RateLimitRule = { limit: 2, windowMs: 200 };

for (const impl of implementations) {
  describe(`RateLimitStore contract: ${impl.name}`, () => {
    const opened: RateLimitStore[] = [];
    let world = impl.open();
    const store = () => {
      const s = world.store();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      world = impl.open();
    });

    const allowedCount = async (s: RateLimitStore, key: string, attempts: number, rule = slow) =>
      (await Promise.all(Array.from({ length: attempts }, () => s.consume(key, rule)))).filter(
        (d) => d.allowed,
      ).length;

    it('allows a burst of `limit`, counting down, then refuses with a retry time', async () => {
      const s = store();
      await s.ready();
      const decisions = [];
      for (let i = 0; i < 6; i++) decisions.push(await s.consume('login-ip:1', slow));
      expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
        [true, 4],
        [true, 3],
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(decisions.slice(0, 5).every((d) => d.retryAfterMs === 0)).toBe(true);
      const refused = decisions[5]!;
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(slow.windowMs / slow.limit);
    });

    it('keeps keys apart and starts over after reset', async () => {
      const s = store();
      expect(await allowedCount(s, 'passcode:a', 7)).toBe(5);
      expect(await allowedCount(s, 'passcode:b', 2)).toBe(2);
      await s.reset('passcode:a');
      await s.reset('passcode:never-seen');
      expect(await allowedCount(s, 'passcode:a', 7)).toBe(5);
    });

    it('lets no more than `limit` through under concurrent attempts', async () => {
      const s = store();
      expect(await allowedCount(s, 'chat:u1', 50)).toBe(5);
    });

    it('refills one attempt per windowMs / limit, and a refused attempt costs nothing', async () => {
      const s = store();
      expect(await allowedCount(s, 'chat:u2', 3, quick)).toBe(2);
      world.elapse(quick.windowMs / quick.limit);
      await expect.poll(async () => (await s.consume('chat:u2', quick)).allowed, { interval: 20 }).toBe(true);
      // Refilled one, spent it: the bucket is empty again, not overdrawn by the refusals above. Only
      // a clock the test holds can show this without depending on how fast the test runs.
      if (impl.controlsTime) expect((await s.consume('chat:u2', quick)).allowed).toBe(false);
    });

    it('rejects rules that make no sense', async () => {
      const s = store();
      for (const rule of [
        { limit: 0, windowMs: 1_000 },
        { limit: 1.5, windowMs: 1_000 },
        { limit: 1, windowMs: 0 },
        { limit: 1, windowMs: Number.NaN },
      ]) {
        await expect(s.consume('k', rule)).rejects.toThrow(RangeError);
      }
    });

    it('refuses work once closed', async () => {
      const s = store();
      await s.close();
      await s.close();
      await expect(s.consume('k', slow)).rejects.toThrow(/closed/);
      await expect(s.ready()).rejects.toThrow(/closed/);
    });

    const severalNodes = `several nodes${impl.nodes < 2 ? ' (skipped: an in-process implementation is one node)' : ''}`;
    describe.skipIf(impl.nodes < 2)(severalNodes, () => {
      it('shares one limit between nodes, atomically', async () => {
        const [a, b] = [store(), store()];
        const counts = await Promise.all([
          allowedCount(a, 'login-ip:9', 25),
          allowedCount(b, 'login-ip:9', 25),
        ]);
        expect(counts[0] + counts[1]).toBe(5);
        await a.reset('login-ip:9');
        expect(await allowedCount(b, 'login-ip:9', 1)).toBe(1);
      });
    });
  });
}
