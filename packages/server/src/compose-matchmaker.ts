import { builtInGameTypes } from '@parlor/games';
import type { FastifyInstance } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { Authorizer } from './access/authorizer.js';
import type { Adapters } from './adapters.js';
import type { AuditLog } from './audit/audit-log.js';
import { composeLauncher } from './compose-launcher.js';
import type { Config } from './config.js';
import { createMatchmaker, type Matchmaker } from './matchmaker/create-matchmaker.js';
import type { GameRelayDeps } from './game-relay/relay-routes.js';
import { RelaySockets } from './game-relay/relay-sockets.js';
import { publicBase } from './game-relay/socket-urls.js';
import { busGameNotices } from './matchmaker/game-notices.js';
import type { GameCatalogue, MinigameDispatch, StudioAdmission } from './matchmaker/context.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import { AppError } from './platform/app-error.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import type { ServerKey } from './platform/server-key.js';
import type { GameStats } from './stats/stats-recorder.js';

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
  pooledGameServerEntry?: string;
  /** The HTTP app, once built: game servers report to the address it listens on. */
  app: () => FastifyInstance;
  stats?: GameStats;
  /** Game types that belong to studios, beside the built-in ones. */
  studioGames?: GameCatalogue;
  admission?: StudioAdmission;
  minigames?: MinigameDispatch;
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
      ...(w.pooledGameServerEntry ? { pooledGameServerEntry: w.pooledGameServerEntry } : {}),
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
    ...(w.minigames ? { minigames: w.minigames } : {}),
    notices: busGameNotices(adapters.bus, logger),
    bus: adapters.bus,
    controlUrl: () => config.gameControlUrl ?? listeningUrl(w.app()),
    publicBase: (request) => publicBase(request, config.publicUrl, () => listeningUrl(w.app())),
    stats: w.stats,
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

// Long enough for a game server on a loaded host to accept; a player waiting longer gives up anyway.
const RELAY_DIAL_TIMEOUT_MS = 5_000;

/** The game socket relay's dependencies: where games' servers are, its caps, allowed origins. */
export function gameRelayWiring(config: Config, matchmaker: Matchmaker, metrics: Registry): GameRelayDeps {
  const origins = [config.publicUrl, ...config.corsOrigins.split(',')].map((s) => s?.trim()).filter(Boolean);
  const sockets = new RelaySockets({
    maxSockets: config.gameRelayMaxSockets,
    maxPerAddress: config.gameRelayMaxPerAddress,
  });
  new Gauge({
    name: 'parlor_game_relay_sockets',
    help: 'Game sockets this node relays to game servers now',
    registers: [metrics],
    collect() {
      this.set(sockets.size);
    },
  });
  return {
    targets: matchmaker.relayTargets,
    sockets,
    allowedOrigins: origins as string[],
    dialTimeoutMs: RELAY_DIAL_TIMEOUT_MS,
  };
}
