import {
  HeartbeatReport,
  HostReport,
  ReadyReport,
  ReportAccepted,
  RevocationsAnswer,
  RevocationsPoll,
  StatusAck,
  StatusReport,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerToken } from '../http/access-hook.js';
import type { GameReports } from './game-reports.js';
import type { GameRecord } from './games-store.js';
import type { PlayerRevocations } from './player-revocations.js';

const tags = ['internal'];
// These routes check the game's reporting token themselves (the onRequest hook below).
const config = { access: { credential: 'custom' as const } };

/**
 * What game servers report: `POST /v1/internal/games/{id}/{ready,heartbeat,status,host}`. The
 * reporting token is checked before anything else, before the body is even read: a caller
 * without it learns nothing (not whether the game exists, nor what a valid body looks like).
 */
export const internalGameRoutes: FastifyPluginAsyncZod<{
  reports: GameReports;
  revocations: PlayerRevocations;
}> = async (app, { reports, revocations }) => {
  const authenticated = new WeakMap<FastifyRequest, GameRecord>();
  app.addHook('onRequest', async (request) => {
    const { id } = request.params as { id?: string };
    authenticated.set(request, await reports.authenticate(id, bearerToken(request)));
  });
  const gameOf = (request: FastifyRequest): GameRecord => {
    const game = authenticated.get(request);
    if (!game) throw new Error('internal game route reached without authentication');
    return game;
  };

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
    async (request) => reports.ready(gameOf(request), request.body),
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
    async (request) => reports.heartbeat(gameOf(request), request.body),
  );

  app.post(
    '/internal/games/:id/status',
    {
      schema: {
        tags,
        summary: 'Game server: started (acked), finished, abandoned or failed (with the reason)',
        params: UuidParam,
        body: StatusReport,
        response: { 200: StatusAck },
      },
      config,
    },
    async (request) => reports.status(gameOf(request), request.body),
  );

  app.post(
    '/internal/games/:id/host',
    {
      schema: {
        tags,
        summary: 'Game server: the host changed',
        params: UuidParam,
        body: HostReport,
        response: { 200: ReportAccepted },
      },
      config,
    },
    async (request) => reports.host(gameOf(request), request.body),
  );

  // Held polls are answered at once when the node closes, so that closing does not wait for them.
  app.addHook('preClose', async () => revocations.close());
  app.post(
    '/internal/games/:id/revocations',
    {
      schema: {
        tags,
        summary: 'Game server: long poll for players the platform put out (sessions ended)',
        params: UuidParam,
        body: RevocationsPoll,
        response: { 200: RevocationsAnswer },
      },
      config,
    },
    async (request, reply) => {
      const game = gameOf(request);
      const hungUp = new Promise<void>((resolve) => reply.raw.once('close', () => resolve()));
      return { revocations: await revocations.poll(game.id, request.body.seen, hungUp) };
    },
  );
};
