import { readFileSync } from 'node:fs';
import { builtInGameTypes } from '@parlor/games';
import { PlayerRevocationReason } from '@parlor/protocol';
import type { FastifyInstance } from 'fastify';
import { AccessStore } from './access/access-store.js';
import { LastAdminGuard } from './access/last-admin-guard.js';
import { type Adapters, readinessChecks } from './adapters.js';
import { Authorizer } from './access/authorizer.js';
import { createHttpApp } from './app.js';
import { composeCredentials } from './compose-credentials.js';
import { composeMatchmaker, gameRelayWiring } from './compose-matchmaker.js';
import { gameRelayRoutes } from './game-relay/relay-routes.js';
import { composeStudios } from './compose-studios.js';
import { AuditLog } from './audit/audit-log.js';
import type { ChatFeature } from './chat/chat-feature.js';
import { composeChatAndRealtime } from './compose-realtime.js';
import type { GameMembership } from './chat/game-membership.js';
import type { Config } from './config.js';
import { AccountService } from './identity/account-service.js';
import { AccountsStore } from './identity/accounts-store.js';
import { adminUserRoutes } from './identity/admin-routes.js';
import { BootstrapService } from './identity/bootstrap-service.js';
import { BootstrapStore } from './identity/bootstrap-store.js';
import { LoginService } from './identity/login-service.js';
import { PasswordGuesses } from './identity/password-guesses.js';
import { PasswordHasher } from './identity/password-hasher.js';
import { PasswordPolicy } from './identity/password-policy.js';
import { fanOutRevocations } from './identity/revocation-fanout.js';
import type { RevocationListener } from './identity/revocations.js';
import { identityRoutes } from './identity/routes.js';
import { setupRoutes } from './identity/setup-routes.js';
import { DEFAULT_WEB_DIR, registerWebClient } from './web/web-client.js';
import { UserDirectory } from './identity/user-directory.js';
import { SessionVerifier } from './identity/session-verifier.js';
import { SessionsStore } from './identity/sessions-store.js';
import { TicketSecrets } from './identity/ticket-secrets.js';
import { ServerKey } from './platform/server-key.js';
import type { Matchmaker } from './matchmaker/create-matchmaker.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import { createMetrics } from './ops/metrics.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createStatsFeature, type StatsFeature } from './stats/stats-feature.js';
import type { RealtimeFeature } from './realtime/realtime-feature.js';
import type { Logger } from './platform/logger.js';
import type { StudioGameTypes } from './studios/studio-game-types.js';

export const VERSION = '0.1.0';

export interface ParlorDeps {
  config: Config;
  adapters: Adapters;
  logger: Logger;
  clock?: Clock;
  /** Used as given, without a warm pool. Default: adapters.launcher, else child processes. */
  launcher?: GameServerLauncher;
  /** The process launcher's entry script; default `@parlor/game-server/main`. */
  gameServerEntry?: string;
  /** The pooled game server's entry (PARLOR_GAME_POOL_ROOMS); default `@parlor/game-server/pool-main`. */
  pooledGameServerEntry?: string;
  /** Who plays which game, for game chat; defaults to the matchmaker's seats. */
  games?: GameMembership;
  /** The built web client (default: packages/web/dist in this workspace). */
  webDir?: string;
}

export interface Parlor {
  app: FastifyInstance;
  /** Set while no admin exists: the one-time code for POST /v1/admin/bootstrap. */
  bootstrapCode: string | undefined;
  matchmaker: Matchmaker;
  /** The launcher the matchmaker uses (a WarmPoolLauncher when PARLOR_WARM_POOL_SIZE > 0). */
  launcher: GameServerLauncher;
  /** Runs the housekeeping sweep (audit retention, ticket nonces) now instead of on its timer. */
  sweep(): Promise<void>;
  /** Chat: its service and sweeper, for operations and tests. */
  chat: ChatFeature;
  /** The realtime socket: its context, registry and presence, for operations and tests. */
  realtime: RealtimeFeature;
  /** Engagement stats: its recorder, queries and the concurrent-users sampler. */
  stats: StatsFeature;
  /** Game types that belong to studios (a stand-in for registered mini-games until they land). */
  studioGames: StudioGameTypes;
  close(): Promise<void>;
}

