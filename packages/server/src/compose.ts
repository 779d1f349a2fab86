import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { AccessStore } from './access/access-store.js';
import { type Adapters, readinessChecks } from './adapters.js';
import { Authorizer } from './access/authorizer.js';
import { createHttpApp } from './app.js';
import { composeCredentials } from './compose-identity.js';
import { composeMatchmaker } from './compose-matchmaker.js';
import { composeStudios } from './compose-studios.js';
import { AuditLog } from './audit/audit-log.js';
import { type ChatFeature, createChatFeature } from './chat/chat-feature.js';
import type { GameMembership } from './chat/game-membership.js';
import type { Config } from './config.js';
import { AccountService } from './identity/account-service.js';
import { AccountsStore } from './identity/accounts-store.js';
import { adminUserRoutes } from './identity/admin-routes.js';
import { BootstrapService } from './identity/bootstrap-service.js';
import { LoginService } from './identity/login-service.js';
import { PasswordHasher } from './identity/password-hasher.js';
import { PasswordPolicy } from './identity/password-policy.js';
import { fanOutRevocations } from './identity/revocation-fanout.js';
import type { RevocationListener } from './identity/revocations.js';
import { identityRoutes } from './identity/routes.js';
import { SessionVerifier } from './identity/session-verifier.js';
import { SessionsStore } from './identity/sessions-store.js';
import { TicketSecrets } from './identity/ticket-secrets.js';
import { ServerKey } from './platform/server-key.js';
import type { Matchmaker } from './matchmaker/create-matchmaker.js';
import type { GameServerLauncher } from './matchmaker/launcher.js';
import { createMetrics } from './ops/metrics.js';
import { type Clock, systemClock } from './platform/clock.js';
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
  /** Who plays which game, for game chat; defaults to reading the matchmaker's game_players table. */
  games?: GameMembership;
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
  /** Chat and the realtime socket: its sweeper and socket context, for operations and tests. */
  chat: ChatFeature;
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
  const sessionVerifier = new SessionVerifier(sessionsStore, clock, timeouts);
  const hasher = new PasswordHasher({ memoryKiB: config.argon2MemoryKib, timeCost: config.argon2TimeCost });

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
  });
  const fannedOut = await fanOutRevocations(bus, sessionVerifier, logger);
  const revocations: RevocationListener = {
    sessionsRevoked: (event) => {
      fannedOut.sessionsRevoked(event);
      // A disabled owner's keys stop here at once (other nodes: within the key cache's 5 s).
      if (event.reason === 'disabled') credentials.apiKeyVerifier.forgetOwner(event.userId);
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
  });
  const login = new LoginService({
    accounts: accountsStore,
    sessions: sessionsStore,
    hasher,
    limiter,
    audit,
    clock,
    timeouts,
    lockout: {
      threshold: config.loginLockoutThreshold,
      baseSeconds: config.loginLockoutBaseSeconds,
      maxSeconds: config.loginLockoutMaxSeconds,
      ipPerMinute: config.loginIpPerMinute,
    },
  });
  const bootstrap = new BootstrapService({ db, accounts, access: accessStore, authorizer, audit, clock });

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
  });

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
    studioGames: studios.gameTypes,
    admission: studios.admission,
    ...(deps.launcher ? { launcher: deps.launcher } : {}),
    ...(deps.gameServerEntry ? { gameServerEntry: deps.gameServerEntry } : {}),
  });
  const chat = await createChatFeature({
    config,
    adapters,
    clock,
    logger,
    authorizer,
    sessionVerifier,
    sessions: sessionsStore,
    audit,
    games: deps.games,
  });

  const metrics = createMetrics();
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
      await v1.register(identityRoutes, {
        accounts,
        login,
        limiter,
        registerPerHour: config.registerIpPerHour,
      });
      await v1.register(adminUserRoutes, { accounts, accountsStore, bootstrap, limiter });
      await matchmaker.routes(v1);
      await v1.register(credentials.routes);
      await chat.register(v1);
      await v1.register(studios.routes);
    },
    { prefix: '/v1' },
  );
  await app.ready();
  await matchmaker.start();

  const bootstrapCode = await bootstrap.prepare();
  credentials.sweeper.start();
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
    studioGames: studios.gameTypes,
    close: async () => {
      chat.close();
      await credentials.sweeper.stop();
      await studios.sweeper.stop();
      await app.close();
      await matchmaker.close();
    },
  };
}
