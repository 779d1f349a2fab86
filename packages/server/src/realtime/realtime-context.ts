import type { ClientFrame } from '@parlor/protocol';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { PresenceService } from './presence-service.js';
import type { UserPrincipal } from '../access/principal.js';
import type { VisibilityFilter } from './realtime-ports.js';
import type { SocketPeer } from './socket-peer.js';
import type { RealtimeBudgets } from './socket-budgets.js';
import type { FrameRateCap } from './frame-rate-cap.js';
import type { SocketSweep } from './socket-sweep.js';
import type { RecheckedSocket } from './session-recheck.js';
import type { RealtimeStats } from '../stats/stats-recorder.js';

export interface RealtimeLimits {
  authTimeoutMs: number;
  framesPerSecond: number;
  heartbeatMs: number;
  sessionCheckMs: number;
  maxSubscriptions: number;
}

/** What every realtime session on a node shares; built once by the realtime feature. */
export interface RealtimeContext {
  /**
   * Verifies a session token and RBAC `connect realtime`; throws AppError otherwise. `admit` is
   * asked as soon as the user is known, before any storage read, and may throw to refuse early.
   */
  authenticate(
    token: string,
    admit?: (principal: UserPrincipal) => void,
  ): Promise<{ principal: UserPrincipal; expiresAt: Date }>;
  /** Every frame but `auth`, to the handler a feature registered for it. */
  dispatch(peer: SocketPeer, frame: Exclude<ClientFrame, { type: 'auth' }>): Promise<void>;
  visibility: Pick<VisibilityFilter, 'blockedBy'>;
  presence: PresenceService;
  registry: ConnectionRegistry;
  clock: Clock;
  logger: Logger;
  limits: RealtimeLimits;
  budgets: RealtimeBudgets;
  /** The frame rate rule every socket is held to (each keeps only its own state). */
  frameRate: FrameRateCap;
  /** The node's heartbeat and session timers, shared by every socket. */
  sweep: SocketSweep<RecheckedSocket>;
  /** Counts a client's bad input (bad frames, protocol errors) for /metrics; it is never logged above debug. */
  badInput(reason: string): void;
  /** Told when sockets open and close (time online); none in unit tests. */
  stats?: RealtimeStats;
}
