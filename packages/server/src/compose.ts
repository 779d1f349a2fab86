import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { AccessStore } from './access/access-store.js';
import { type Adapters, readinessChecks } from './adapters.js';
import { Authorizer } from './access/authorizer.js';
import { createHttpApp } from './app.js';
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
import { identityRoutes } from './identity/routes.js';
import { SessionVerifier } from './identity/session-verifier.js';
import { SessionsStore } from './identity/sessions-store.js';
import { createMetrics } from './ops/metrics.js';
import { AppError } from './platform/app-error.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';

export const VERSION = '0.1.0';

export interface ParlorDeps {
  config: Config;
  adapters: Adapters;
  logger: Logger;
  clock?: Clock;
  /** Who plays which game, for game chat; defaults to reading the matchmaker's game_players table. */
  games?: GameMembership;
}

export interface Parlor {
  app: FastifyInstance;
  /** Set while no admin exists: the one-time code for POST /v1/admin/bootstrap. */
  bootstrapCode: string | undefined;
  /** Chat and the realtime socket: its sweeper and socket context, for operations and tests. */
  chat: ChatFeature;
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

  const accountsStore = new AccountsStore(db);
  const sessionsStore = new SessionsStore(db);
  const timeouts = {
    absoluteMs: config.sessionAbsoluteHours * 3_600_000,
    idleMs: config.sessionIdleMinutes * 60_000,
  };
  const sessionVerifier = new SessionVerifier(sessionsStore, clock, timeouts);
  const hasher = new PasswordHasher({ memoryKiB: config.argon2MemoryKib, timeCost: config.argon2TimeCost });

  const revocations = await fanOutRevocations(bus, sessionVerifier, logger);

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
  const app = await createHttpApp(
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
    },
    {
      verifier: {
        verifySession: (token) => sessionVerifier.verify(token),
        verifyApiKey: async () => {
          throw new AppError('UNAUTHENTICATED', 'The API key is not valid');
        },
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
      await chat.register(v1);
    },
    { prefix: '/v1' },
  );
  await app.ready();

  const bootstrapCode = await bootstrap.prepare();
  return {
    app,
    bootstrapCode,
    chat,
    close: async () => {
      chat.close();
      await app.close();
    },
  };
}
