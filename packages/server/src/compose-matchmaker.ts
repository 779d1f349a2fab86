import { builtInGameTypes } from '@parlor/games';
import type { FastifyInstance } from 'fastify';
import type { Authorizer } from './access/authorizer.js';
import type { Adapters } from './adapters.js';
import type { AuditLog } from './audit/audit-log.js';
import { composeLauncher } from './compose-launcher.js';
import type { Config } from './config.js';
import { createMatchmaker, type Matchmaker } from './matchmaker/create-matchmaker.js';
import { busGameNotices } from './matchmaker/game-notices.js';
import type { GameCatalogue, StudioAdmission } from './matchmaker/context.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import { AppError } from './platform/app-error.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import type { ServerKey } from './platform/server-key.js';

export interface MatchmakerWiring {
  config: Config;
  adapters: Adapters;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  authorizer: Authorizer;
  serverKey: ServerKey;
  /** Used as given (tests); otherwise the configured launcher, maybe behind a warm pool. */
  launcher?: GameServerLauncher;
  gameServerEntry?: string;
  /** The HTTP app, once built: game servers report to the address it listens on. */
  app: () => FastifyInstance;
  /** Game types that belong to studios, beside the built-in ones. */
  studioGames?: GameCatalogue;
  admission?: StudioAdmission;
}

/** The matchmaker with its launcher, game catalogue, secrets key and player notices. */
export async function composeMatchmaker(
  w: MatchmakerWiring,
): Promise<{ matchmaker: Matchmaker; launcher: GameServerLauncher }> {
  const { config, adapters, logger } = w;
  const launcher =
    w.launcher ??
    (await composeLauncher({
      config,
      logger,
      ...(adapters.launcher ? { launcher: adapters.launcher } : {}),
      ...(w.gameServerEntry ? { gameServerEntry: w.gameServerEntry } : {}),
    }));
  const games = builtInGameTypes();
  const matchmaker = createMatchmaker({
    config,
    db: adapters.db,
    audit: w.audit,
    authorizer: w.authorizer,
    limiter: adapters.limiter,
    clock: w.clock,
    logger,
    serverKey: w.serverKey,
    launcher,
    catalogue: {
      find: (type) => games.find((g) => g.id === type) ?? w.studioGames?.find(type),
      list: () => [...games, ...(w.studioGames?.list() ?? [])],
    },
    ...(w.admission ? { admission: w.admission } : {}),
    notices: busGameNotices(adapters.bus, logger),
    controlUrl: () => config.gameControlUrl ?? listeningUrl(w.app()),
  });
  return { matchmaker, launcher };
}

/** This node's own address, for game servers on the same host to report to. */
function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    throw new AppError('UNAVAILABLE', 'The server is not listening yet; game servers could not report');
  }
  const scheme = app.initialConfig.https ? 'https' : 'http';
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}
