import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { SweepTask } from '../platform/sweeper.js';
import type { Db } from '../storage/db.js';
import { CountStore } from './count-store.js';
import { DailyStore } from './daily-store.js';
import { EventRecorder } from './event-recorder.js';
import { StatsEventStore } from './event-store.js';
import { FigureReader } from './figure-reader.js';
import { OnlineUpkeep } from './online-upkeep.js';
import { StatsRollup } from './rollup.js';
import { StatsRollupStore } from './rollup-store.js';
import { statsRoutes } from './routes.js';
import { registerStatsMetrics } from './stats-metrics.js';
import { StatsQueries } from './stats-queries.js';
import { StatsUpkeepStore } from './upkeep-store.js';
import { UserFiguresStore } from './user-figures-store.js';

export interface StatsFeatureDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  nodeId: string;
  /** The app's Prometheus registry, for the business metrics. */
  registry: Registry;
  retentionDays: number;
  sampleSeconds: number;
  sessionIdleMs: number;
}

/** Engagement stats: the recorder other features report to, the admin's queries, the upkeep. */
export function createStatsFeature(deps: StatsFeatureDeps) {
  const { db, clock } = deps;
  const log = deps.logger.child({ feature: 'stats' });
  const upkeepStore = new StatsUpkeepStore(db);
  const upkeep = new OnlineUpkeep({
    store: upkeepStore,
    clock,
    log,
    nodeId: deps.nodeId,
    sampleMs: deps.sampleSeconds * 1000,
    sessionIdleMs: deps.sessionIdleMs,
  });
  const counters = registerStatsMetrics(
    deps.registry,
    { usersOnline: () => upkeep.usersOnline(), liveGames: () => upkeepStore.liveGames() },
    log,
  );
  const recorder = new EventRecorder({
    store: new StatsEventStore(db),
    clock,
    counters,
    nodeId: deps.nodeId,
  });
  const rollupStore = new StatsRollupStore(db);
  const rollup = new StatsRollup({ store: rollupStore, clock, retentionDays: deps.retentionDays });
  const userFigures = new UserFiguresStore(db);
  const queries = new StatsQueries({
    figures: new FigureReader({ counts: new CountStore(db), daily: new DailyStore(db) }),
    rollups: rollupStore,
    users: userFigures,
    clock,
  });

  // In this order: sessions and sockets that ended are recorded before their day is rolled up.
  const sweepTasks: SweepTask[] = [
    { name: 'stats-expired-sessions', run: () => upkeep.closeExpiredSessions() },
    { name: 'stats-stale-sockets', run: () => upkeep.closeStaleSockets() },
    { name: 'stats-rollup', run: () => rollup.rollUp() },
    { name: 'stats-compaction', run: () => rollup.compact() },
  ];

  return {
    recorder,
    queries,
    /** The per-user figures, for the admin's user list. */
    userFigures,
    sweepTasks,
    /** Takes the concurrent-users sample now (the timer does it every PARLOR_STATS_SAMPLE_SECONDS). */
    sample: () => upkeep.sample(),
    async register(v1: FastifyInstance): Promise<void> {
      await v1.register(statsRoutes, { queries });
    },
    start: () => upkeep.start(),
    stop: () => upkeep.stop(),
  };
}
export type StatsFeature = ReturnType<typeof createStatsFeature>;
