import { randomBytes } from 'node:crypto';
import {
  type Bus,
  LocalBus,
  LocalPresenceStore,
  type PresenceStore,
  RedisBus,
  RedisPresenceStore,
} from './bus/index.js';
import type { Config } from './config.js';
import type { ReadinessCheck } from './ops/ops-routes.js';
import { dockerLauncherFromConfig, dockerSettingsFromEnv } from './matchmaker/docker/index.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import type { Logger } from './platform/logger.js';
import { LocalRateLimitStore, type RateLimitStore, RedisRateLimitStore } from './rate-limit/index.js';
import type { Db } from './storage/db.js';
import { openDatabase } from './storage/open-db.js';

/** The ports Parlor runs on, embedded or at scale. */
export interface Adapters {
  /** Unique per process start: names this node in presence and on the bus. */
  nodeId: string;
  db: Db;
  bus: Bus;
  presence: PresenceStore;
  /** Which node holds a server of which mini-game; apart from people's presence, which lists users. */
  minigamePresence: PresenceStore;
  limiter: RateLimitStore;
  /** Set when game servers run somewhere other than this node's child processes. */
  launcher?: GameServerLauncher;
}

/** Embedded defaults (PGlite, in-process bus), or PostgreSQL and Redis when their URLs are set. */
export async function openAdapters(config: Config, logger: Logger): Promise<Adapters> {
  const nodeId = `node-${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    dataDir: config.dataDir,
  });
  const launcher =
    config.launcher === 'docker'
      ? await dockerLauncherFromConfig(dockerSettingsFromEnv(process.env), {
          log: logger,
          ...(config.gamePortRange ? { portRange: config.gamePortRange } : {}),
        })
      : undefined;
  if (!config.redisUrl) {
    return {
      nodeId,
      db,
      bus: new LocalBus({
        onHandlerError: (err, topic) => logger.error({ err, topic }, 'bus handler failed'),
      }),
      presence: new LocalPresenceStore(nodeId),
      minigamePresence: new LocalPresenceStore(nodeId),
      limiter: new LocalRateLimitStore(),
      launcher,
    };
  }
  const onError = (err: unknown) => logger.warn({ err }, 'redis connection problem');
  return {
    nodeId,
    db,
    bus: new RedisBus(config.redisUrl, {
      onHandlerError: (err, topic) => logger.error({ err, topic }, 'bus handler failed'),
      onConnectionError: onError,
    }),
    presence: new RedisPresenceStore(config.redisUrl, { nodeId, onError }),
    minigamePresence: new RedisPresenceStore(config.redisUrl, {
      nodeId,
      onError,
      keyPrefix: 'parlor:minigame-presence:',
    }),
    limiter: new RedisRateLimitStore(config.redisUrl, { onConnectionError: onError }),
    launcher,
  };
}

export function readinessChecks(a: Adapters): ReadinessCheck[] {
  return [
    { name: 'storage', check: () => a.db.ping() },
    { name: 'bus', check: () => a.bus.ready() },
    { name: 'presence', check: () => a.presence.ready() },
    { name: 'rateLimit', check: () => a.limiter.ready() },
  ];
}

export async function closeAdapters(a: Adapters): Promise<void> {
  await Promise.allSettled([
    a.bus.close(),
    a.presence.close(),
    a.minigamePresence.close(),
    a.limiter.close(),
  ]);
  await a.db.close();
}
