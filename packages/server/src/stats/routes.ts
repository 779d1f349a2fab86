import {
  StatsGames,
  StatsGamesQuery,
  StatsOverview,
  StatsRangeQuery,
  StatsRetention,
  StatsRetentionQuery,
  StatsSeries,
  StatsSeriesQuery,
  UserStats,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StatsQueries } from './stats-queries.js';

const tags = ['stats'];
// Every figure is behind RBAC resource `stats`, which only admins hold by default.
const admin = { access: { credential: 'session' as const, resource: 'stats', verb: 'get' as const } };

/** The admin's engagement figures (query side); thin handlers over StatsQueries. */
export const statsRoutes: FastifyPluginAsyncZod<{ queries: StatsQueries }> = async (app, { queries }) => {
  app.get(
    '/admin/stats/overview',
    {
      schema: {
        tags,
        summary: 'Active and new users, logins, sessions, games, chat and peak concurrency over a range',
        querystring: StatsRangeQuery,
        response: { 200: StatsOverview },
      },
      config: admin,
    },
    async (request) => queries.overview(request.query),
  );

  app.get(
    '/admin/stats/series',
    {
      schema: {
        tags,
        summary: 'One metric by hour, day or week; empty buckets are present with 0',
        querystring: StatsSeriesQuery,
        response: { 200: StatsSeries },
      },
      config: admin,
    },
    async (request) => queries.series(request.query),
  );

  app.get(
    '/admin/stats/retention',
    {
      schema: {
        tags,
        summary: 'Per cohort of new users, the share active again 1, 7 and 30 days after registering',
        querystring: StatsRetentionQuery,
        response: { 200: StatsRetention },
      },
      config: admin,
    },
    async (request) => queries.retention(request.query),
  );

  app.get(
    '/admin/stats/games',
    {
      schema: {
        tags,
        summary: 'Per game type: games ended, players, median length, completion rate',
        querystring: StatsGamesQuery,
        response: { 200: StatsGames },
      },
      config: admin,
    },
    async (request) => queries.games(request.query),
  );

  app.get(
    '/admin/users/:id/stats',
    {
      schema: {
        tags,
        summary: 'One user’s logins, sessions, games and chat messages',
        params: UuidParam,
        response: { 200: UserStats },
      },
      config: admin,
    },
    async (request) => queries.user(request.params.id),
  );
};
