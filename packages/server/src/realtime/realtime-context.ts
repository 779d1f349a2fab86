import type { ClientFrame } from '@parlor/protocol';
import type { BlockStore } from '../chat/block-store.js';
import type { ChatFanout } from '../chat/chat-fanout.js';
import type { ChatService } from '../chat/chat-service.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { PresenceService } from './presence-service.js';
import type { UserPrincipal } from '../access/principal.js';
import type { RealtimeSession } from './realtime-session.js';
import type { RealtimeBudgets } from './socket-budgets.js';
import type { RealtimeStats } from '../stats/stats-recorder.js';

export interface RealtimeLimits {
  authTimeoutMs: number;
  framesPerSecond: number;
  heartbeatMs: number;
  sessionCheckMs: number;
  maxSubscriptions: number;
}

/** What every realtime session on a node shares; built once by the composition root. */
export interface RealtimeContext {
  /**
   * Verifies a session token and RBAC `connect realtime`; throws AppError otherwise. `admit` is
   * asked as soon as the user is known, before any storage read, and may throw to refuse early.
   */
  authenticate(
    token: string,
    admit?: (principal: UserPrincipal) => void,
  ): Promise<{ principal: UserPrincipal; expiresAt: Date }>;
  mayModerate(principal: UserPrincipal): Promise<boolean>;
  dispatch(session: RealtimeSession, frame: ClientFrame): Promise<void>;
  chat: ChatService;
  fanout: ChatFanout;
  blocks: BlockStore;
  presence: PresenceService;
  registry: ConnectionRegistry;
  clock: Clock;
  logger: Logger;
  limits: RealtimeLimits;
  budgets: RealtimeBudgets;
  /** Counts a client's bad input (bad frames, protocol errors) for /metrics; it is never logged above debug. */
  badInput(reason: string): void;
  /** Told when sockets open and close (time online); none in unit tests. */
  stats?: RealtimeStats;
}
