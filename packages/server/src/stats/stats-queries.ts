import type {
  StatsGames,
  StatsGamesQuery,
  StatsMetric,
  StatsOverview,
  StatsRangeQuery,
  StatsRetention,
  StatsRetentionQuery,
  StatsSeries,
  StatsSeriesQuery,
  UserStats,
} from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { type CountedMetric, type FigureReader, mergeHistograms } from './figure-reader.js';
import { percentile } from './lengths-sql.js';
import { align, bucketsOf, DAY_MS, HOUR_MS, type Range } from './ranges.js';
import type { StatsRollupStore } from './rollup-store.js';
import type { UserFiguresStore } from './user-figures-store.js';

export interface StatsQueryDeps {
  figures: FigureReader;
  rollups: StatsRollupStore;
  users: UserFiguresStore;
  clock: Clock;
}

export const OVERVIEW_TOTALS: CountedMetric[] = [
  'new_users',
  'logins',
  'failed_logins',
  'sessions',
  'session_seconds',
  'games_created',
  'games_started',
  'games_finished',
  'games_failed',
  'games_abandoned',
  'chat_messages',
  'concurrent_users',
];
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
/** Every dimension added up per bucket (concurrent users has only the one dimension, so no peak is summed). */
const addTypes = (byType: Map<string, Map<number, number>>) => {
  const out = new Map<number, number>();
  for (const byAt of byType.values()) for (const [at, v] of byAt) out.set(at, (out.get(at) ?? 0) + v);
  return out;
};
const iso = (r: Range) => ({ from: r.from.toISOString(), to: r.to.toISOString() });

/** The query side: every admin figure, read from stats' own tables (docs/stats.md says what each means). */
export class StatsQueries {
  constructor(private readonly deps: StatsQueryDeps) {}

  async overview(q: StatsRangeQuery): Promise<StatsOverview> {
    const { figures } = this.deps;
    const range = align(q.from, q.to);
    const state = await this.deps.rollups.state();
    const [active, totals, lengths] = await Promise.all([
      figures.activeUsers(range, state),
      figures.totals(OVERVIEW_TOTALS, range, state),
      figures.lengths(['sessions', 'games_finished'], range, state),
    ]);
    const total = (metric: CountedMetric) => sum(totals.get(metric)!);
    const sessionLengths = mergeHistograms(lengths.get('sessions')!);
    return {
      ...iso(range),
      activeUsers: active,
      newUsers: total('new_users'),
      logins: total('logins'),
      failedLogins: total('failed_logins'),
      sessions: {
        count: total('sessions'),
        totalSeconds: Math.round(total('session_seconds')),
        medianSeconds: percentile(sessionLengths, 0.5),
        p90Seconds: percentile(sessionLengths, 0.9),
      },
      games: {
        created: total('games_created'),
        started: total('games_started'),
        finished: total('games_finished'),
        failed: total('games_failed'),
        abandoned: total('games_abandoned'),
        medianSeconds: percentile(mergeHistograms(lengths.get('games_finished')!), 0.5),
      },
      chat: { messages: total('chat_messages') },
      peakConcurrentUsers: total('concurrent_users'),
    };
  }

  async series(q: StatsSeriesQuery): Promise<StatsSeries> {
    const range = align(q.from, q.to, q.bucket);
    const state = await this.deps.rollups.state();
    const buckets = bucketsOf(range, q.bucket);
    const pointsOf = (values: Map<number, number>) =>
      buckets.map((at) => ({ at: at.toISOString(), value: values.get(at.getTime()) ?? 0 }));
    if (q.metric === 'active_users') {
      const values = await this.deps.figures.activeSeries(range, q.bucket, state);
      return { metric: q.metric, bucket: q.bucket, ...iso(range), points: pointsOf(values) };
    }
    const byType = await this.countedSeries(q.metric, range, q.bucket, state);
    const points = pointsOf(addTypes(byType)).map((p) =>
      q.metric === 'session_seconds' ? { ...p, value: Math.round(p.value) } : p,
    );
    const answer: StatsSeries = { metric: q.metric, bucket: q.bucket, ...iso(range), points };
    if (q.by === 'type')
      answer.series = [...byType.keys()]
        .sort()
        .map((type) => ({ type, points: pointsOf(byType.get(type)!) }));
    return answer;
  }

