import type { Redis } from 'ioredis';
import {
  PresenceClosedError,
  type PresenceEntry,
  type PresenceMeta,
  type PresenceStore,
} from './presence.js';
import {
  closeRedis,
  describeRedisUrl,
  type LuaScript,
  openRedis,
  runScript,
  warnOnChange,
  withDeadline,
} from './redis-connection.js';
import {
  onlineScript,
  releaseScript,
  restoreScript,
  trackScript,
  untrackScript,
  whereScript,
} from './redis-presence-scripts.js';

export interface RedisPresenceOptions {
  /** Unique per process start (a random id is fine): a restarted node must not inherit a dead one's entries. */
  nodeId: string;
  /** A node silent for this long is dead; default 30 s. */
  ttlMs?: number;
  /** How often this store heart-beats on its own; default ttlMs / 3; 0 leaves it to the caller. */
  heartbeatIntervalMs?: number;
  keyPrefix?: string;
  /** How long a call waits for Redis before it rejects; default 2 s. */
  timeoutMs?: number;
  /** Connection trouble and failed background heartbeats. */
  onError?: (error: Error) => void;
}

/**
 * Presence in Redis. A node's entries live as long as its `alive` key, which heartbeats refresh, so a
 * crashed node's entries vanish with one key expiry instead of one per connection. The store also
 * keeps its own node's connections in memory: they are the truth (the sockets are here), and they
 * let a node that lapsed put its entries back. Data layout: `redis-presence-scripts.ts`.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly nodeId: string;
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly target: string;
  /** enc-free local view: connectionId → [userId, meta JSON]. */
  private readonly mine = new Map<string, { userId: string; meta: string }>();
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(url: string, options: RedisPresenceOptions) {
    this.nodeId = options.nodeId;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.prefix = options.keyPrefix ?? 'parlor:presence:';
    this.target = describeRedisUrl(url);
    const onError = options.onError ?? warnOnChange(`presence (${this.target})`);
    this.client = openRedis(url, {
      onError,
      connectionName: 'parlor-presence',
      connectTimeoutMs: this.timeoutMs,
    });
    const every = options.heartbeatIntervalMs ?? Math.floor(this.ttlMs / 3);
    if (every > 0) {
      this.timer = setInterval(() => this.heartbeat().catch(onError), every);
      this.timer.unref(); // presence must not keep a process alive that is otherwise done
    }
  }

  async track(userId: string, connectionId: string, meta: PresenceMeta = {}): Promise<void> {
    this.assertOpen();
    const encoded = JSON.stringify(meta);
    // Connection ids are unique per node, so the id alone keys the local view.
    this.mine.set(connectionId, { userId, meta: encoded });
    const kept = await this.run(trackScript, [this.nodeId, this.ttlMs, userId, connectionId, encoded]);
    if (kept === 0) await this.restore();
  }

  async untrack(userId: string, connectionId: string): Promise<void> {
    this.assertOpen();
    if (this.mine.get(connectionId)?.userId === userId) this.mine.delete(connectionId);
    await this.run(untrackScript, [this.nodeId, userId, connectionId]);
  }

  async online(userIds?: Iterable<string>): Promise<Set<string>> {
    this.assertOpen();
    const asked = userIds === undefined ? [] : [...userIds];
    if (userIds !== undefined && asked.length === 0) return new Set();
    return new Set((await this.run(onlineScript, asked)) as string[]);
  }

  async where(userId: string): Promise<PresenceEntry[]> {
    this.assertOpen();
    const flat = (await this.run(whereScript, [userId])) as string[];
    const entries: PresenceEntry[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const [nodeId, connectionId, meta] = [flat[i], flat[i + 1], flat[i + 2]] as [string, string, string];
      entries.push({ userId, nodeId, connectionId, meta: JSON.parse(meta) as PresenceMeta });
    }
    return entries;
  }

  async heartbeat(): Promise<void> {
    this.assertOpen();
    const aliveKey = `${this.prefix}alive:${this.nodeId}`;
    const kept = await withDeadline(this.client.pexpire(aliveKey, this.ttlMs), this.timeoutMs, this.target);
    if (kept === 0) await this.restore();
  }

  async ready(): Promise<void> {
    this.assertOpen();
    await withDeadline(this.client.ping(), this.timeoutMs, this.target);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.mine.clear();
    try {
      await this.run(releaseScript, [this.nodeId]);
    } catch {
      // Unreachable Redis: the entries expire with the alive key, which is what a crash would do too.
    } finally {
      await closeRedis(this.client);
    }
  }

  /** The node lapsed (or is new): replace whatever Redis still has of it with what this node holds. */
  private async restore(): Promise<void> {
    // Built synchronously, so commands sent before this one are already reflected in `mine`.
    const args: string[] = [];
    for (const [connectionId, { userId, meta }] of this.mine) args.push(userId, connectionId, meta);
    await this.run(restoreScript, [this.nodeId, this.ttlMs, ...args]);
  }

  private run(script: LuaScript, args: readonly (string | number)[]): Promise<unknown> {
    return withDeadline(
      runScript(this.client, script, [], [this.prefix, ...args]),
      this.timeoutMs,
      this.target,
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new PresenceClosedError();
  }
}
