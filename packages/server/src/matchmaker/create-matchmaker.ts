import type { FastifyInstance, FastifyRequest } from 'fastify';
import { relaySocketUrl } from '../game-relay/socket-urls.js';
import type { Authorizer } from '../access/authorizer.js';
import type { MinigameAttachRequest, PlayerRevocationReason } from '@parlor/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Bus } from '../bus/index.js';
import type { Config } from '../config.js';
import type { Limiter } from '../rate-limit/limiter.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { ServerKey } from '../platform/server-key.js';
import type { Db } from '../storage/db.js';
import type { GameStats } from '../stats/stats-recorder.js';
import { ConnectTickets } from './connect-tickets.js';
import type { GameCatalogue, MatchmakerContext, MinigameDispatch, StudioAdmission } from './context.js';
import { GameAllocator } from './game-allocator.js';
import { GameJoins } from './game-joins.js';
import { GameLifecycle } from './game-lifecycle.js';
import { GameMonitor } from './game-monitor.js';
import type { GameNotices } from './game-notices.js';
import { GameReports } from './game-reports.js';
import { GameSecrets } from './game-secrets.js';
import { GameViews } from './game-views.js';
import { type GameHistoryEntry, GamesStore } from './games-store.js';
import { internalGameRoutes } from './internal-routes.js';
import { reattachRequest } from './minigame-attach.js';
import type { GameServerLauncher } from './launcher.js';
import { PlayerRevocations } from './player-revocations.js';
import { ReadySignals } from './ready-signals.js';
import { RelayTargets } from './relay-targets.js';
import { matchmakerRoutes } from './routes.js';
import { SeatMembers } from './seat-members.js';
import { SeatsStore } from './seats-store.js';

export interface MatchmakerDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  authorizer: Authorizer;
  limiter: Limiter;
  clock: Clock;
  logger: Logger;
  serverKey: ServerKey;
  launcher: GameServerLauncher;
  catalogue: GameCatalogue;
  notices?: GameNotices;
  /** Carries player revocations to the node each game server polls. */
  bus: Bus;
  controlUrl(): string;
  /** The base URL of a request (PARLOR_PUBLIC_URL, or its scheme and Host). */
  publicBase(request: FastifyRequest): string;
  stats?: GameStats;
  admission?: StudioAdmission;
  minigames?: MinigameDispatch;
}

export interface Matchmaker {
  /** Registers the player routes and the game servers' report routes (under /v1). */
  routes(v1: FastifyInstance): Promise<void>;
  /** Reconciles with the launcher, then starts the monitor. Call once the routes can answer. */
  start(): Promise<void>;
  monitor: GameMonitor;
  lifecycle: GameLifecycle;
  /**
   * The user's account lost its sessions: their players in live games are put out on every
   * game server (sockets closed, resume and connect tokens refused). Resolves with the seats.
   */
  revokePlayers(userId: string, reason: PlayerRevocationReason): Promise<number>;
  /** Where the game socket relay finds a game's server. */
  relayTargets: RelayTargets;
  close(): Promise<void>;
  /** Live games of these types (a studio's, before it is deleted). */
  liveGamesOfTypes(types: readonly string[]): Promise<number>;
  /** The latest games of one type, newest first (a studio reading how its mini-game's games went). */
  recentGamesOfType(type: string, limit: number): Promise<GameHistoryEntry[]>;
  /** A fresh attach request for a mini-game's server that lost its socket to a running game. */
  reattach(minigameId: string, gameId: string): Promise<MinigameAttachRequest | null>;
  /** Who has a seat in which game (what game chat asks). */
  members: SeatMembers;
}

/** Builds the matchmaker from its adapters (the composition root calls this). */
export function createMatchmaker(deps: MatchmakerDeps): Matchmaker {
  const { config, db, clock } = deps;
  const secrets = new GameSecrets(deps.serverKey);
  const ctx: MatchmakerContext = {
    db,
    games: new GamesStore(db),
    seats: new SeatsStore(db),
    secrets,
    tickets: new ConnectTickets(secrets, clock, config.connectTokenTtlSeconds * 1000),
    launcher: deps.launcher,
    notices: deps.notices,
    catalogue: deps.catalogue,
    signals: new ReadySignals(),
    audit: deps.audit,
    limiter: deps.limiter,
    clock,
    log: deps.logger.child({ feature: 'matchmaker' }),
    limits: {
      maxGames: config.maxGames,
      maxPlayers: config.maxPlayers,
      maxGamesPerUser: config.maxGamesPerUser,
      startupTimeoutMs: config.gameStartupTimeoutMs,
      heartbeatIntervalMs: config.gameHeartbeatIntervalMs,
      heartbeatTimeoutMs: config.gameHeartbeatTimeoutMs,
      idleTimeoutMs: config.gameIdleTimeoutMs,
      minigameStallMs: config.minigameStallSeconds * 1000,
      minigameReconnectGraceMs: config.minigameReconnectGraceSeconds * 1000,
      joinPerMinuteUser: config.joinPerMinuteUser,
      joinPerMinuteIp: config.joinPerMinuteIp,
    },
    controlUrl: deps.controlUrl,
    socketUrl: (game, base) =>
      config.gameConnect === 'relay' ? relaySocketUrl(base, game.id) : (game.url ?? ''),
    stats: deps.stats,
    ...(deps.admission ? { admission: deps.admission } : {}),
    ...(deps.minigames ? { minigames: deps.minigames } : {}),
  };
  const lifecycle = new GameLifecycle(ctx);
  const monitor = new GameMonitor(ctx, lifecycle);
  const reports = new GameReports(ctx, lifecycle);
  const revocations = new PlayerRevocations({
    bus: deps.bus,
    seats: ctx.seats,
    clock,
    log: ctx.log,
    connectTokenTtlMs: config.connectTokenTtlSeconds * 1000,
  });
  deps.launcher.onExit((gameId, detail) => lifecycle.serverExited(gameId, detail));

  return {
    monitor,
    lifecycle,
    relayTargets: new RelayTargets(ctx.games),
    members: new SeatMembers(ctx.seats),
    liveGamesOfTypes: (types) => ctx.games.countLiveOfTypes(types),
    recentGamesOfType: (type, limit) => ctx.games.recentOfType(type, limit),
    reattach: (minigameId, gameId) => reattachRequest(ctx, minigameId, gameId),
    async routes(v1) {
      await v1.register(matchmakerRoutes, {
        allocator: new GameAllocator(ctx, lifecycle),
        joins: new GameJoins(ctx),
        views: new GameViews(ctx),
        lifecycle,
        catalogue: deps.catalogue,
        authorizer: deps.authorizer,
        publicBase: deps.publicBase,
      });
      await v1.register(internalGameRoutes, { reports, revocations });
    },
    revokePlayers: (userId, reason) => revocations.revokeUser(userId, reason),
    async start() {
      await revocations.start();
      await monitor.reconcile();
      monitor.start();
    },
    async close() {
      revocations.close();
      await monitor.stop();
      lifecycle.shuttingDown();
      await deps.launcher.close();
      lifecycle.hurry();
      await lifecycle.settled();
    },
  };
}
