import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../rate-limit/redis-rate-limit.js';
import { RedisBus } from './redis-bus.js';
import { describeRedisUrl, RedisUnavailableError } from './redis-connection.js';
import { RedisPresenceStore } from './redis-presence.js';

// Port 1 on loopback refuses connections, so these run on every machine, Redis or not.
const deadUrl = 'redis://parlor:s3cret-pw@127.0.0.1:1/0';

describe('Redis connection handling', () => {
  it('names a server without its credentials', () => {
    expect(describeRedisUrl(deadUrl)).toBe('redis://127.0.0.1:1/0');
    expect(describeRedisUrl('rediss://:pw@cache.internal:6380')).toBe('rediss://cache.internal:6380');
    expect(describeRedisUrl('not a url with pw')).toBe('<invalid redis url>');
  });

  it('fails ready, publish and subscribe with a clear error instead of hanging', async () => {
    const errors: Error[] = [];
    const bus = new RedisBus(deadUrl, { timeoutMs: 300, onConnectionError: (e) => errors.push(e) });
    try {
      for (const attempt of [bus.ready(), bus.publish('t', 1), bus.subscribe('t', () => {})]) {
        const error = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RedisUnavailableError);
        expect((error as Error).message).toContain('redis://127.0.0.1:1/0');
        expect((error as Error).message).not.toContain('s3cret-pw');
      }
      for (const error of errors) expect(error.message).not.toContain('s3cret-pw');
    } finally {
      await bus.close();
    }
  });

  it('fails the presence and rate-limit stores the same way, and still closes', async () => {
    const quiet = { timeoutMs: 300, onError: () => {}, onConnectionError: () => {} };
    const presence = new RedisPresenceStore(deadUrl, { ...quiet, nodeId: 'n', heartbeatIntervalMs: 0 });
    const limits = new RedisRateLimitStore(deadUrl, quiet);
    const attempts = [
      presence.ready(),
      presence.track('u', 'c'),
      presence.online(),
      limits.ready(),
      limits.consume('k', { limit: 1, windowMs: 1_000 }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await Promise.all([presence.close(), limits.close()]);
  });
});

const redisUrl = process.env.REDIS_URL;
describe.skipIf(!redisUrl)(`RedisBus reconnect${redisUrl ? '' : ' (skipped: REDIS_URL not set)'}`, () => {
  it('re-subscribes after its subscriber connection drops', async () => {
    const channelPrefix = `parlor-test:${randomUUID()}:`;
    const bus = new RedisBus(redisUrl ?? '', { channelPrefix });
    try {
      const topics = new Set<string>();
      await bus.subscribe('user:1', (_, topic) => void topics.add(topic));
      await bus.subscribePrefix('chat:', (_, topic) => void topics.add(topic));
      // Failure injection: drop the socket the way a network blip would; ioredis then reconnects.
      (bus as unknown as { subscriber: { disconnect(reconnect: boolean): void } }).subscriber.disconnect(
        true,
      );
      await expect.poll(() => bus.ready().then(() => true), { timeout: 5_000 }).toBe(true);
      await expect
        .poll(
          async () => {
            await bus.publish('user:1', 'ping');
            await bus.publish('chat:x', 'ping');
            return topics.size;
          },
          { timeout: 5_000, interval: 100 },
        )
        .toBe(2);
    } finally {
      await bus.close();
    }
  });
});
