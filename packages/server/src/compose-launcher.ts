import { createRequire } from 'node:module';
import type { Config } from './config.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import { canListen, GamePorts } from './matchmaker/game-ports.js';
import { PooledProcessLauncher } from './matchmaker/pooled-launcher.js';
import { ProcessLauncher } from './matchmaker/process-launcher.js';
import { canPrestart, WarmPoolLauncher } from './matchmaker/warm-pool.js';
import type { Logger } from './platform/logger.js';

export interface LauncherChoice {
  config: Config;
  logger: Logger;
  /** A launcher built elsewhere (Docker, from the adapters); default: child processes. */
  launcher?: GameServerLauncher;
  /** The process launcher's entry script; default `@parlor/game-server/main`. */
  gameServerEntry?: string;
  /** The pooled game server's entry script; default `@parlor/game-server/pool-main`. */
  pooledGameServerEntry?: string;
}

/**
 * The launcher the matchmaker gets: the configured one, behind a warm pool when
 * `warmPoolSize` > 0, or built-in games pooled several to a process when `gamePoolRooms` > 0
 * (a pooled process already serves the next game, so no warm pool goes in front of it). The pool is already filling when this resolves.
 */
export async function composeLauncher(o: LauncherChoice): Promise<GameServerLauncher> {
  const { config, logger } = o;
  const single = new ProcessLauncher({
    entry: o.gameServerEntry ?? createRequire(import.meta.url).resolve('@parlor/game-server/main'),
    dataDir: config.dataDir,
    host: config.gameHost,
    publicHost: config.gamePublicHost ?? config.gameHost,
    logger,
    ...(config.gamePortRange
      ? { ports: new GamePorts(config.gamePortRange, (port) => canListen(config.gameHost, port)) }
      : {}),
  });
  if (!o.launcher && config.gamePoolRooms > 0) {
    return new PooledProcessLauncher({
      entry:
        o.pooledGameServerEntry ?? createRequire(import.meta.url).resolve('@parlor/game-server/pool-main'),
      dataDir: config.dataDir,
      host: config.gameHost,
      publicHost: config.gamePublicHost ?? config.gameHost,
      roomsPerProcess: config.gamePoolRooms,
      logger,
      single,
    });
  }
  const base = o.launcher ?? single;
  if (config.warmPoolSize === 0) return base;
  if (!canPrestart(base)) {
    logger.warn({ scope: base.scope }, 'this launcher cannot prestart game servers: no warm pool');
    return base;
  }
  const pool = new WarmPoolLauncher(base, {
    size: config.warmPoolSize,
    maxIdleMs: config.warmPoolMaxIdleMs,
    retryDelayMs: 2_000,
    // Wall time, not the injectable clock: the deadline it guards is the idle server's own timer.
    now: Date.now,
    log: logger.child({ feature: 'warm-pool' }),
  });
  await pool.start();
  return pool;
}
