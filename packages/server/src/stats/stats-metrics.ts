import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../platform/logger.js';

/** What the business gauges read, at each scrape. */
export interface LiveFigures {
  usersOnline(): Promise<number>;
  liveGames(): Promise<{ type: string; status: string; n: number }[]>;
}

/**
 * Business metrics on the app's Prometheus registry. Counters count what this node recorded
 * since it started (Prometheus sums nodes and handles restarts); the gauges read the platform-wide
 * state from storage at each scrape, so every node reports the same value.
 */
export function registerStatsMetrics(registry: Registry, live: LiveFigures, log: Pick<Logger, 'warn'>) {
  const logins = new Counter({
    name: 'parlor_logins_total',
    help: 'Login attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const sessionsStarted = new Counter({
    name: 'parlor_sessions_started_total',
    help: 'Sessions started (successful logins)',
    registers: [registry],
  });
  const chatMessages = new Counter({
    name: 'parlor_chat_messages_total',
    help: 'Chat messages posted, by channel kind',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const gamesEnded = new Counter({
    name: 'parlor_games_ended_total',
    help: 'Games over, by how they ended',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'parlor_users_online',
    help: 'Users with a realtime socket open, on every node',
    registers: [registry],
    async collect() {
      try {
        this.set(await live.usersOnline());
      } catch (err) {
        log.warn({ err }, 'could not read users online for /metrics');
      }
    },
  });
  new Gauge({
    name: 'parlor_games',
    help: 'Games not over yet, by status (lobby or in_progress) and type',
    labelNames: ['status', 'type'] as const,
    registers: [registry],
    async collect() {
      try {
        const rows = await live.liveGames();
        this.reset();
        for (const status of ['lobby', 'in_progress']) this.set({ status, type: 'all' }, 0);
        for (const r of rows) {
          this.set({ status: r.status, type: r.type }, r.n);
          this.inc({ status: r.status, type: 'all' }, r.n);
        }
      } catch (err) {
        log.warn({ err }, 'could not read live games for /metrics');
      }
    },
  });
  return { logins, sessionsStarted, chatMessages, gamesEnded };
}
export type StatsCounters = ReturnType<typeof registerStatsMetrics>;
