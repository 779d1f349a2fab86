import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * What the Redis adapters share: one way to open a connection that never hangs a caller forever, and
 * one way to name the server in errors and logs without its password.
 */

export interface RedisConnectionOptions {
  /** Shown in `CLIENT LIST` so an operator can tell Parlor's connections apart. */
  connectionName: string;
  /** Called for connection-level errors (refused, reset); the client keeps reconnecting meanwhile. */
  onError: (error: Error) => void;
  /** How long one connection attempt may take; default 2 s. */
  connectTimeoutMs?: number;
}

/** The server is unreachable or did not answer in time. `message` never contains credentials. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  constructor(target: string, cause: unknown) {
    super(`Redis at ${target} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0`; anything unparsable → `<invalid redis url>`. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '<invalid redis url>';
  }
}

export function openRedis(url: string, options: RedisConnectionOptions): Redis {
  const timeoutMs = options.connectTimeoutMs ?? 2_000;
  const client = new Redis(url, {
    connectionName: options.connectionName,
    connectTimeout: timeoutMs,
    // Commands issued while disconnected wait in the offline queue through at most two reconnect
    // attempts and then fail, so a request handler sees an error instead of hanging.
    maxRetriesPerRequest: 2,
    // Reconnecting itself never stops: a bus that gives up for good would need a process restart.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  // Without a listener ioredis prints every refused reconnect as an unhandled error event.
  client.on('error', (error: Error) => options.onError(scrub(error, url)));
  return client;
}

/**
 * Resolves with `work`, or rejects with `RedisUnavailableError` after `timeoutMs` or when the
 * connection failed. An error the server itself replied with (a script bug, a wrong key type) is
 * passed through unchanged: calling it "unavailable" would send the reader to the wrong place.
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, target: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof RedisUnavailableError || (error instanceof Error && error.name === 'ReplyError')) {
      throw error;
    }
    throw new RedisUnavailableError(target, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends a connection: a polite QUIT when the server answers, a hard disconnect when it does not. */
export async function closeRedis(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  try {
    if (client.status === 'ready') await withDeadline(client.quit(), timeoutMs, 'redis');
  } catch {
    // The connection is going away either way; a failed QUIT only means it was already broken.
  } finally {
    client.disconnect();
  }
}

export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Runs a Lua script by its SHA, loading it on first use or after a server restart flushed it. */
export async function runScript(
  client: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}

function scrub(error: Error, url: string): Error {
  const password = safePassword(url);
  if (password && error.message.includes(password)) {
    error.message = error.message.split(password).join('***');
  }
  return error;
}

function safePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/**
 * The default for `onError`: a reconnect loop repeats the same error every attempt, so only a change
 * is printed. The composition root normally passes its logger instead.
 */
export function warnOnChange(component: string): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    console.warn(`${component}: ${error.message}`);
  };
}
