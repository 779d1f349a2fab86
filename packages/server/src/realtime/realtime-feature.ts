import type { FastifyInstance } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import { AUTHENTICATED_GROUP, subjectOf } from '../access/principal.js';
import type { Adapters } from '../adapters.js';
import type { Config } from '../config.js';
import type { SessionVerifier } from '../identity/session-verifier.js';
import type { Metrics } from '../ops/metrics.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { RealtimeStats } from '../stats/stats-recorder.js';
import { ConnectionRegistry } from './connection-registry.js';
import { FrameDispatcher, type RoutedFrameType } from './frame-dispatch.js';
import { PresenceService } from './presence-service.js';
import { presenceRoutes } from './presence-routes.js';
import type { RealtimeContext } from './realtime-context.js';
import type { GamePlayers, VisibilityFilter } from './realtime-ports.js';
import { realtimeRoutes } from './realtime-routes.js';
import { realtimeBudgets } from './socket-budgets.js';
import { FrameRateCap } from './frame-rate-cap.js';
import { SocketSweep } from './socket-sweep.js';
import { sessionRecheck } from './session-recheck.js';

export interface RealtimeFeatureDeps {
  config: Config;
  adapters: Pick<Adapters, 'bus' | 'presence'>;
  clock: Clock;
  logger: Logger;
  authorizer: Authorizer;
  sessionVerifier: Pick<SessionVerifier, 'verifyForSocket' | 'recheckForSockets'>;
  /** Who hides from whom (chat's blocks). */
  visibility: VisibilityFilter;
  /** Who plays which game (the matchmaker's seats). */
  games: GamePlayers;
  metrics: Pick<Metrics, 'realtimeBadInput'>;
  stats?: RealtimeStats;
}

// Listed as a record so that a frame type added to the protocol is a compile error here until
// someone decides who handles it; `register` then refuses to start without that handler.
const ROUTED_FRAMES: Record<RoutedFrameType, true> = { ping: true, subscribe: true, unsubscribe: true };

/**
 * The realtime socket: who is connected, presence, budgets, the route and frame dispatch.
 * Identity authenticates its sockets; features register their frames through `frames`.
 */
export async function createRealtimeFeature(deps: RealtimeFeatureDeps) {
  const { config, clock, logger, authorizer } = deps;
  const { bus } = deps.adapters;
  const registry = new ConnectionRegistry({ bus, visibility: deps.visibility, logger });
  const presence = new PresenceService({
    store: deps.adapters.presence,
    bus,
    visibility: deps.visibility,
    registry,
    logger,
    games: deps.games,
    seesAllGames: (userId) =>
      authorizer.can({ kind: 'user', id: userId, groups: [AUTHENTICATED_GROUP] }, 'list', 'all-games'),
  });
  await registry.start();
  await presence.start();

  const limits = {
    authTimeoutMs: config.realtimeAuthTimeoutMs,
    framesPerSecond: config.realtimeFramesPerSecond,
    heartbeatMs: config.realtimeHeartbeatMs,
    sessionCheckMs: config.realtimeSessionCheckMs,
    maxSubscriptions: config.realtimeMaxSubscriptions,
  };
  const sweep = new SocketSweep(
    limits,
    clock,
    sessionRecheck({ verifier: deps.sessionVerifier, authorizer, logger }),
  );
  sweep.start();

  const frames = new FrameDispatcher();
  frames.handle('ping', async (peer, frame) => peer.send({ type: 'pong', ref: frame.ref }));

  const context: RealtimeContext = {
    authenticate: async (token, admit) => {
      const { principal, expiresAt } = await deps.sessionVerifier.verifyForSocket(token);
      admit?.(principal);
      if (!(await authorizer.can(subjectOf(principal), 'connect', 'realtime')))
        throw new AppError('FORBIDDEN', 'You may not connect realtime');
      return { principal, expiresAt };
    },
    dispatch: frames.dispatch.bind(frames),
    visibility: deps.visibility,
    presence,
    registry,
    clock,
    logger,
    stats: deps.stats,
    limits,
    frameRate: new FrameRateCap(limits.framesPerSecond, clock),
    sweep,
    budgets: realtimeBudgets({
      socketsPerAddress: config.realtimeSocketsPerAddress,
      socketsPerUser: config.realtimeSocketsPerUser,
      queuedFramesPerUser: config.realtimeQueuedFramesPerUser,
    }),
    badInput: (reason) => deps.metrics.realtimeBadInput.inc({ reason }),
  };

  return {
    context,
    registry,
    presence,
    /** Where features register their frame handlers, before `register`. */
    frames,
    async register(v1: FastifyInstance): Promise<void> {
      frames.sealed(Object.keys(ROUTED_FRAMES) as RoutedFrameType[]);
      await v1.register(presenceRoutes, { presence });
      const origins = [config.publicUrl, ...config.corsOrigins.split(',')]
        .map((s) => s?.trim())
        .filter(Boolean);
      await v1.register(realtimeRoutes, {
        ctx: context,
        maxPayloadBytes: config.realtimeMaxPayloadBytes,
        allowedOrigins: origins as string[],
      });
    },
    /** Before the HTTP server closes: tell sockets why. */
    close(): void {
      registry.closeAll();
      sweep.stop();
    },
  };
}
export type RealtimeFeature = Awaited<ReturnType<typeof createRealtimeFeature>>;
