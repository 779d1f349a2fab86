import type { FastifyInstance } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import { subjectOf } from '../access/principal.js';
import type { Adapters } from '../adapters.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { UserPrincipal } from '../access/principal.js';
import { blockRoutes } from './block-routes.js';
import { BlockService } from './block-service.js';
import { BlockStore } from './block-store.js';
import { loadChatKeys } from './chat-keys.js';
import { ChatFanout } from './chat-fanout.js';
import { type ChatFrameDeps, type ChatSocket, chatFrameHandlers } from './chat-frames.js';
import { chatRoutes } from './chat-routes.js';
import { ConversationsStore, conversationRoutes } from './conversations.js';
import { ChatService } from './chat-service.js';
import { ChatStore } from './chat-store.js';
import { ChatSweeper } from './chat-sweeper.js';
import type { GameMembership } from './game-membership.js';
import { MessageSealer } from './message-sealer.js';
import type { ChatStats } from '../stats/stats-recorder.js';

export interface ChatFeatureDeps {
  config: Config;
  adapters: Adapters;
  clock: Clock;
  logger: Logger;
  authorizer: Authorizer;
  audit: AuditLog;
  /** Who plays which game: the matchmaker's seats. */
  games: GameMembership;
  stats?: ChatStats;
}

// How often each node re-reads the channels its sockets follow, in case the bus lost a notice.
const CATCH_UP_MS = 5_000;

/** Chat, conversations and blocks, wired from the adapters; its socket frames go to realtime. */
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
  const mayModerate = (p: UserPrincipal) => authorizer.can(subjectOf(p), 'update', 'chat-moderation');

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
    /** Whom each user has blocked, for realtime's visibility filter. */
    blocks,
    /** Chat's handlers for the realtime socket, given the socket budget and presence hook. */
    frameHandlers: <S extends ChatSocket>(
      socket: Pick<ChatFrameDeps<S>, 'maxSubscriptions' | 'followsChanged'>,
    ) => chatFrameHandlers<S>({ chat, fanout, mayModerate, ...socket }),
    async register(v1: FastifyInstance): Promise<void> {
      await v1.register(chatRoutes, { chat, mayModerate });
      await v1.register(conversationRoutes, { store: new ConversationsStore(db), now: () => clock.now() });
      await v1.register(blockRoutes, { blocks: new BlockService({ blocks, bus, clock, logger }) });
    },
    /** Before the HTTP server closes (after realtime's sockets): stop timers. */
    close(): void {
      stopSweeper();
      clearInterval(catchUp);
      fanout.close();
    },
  };
}
export type ChatFeature = Awaited<ReturnType<typeof createChatFeature>>;
