import type { Authorizer } from './access/authorizer.js';
import type { Adapters } from './adapters.js';
import type { AuditLog } from './audit/audit-log.js';
import { createChatFeature } from './chat/chat-feature.js';
import type { GameMembership } from './chat/game-membership.js';
import type { Config } from './config.js';
import type { SessionVerifier } from './identity/session-verifier.js';
import type { Metrics } from './ops/metrics.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { createRealtimeFeature } from './realtime/realtime-feature.js';
import type { ChatStats, RealtimeStats } from './stats/stats-recorder.js';

export interface ChatAndRealtimeDeps {
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

/**
 * Chat and the realtime socket, which know each other only through ports: realtime hides blocked
 * users through chat's block store, and chat's subscribe frames are registered with realtime.
 */
export async function composeChatAndRealtime(deps: ChatAndRealtimeDeps) {
  const { config, adapters, clock, logger, authorizer, games, stats } = deps;
  const chat = await createChatFeature({
    config,
    adapters,
    clock,
    logger,
    authorizer,
    audit: deps.audit,
    games,
    stats,
  });
  const realtime = await createRealtimeFeature({
    config,
    adapters,
    clock,
    logger,
    authorizer,
    sessionVerifier: deps.sessionVerifier,
    visibility: chat.blocks,
    games,
    metrics: deps.metrics,
    stats,
  });
  realtime.frames.handleAll(
    chat.frameHandlers({
      maxSubscriptions: config.realtimeMaxSubscriptions,
      followsChanged: (socket, newlyWatched) => realtime.presence.subscriptionsChanged(socket, newlyWatched),
    }),
  );
  return { chat, realtime };
}
