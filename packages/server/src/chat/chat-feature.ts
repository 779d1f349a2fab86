import type { FastifyInstance } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import { AUTHENTICATED_GROUP, subjectOf } from '../access/principal.js';
import type { Adapters } from '../adapters.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import type { SessionVerifier } from '../identity/session-verifier.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { ConnectionRegistry } from '../realtime/connection-registry.js';
import { dispatchFrame } from '../realtime/frame-handlers.js';
import { PresenceService } from '../realtime/presence-service.js';
import type { RealtimeContext } from '../realtime/realtime-context.js';
import { realtimeRoutes } from '../realtime/realtime-routes.js';
import { realtimeBudgets } from '../realtime/socket-budgets.js';
import type { Metrics } from '../ops/metrics.js';
import type { UserPrincipal } from '../access/principal.js';
import { blockAndPresenceRoutes } from './block-routes.js';
import { BlockService } from './block-service.js';
import { BlockStore } from './block-store.js';
import { loadChatKeys } from './chat-keys.js';
import { ChatFanout } from './chat-fanout.js';
import { chatRoutes } from './chat-routes.js';
import { ConversationsStore, conversationRoutes } from './conversations.js';
import { ChatService } from './chat-service.js';
import { ChatStore } from './chat-store.js';
import { ChatSweeper } from './chat-sweeper.js';
import type { GameMembership } from './game-membership.js';
import { MessageSealer } from './message-sealer.js';
import type { ChatStats, RealtimeStats } from '../stats/stats-recorder.js';

export interface ChatFeatureDeps {
  config: Config;
  adapters: Adapters;
  clock: Clock;
  logger: Logger;
  authorizer: Authorizer;
  sessionVerifier: SessionVerifier;
  audit: AuditLog;
  /** Who plays which game: the matchmaker's seats. */
  games: GameMembership;
  metrics: Pick<Metrics, 'realtimeBadInput'>;
  stats?: ChatStats & RealtimeStats;
}

// How often each node re-reads the channels its sockets follow, in case the bus lost a notice.
const CATCH_UP_MS = 5_000;

/** Chat, blocks, presence and the realtime socket, wired from the adapters. */
export async function createChatFeature(deps: ChatFeatureDeps) {
  const { config, adapters, clock, logger, authorizer } = deps;
  const { db, bus, limiter } = adapters;
  const store = new ChatStore(db);
  const blocks = new BlockStore(db);
  const { games } = deps;
  const chat = new ChatService({
    store,
    blocks,
    sealer: new MessageSealer(loadChatKeys(config)),
    games,
    bus,
    limiter,
    audit: deps.audit,
    clock,
    logger,
    postRule: { limit: config.chatBurst, windowMs: (config.chatBurst / config.chatMessagesPerSecond) * 1000 },
    stats: deps.stats,
  });
  const fanout = new ChatFanout({ store, chat, bus, clock, logger });
  const registry = new ConnectionRegistry({ bus, blocks, logger });
  const presence = new PresenceService({
    store: adapters.presence,
    bus,
    blocks,
    registry,
    logger,
    games,
    seesAllGames: (userId) =>
      authorizer.can({ kind: 'user', id: userId, groups: [AUTHENTICATED_GROUP] }, 'list', 'all-games'),
  });
  await registry.start();
  await presence.start();

  const mayModerate = (p: UserPrincipal) => authorizer.can(subjectOf(p), 'update', 'chat-moderation');
  const ctx: RealtimeContext = {
    authenticate: async (token, admit) => {
      const { principal, expiresAt } = await deps.sessionVerifier.verifyForSocket(token);
      admit?.(principal);
      if (!(await authorizer.can(subjectOf(principal), 'connect', 'realtime')))
        throw new AppError('FORBIDDEN', 'You may not connect realtime');
      return { principal, expiresAt };
    },
    mayModerate,
    dispatch: dispatchFrame,
    chat,
    fanout,
    blocks,
    presence,
    registry,
    clock,
    logger,
    stats: deps.stats,
    limits: {
      authTimeoutMs: config.realtimeAuthTimeoutMs,
      framesPerSecond: config.realtimeFramesPerSecond,
      heartbeatMs: config.realtimeHeartbeatMs,
      sessionCheckMs: config.realtimeSessionCheckMs,
      maxSubscriptions: config.realtimeMaxSubscriptions,
    },
    budgets: realtimeBudgets({
      socketsPerAddress: config.realtimeSocketsPerAddress,
      socketsPerUser: config.realtimeSocketsPerUser,
      queuedFramesPerUser: config.realtimeQueuedFramesPerUser,
    }),
    badInput: (reason) => deps.metrics.realtimeBadInput.inc({ reason }),
  };

  const sweeper = new ChatSweeper({
    store,
    bus,
    clock,
    logger,
    tombstoneMs: config.chatTombstoneHours * 3_600_000,
  });
  const stopSweeper = sweeper.start(config.chatSweepSeconds * 1000);
  const catchUp = setInterval(() => fanout.catchUp(), CATCH_UP_MS);
  catchUp.unref();

  return {
    chat,
    sweeper,
    registry,
    realtime: ctx,
    async register(v1: FastifyInstance): Promise<void> {
      await v1.register(chatRoutes, { chat, mayModerate });
      await v1.register(conversationRoutes, { store: new ConversationsStore(db), now: () => clock.now() });
      await v1.register(blockAndPresenceRoutes, {
        blocks: new BlockService({ blocks, bus, clock, logger }),
        presence,
      });
      const origins = [config.publicUrl, ...config.corsOrigins.split(',')]
        .map((s) => s?.trim())
        .filter(Boolean);
      await v1.register(realtimeRoutes, {
        ctx,
        maxPayloadBytes: config.realtimeMaxPayloadBytes,
        allowedOrigins: origins as string[],
      });
    },
    /** Before the HTTP server closes: tell sockets why, stop timers. */
    close(): void {
      stopSweeper();
      clearInterval(catchUp);
      registry.closeAll();
      fanout.close();
    },
  };
}
export type ChatFeature = Awaited<ReturnType<typeof createChatFeature>>;
