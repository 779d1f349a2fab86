import type {
  StatsBucket,
  StatsGames,
  StatsMetric,
  StatsOverview,
  StatsRetention,
  StatsSeries,
  UserStats,
} from '@parlor/protocol';
import type { HttpTransport } from './http-transport.js';

/** A time range, as UTC ISO-8601 instants (`2026-12-01T00:00:00.000Z`); `from` before `to`. */
export interface StatsRange {
  from: string;
  to: string;
}

/** Engagement figures for admins (RBAC resource `stats`); docs/stats.md says what each counts. */
export class StatsApi {
  constructor(private readonly http: HttpTransport) {}

  overview(range: StatsRange): Promise<StatsOverview> {
    return this.http.request('GET', '/v1/admin/stats/overview', { query: { ...range } });
  }
  /** With `by: 'type'` (games_* metrics only) the answer also holds one series per game type. */
  series(
    metric: StatsMetric,
    bucket: StatsBucket,
    range: StatsRange,
    options: { by?: 'type' } = {},
  ): Promise<StatsSeries> {
    return this.http.request('GET', '/v1/admin/stats/series', {
      query: { metric, bucket, ...range, ...options },
    });
  }
  retention(cohort: 'day' | 'week', range: StatsRange): Promise<StatsRetention> {
    return this.http.request('GET', '/v1/admin/stats/retention', { query: { cohort, ...range } });
  }
  games(range: StatsRange): Promise<StatsGames> {
    return this.http.request('GET', '/v1/admin/stats/games', { query: { ...range } });
  }
  user(userId: string): Promise<UserStats> {
    return this.http.request('GET', `/v1/admin/users/${encodeURIComponent(userId)}/stats`);
  }
}