/** The composition root: builds every store, service and route from the adapters it is given. */
export async function createParlor(deps: ParlorDeps): Promise<Parlor> {
  const { config, logger, adapters } = deps;
  const { db, bus, limiter } = adapters;
  const clock = deps.clock ?? systemClock;

  const audit = new AuditLog(db, clock);
  const accessStore = new AccessStore(db);
  const authorizer = new Authorizer(accessStore, clock);
  await authorizer.reconcileDefaults();

  const serverKey = ServerKey.load({ configured: config.secretsKey, dataDir: config.dataDir });
  const accountsStore = new AccountsStore(db, new TicketSecrets(serverKey.derive('ticket-secrets')));
  const sessionsStore = new SessionsStore(db);
  const timeouts = {
    absoluteMs: config.sessionAbsoluteHours * 3_600_000,
    idleMs: config.sessionIdleMinutes * 60_000,
  };
  const metrics = createMetrics();
  const stats = createStatsFeature({
    db,
    clock,
    logger,
    nodeId: adapters.nodeId,
    registry: metrics.registry,
    retentionDays: config.statsRetentionDays,
    sampleSeconds: config.statsSampleSeconds,
    sessionIdleMs: timeouts.idleMs,
  });
  const sessionVerifier = new SessionVerifier(sessionsStore, clock, timeouts, undefined, stats.recorder);
  const hasher = new PasswordHasher(
    { memoryKiB: config.argon2MemoryKib, timeCost: config.argon2TimeCost },
    { maxConcurrent: config.argon2MaxConcurrent, maxQueued: config.argon2MaxQueue },
  );
  const lockout = {
    threshold: config.loginLockoutThreshold,
    baseSeconds: config.loginLockoutBaseSeconds,
    maxSeconds: config.loginLockoutMaxSeconds,
    ipPerMinute: config.loginIpPerMinute,
  };

  const credentials = composeCredentials({
    config,
    db,
    clock,
    logger,
    limiter,
    audit,
    authorizer,
    accessStore,
    accountsStore,
    sweepTasks: stats.sweepTasks,
  });
  const fannedOut = await fanOutRevocations(bus, sessionVerifier, logger);
  // Set once the matchmaker exists (below); nobody can revoke anything before the routes are up.
  let revokeGamePlayers: Matchmaker['revokePlayers'] | undefined;
  const revocations: RevocationListener = {
    sessionsRevoked: (event) => {
      fannedOut.sessionsRevoked(event);
      // A disabled owner's keys stop here at once (other nodes: within the key cache's 5 s).
      if (event.reason === 'disabled') credentials.apiKeyVerifier.forgetOwner(event.userId);
      // Game seats belong to the account, not to one session: the reasons the game protocol
      // names (deauthenticated, disabled, logged out everywhere, password changed) end them too.
      const seatsEnd = PlayerRevocationReason.safeParse(event.reason);
      if (seatsEnd.success)
        revokeGamePlayers?.(event.userId, seatsEnd.data).catch((err: unknown) =>
          logger.error({ err, userId: event.userId }, 'could not revoke the players of a user'),
        );
    },
  };

  const accounts = new AccountService({
    accounts: accountsStore,
    sessions: sessionsStore,
    hasher,
    policy: new PasswordPolicy(),
    audit,
    clock,
    revocations,
    guesses: new PasswordGuesses({ accounts: accountsStore, limiter, clock, lockout }),
    admins: new LastAdminGuard({ access: accessStore, accounts: accountsStore }),
    stats: stats.recorder,
    signUps: { limiter, perHour: config.registerIpPerHour },
  });
  const login = new LoginService({
    accounts: accountsStore,
    sessions: sessionsStore,
    hasher,
    limiter,
    audit,
    clock,
    timeouts,
    lockout,
    stats: stats.recorder,
  });
  const bootstrap = new BootstrapService({
    store: new BootstrapStore(db),
    limiter,
    accounts,
    access: accessStore,
    authorizer,
    audit,
    clock,
  });

  const studios = composeStudios({
    config,
    db,
    clock,
    logger,
    limiter,
    audit,
    authorizer,
    accounts: accountsStore,
    apiKeyVerifier: credentials.apiKeyVerifier,
    liveGamesOfTypes: (types) => matchmaker.liveGamesOfTypes(types),
    recentGamesOfType: (type, limit) => matchmaker.recentGamesOfType(type, limit),
    reattach: (minigameId, gameId) => matchmaker.reattach(minigameId, gameId),
    builtInTypes: builtInGameTypes().map((t) => t.id),
    nodeId: adapters.nodeId,
    bus,
    minigamePresence: adapters.minigamePresence,
  });
  await studios.loadMinigames();

  let app: FastifyInstance | undefined;
  const { matchmaker, launcher } = await composeMatchmaker({
    config,
    adapters,
    logger,
    clock,
    audit,
    authorizer,
    serverKey,
    app: () => app!,
    stats: stats.recorder,
    studioGames: studios.gameTypes,
    admission: studios.admission,
    minigames: studios.dispatch,
    ...(deps.launcher ? { launcher: deps.launcher } : {}),
    ...(deps.gameServerEntry ? { gameServerEntry: deps.gameServerEntry } : {}),
    ...(deps.pooledGameServerEntry ? { pooledGameServerEntry: deps.pooledGameServerEntry } : {}),
  });
  revokeGamePlayers = (userId, reason) => matchmaker.revokePlayers(userId, reason);
  const { chat, realtime } = await composeChatAndRealtime({
    config,
    adapters,
    clock,
    logger,
    authorizer,
    sessionVerifier,
    audit,
    games: deps.games ?? matchmaker.members,
    metrics,
    stats: stats.recorder,
  });

  app = await createHttpApp(
    {
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      https:
        config.tlsCertFile && config.tlsKeyFile
          ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
          : undefined,
      corsOrigins: config.corsOrigins
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      version: VERSION,
      accessLog: config.accessLog,
      metricsToken: config.metricsToken,
    },
    {
      verifier: {
        verifySession: (token) => sessionVerifier.verify(token),
        verifyApiKey: (token) => credentials.apiKeyVerifier.verify(token),
      },
      authorizer,
      audit,
      metrics,
      checks: readinessChecks(adapters),
    },
  );

  await app.register(
    async (v1) => {
      await v1.register(identityRoutes, { accounts, login });
      const directory = new UserDirectory({ accounts: accountsStore, figures: stats.userFigures });
      await v1.register(adminUserRoutes, { accounts, bootstrap, directory });
      await matchmaker.routes(v1);
      await v1.register(credentials.routes);
      await chat.register(v1);
      await realtime.register(v1);
      await v1.register(setupRoutes, { bootstrap });
      await v1.register(gameRelayRoutes, gameRelayWiring(config, matchmaker, metrics.registry));
      await stats.register(v1);
      await v1.register(studios.routes);
    },
    { prefix: '/v1' },
  );
  await registerWebClient(app, {
    dir: deps.webDir ?? DEFAULT_WEB_DIR,
    tls: Boolean(config.tlsCertFile),
    gameSocketHosts: [config.gamePublicHost ?? config.gameHost],
  });
  await app.ready();
  await matchmaker.start();

  const bootstrapCode = await bootstrap.prepare();
  credentials.sweeper.start();
  stats.start();
  studios.sweeper.start();
  return {
    app,
    bootstrapCode,
    matchmaker,
    launcher,
    sweep: async () => {
      await credentials.sweeper.sweep();
      await studios.sweeper.sweep();
    },
    chat,
    realtime,
    stats,
    studioGames: studios.gameTypes,
    close: async () => {
      realtime.close();
      chat.close();
      await stats.stop();
      await credentials.sweeper.stop();
      await studios.sweeper.stop();
      await app.close();
      await matchmaker.close();
    },
  };
}
