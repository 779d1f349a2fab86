import {
  HeartbeatReport,
  ReadyReport,
  ReportAccepted,
  StatusAck,
  StatusReport,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerToken } from '../http/access-hook.js';
import type { GameReports } from './game-reports.js';

const tags = ['internal'];
// These routes check the game's reporting token themselves (GameReports.authenticate).
const config = { access: { credential: 'custom' as const } };

/** What game servers report: `POST /v1/internal/games/{id}/{ready,heartbeat,status}`. */
export const internalGameRoutes: FastifyPluginAsyncZod<{ reports: GameReports }> = async (
  app,
  { reports },
) => {
  app.post(
    '/internal/games/:id/ready',
    {
      schema: {
        tags,
        summary: 'Game server: listening',
        params: UuidParam,
        body: ReadyReport,
        response: { 200: ReportAccepted },
      },
      config,
    },
    async (request) => {
      const game = await reports.authenticate(request.params.id, bearerToken(request));
      return reports.ready(game, request.body);
    },
  );

  app.post(
    '/internal/games/:id/heartbeat',
    {
      schema: {
        tags,
        summary: 'Game server: alive',
        params: UuidParam,
        body: HeartbeatReport,
        response: { 200: ReportAccepted },
      },
      config,
    },
    async (request) => {
      const game = await reports.authenticate(request.params.id, bearerToken(request));
      return reports.heartbeat(game, request.body);
    },
  );

  app.post(
    '/internal/games/:id/status',
    {
      schema: {
        tags,
        summary: 'Game server: started (acked) or finished',
        params: UuidParam,
        body: StatusReport,
        response: { 200: StatusAck },
      },
      config,
    },
    async (request) => {
      const game = await reports.authenticate(request.params.id, bearerToken(request));
      return reports.status(game, request.body);
    },
  );
};