  /** Values per dimension (the game type for games_*, '' otherwise), then per bucket start. */
  private async countedSeries(
    metric: Exclude<StatsMetric, 'active_users'>,
    range: Range,
    bucket: StatsSeriesQuery['bucket'],
    state: Awaited<ReturnType<StatsRollupStore['state']>>,
  ): Promise<Map<string, Map<number, number>>> {
    const peak = metric === 'concurrent_users';
    const out = new Map<string, Map<number, number>>();
    for (const row of await this.deps.figures.counted(metric, range, bucket, state)) {
      const at = row.at.getTime();
      const value = Number(row.value);
      let byAt = out.get(row.dim);
      if (!byAt) out.set(row.dim, (byAt = new Map()));
      byAt.set(at, peak ? Math.max(byAt.get(at) ?? 0, value) : (byAt.get(at) ?? 0) + value);
    }
    return out;
  }

  async retention(q: StatsRetentionQuery): Promise<StatsRetention> {
    const range = align(q.from, q.to, q.cohort);
    const rows = await this.deps.users.cohorts(range, q.cohort);
    const byStart = new Map(rows.map((r) => [r.at.getTime(), r]));
    const now = this.deps.clock.nowMs();
    const length = q.cohort === 'week' ? 7 * DAY_MS : DAY_MS;
    const cohorts = bucketsOf(range, q.cohort).map((at) => {
      const row = byStart.get(at.getTime());
      const users = row?.users ?? 0;
      // Day N of the cohort's last registrations is over at (cohort end + N days).
      const measured = (n: number) => now >= at.getTime() + length + n * DAY_MS;
      const rate = (n: number, back: number) => (measured(n) ? share(back, users) : null);
      return {
        at: at.toISOString(),
        users,
        day1: rate(1, row?.day1 ?? 0),
        day7: rate(7, row?.day7 ?? 0),
        day30: rate(30, row?.day30 ?? 0),
      };
    });
    return { cohort: q.cohort, ...iso(range), cohorts };
  }

  async games(q: StatsGamesQuery): Promise<StatsGames> {
    const { figures } = this.deps;
    const now = this.deps.clock.nowMs();
    const range =
      q.from && q.to
        ? align(q.from, q.to)
        : align(new Date(now - 365 * DAY_MS).toISOString(), new Date(now + HOUR_MS - 1).toISOString());
    const state = await this.deps.rollups.state();
    const [totals, byMetric] = await Promise.all([
      figures.totals(['games_finished', 'games_failed', 'games_abandoned', 'game_players'], range, state),
      figures.lengths(['games_finished'], range, state),
    ]);
    const [finished, failed, abandoned, players] = [
      totals.get('games_finished')!,
      totals.get('games_failed')!,
      totals.get('games_abandoned')!,
      totals.get('game_players')!,
    ];
    const lengths = byMetric.get('games_finished')!;
    const types = [...new Set([...finished.keys(), ...failed.keys(), ...abandoned.keys()])].sort();
    return {
      ...iso(range),
      types: types.map((type) => {
        const done = finished.get(type) ?? 0;
        const games = done + (failed.get(type) ?? 0) + (abandoned.get(type) ?? 0);
        return {
          type,
          games,
          players: players.get(type) ?? 0,
          medianSeconds: percentile(lengths.get(type) ?? new Map(), 0.5),
          completionRate: share(done, games),
        };
      }),
    };
  }

  async user(userId: string): Promise<UserStats> {
    const figures = await this.deps.users.of(userId);
    if (!figures) throw new AppError('NOT_FOUND', 'No such user');
    return figures;
  }
}
