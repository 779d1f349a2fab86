import type { Redis } from 'ioredis';
import {
  closeRedis,
  describeRedisUrl,
  luaScript,
  openRedis,
  runScript,
  warnOnChange,
  withDeadline,
} from '../bus/redis-connection.js';
import {
  bucketParameters,
  RateLimitClosedError,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitStore,
} from './rate-limit.js';

/**
 * `gcraStep` from rate-limit.ts in Lua, so read, decide and write are one atomic step on the server.
 * Time is Redis's own clock (TIME), so nodes with skewed clocks still share one schedule.
 * KEYS[1]: the key. ARGV: intervalUs, burstUs. Returns {allowed 0|1, remaining, retryAfterUs}.
 */
const consumeScript = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nextTat = tat + interval
local ahead = nextTat - now
if ahead > burst then return {0, 0, ahead - burst} end
-- The key lives exactly until its bucket is full again; after that its absence means the same.
redis.call('SET', KEYS[1], string.format('%d', nextTat), 'PX', math.ceil(ahead / 1000))
return {1, math.floor((burst - ahead) / interval), 0}`);

export interface RedisRateLimitOptions {
  /** Prepended to every key so deployments (or test runs) sharing a Redis stay apart. */
  keyPrefix?: string;
  /** How long a call waits for Redis before it rejects; default 2 s. */
  timeoutMs?: number;
  onConnectionError?: (error: Error) => void;
}

/**
 * Rate limits shared by every node through Redis. When Redis is unreachable `consume` rejects
 * (within `timeoutMs`); whether to fail open or closed is the caller's choice per route.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: Redis;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  private readonly target: string;
  private closed = false;

  constructor(url: string, options: RedisRateLimitOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'parlor:rate:';
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.target = describeRedisUrl(url);
    this.client = openRedis(url, {
      connectionName: 'parlor-rate-limit',
      connectTimeoutMs: this.timeoutMs,
      onError: options.onConnectionError ?? warnOnChange(`rate limit (${this.target})`),
    });
  }

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    this.assertOpen();
    const { intervalUs, burstUs } = bucketParameters(rule);
    const reply = await withDeadline(
      runScript(this.client, consumeScript, [this.keyPrefix + key], [intervalUs, burstUs]),
      this.timeoutMs,
      this.target,
    );
    const [allowed, remaining, retryAfterUs] = reply as [number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs: Math.ceil(retryAfterUs / 1_000) };
  }

  async reset(key: string): Promise<void> {
    this.assertOpen();
    await withDeadline(this.client.del(this.keyPrefix + key), this.timeoutMs, this.target);
  }

  async ready(): Promise<void> {
    this.assertOpen();
    await withDeadline(this.client.ping(), this.timeoutMs, this.target);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeRedis(this.client);
  }

  private assertOpen(): void {
    if (this.closed) throw new RateLimitClosedError();
  }
}
