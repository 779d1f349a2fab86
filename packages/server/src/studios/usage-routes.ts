import {
  LoginReported,
  ReportLoginRequest,
  RequestId,
  StudioIdParam,
  StudioPlayersQuery,
  StudioPlayersView,
  UsageQuery,
  UsageView,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/access-hook.js';
import { AppError } from '../platform/app-error.js';
import type { PlayerPages } from './player-pages.js';
import { scopeFromPath, scopeFromQuery } from './studio-scope.js';
import type { UsageService } from './usage-service.js';

const tags = ['studios'];
const IdempotencyHeaders = z.object({ 'idempotency-key': RequestId.optional() });

/** Usage ingest (API keys) and usage figures (owners): thin handlers over UsageService. */
export const usageRoutes: FastifyPluginAsyncZod<{ usage: UsageService; players: PlayerPages }> = async (
  app,
  { usage, players },
) => {
  app.post(
    '/metrics',
    {
      schema: {
        tags,
        summary: "Record a player's login for the key's studio",
        description:
          'Takes a `metrics-reporter` key. Send `Idempotency-Key` so a retried report counts once.',
        body: ReportLoginRequest,
        headers: IdempotencyHeaders,
        response: { 200: LoginReported },
      },
      config: { access: { credential: 'apiKey', resource: 'metrics', verb: 'create' } },
    },
    async (request) => {
      const key = principalOf(request);
      if (key.kind !== 'apiKey') throw new AppError('WRONG_CREDENTIAL_KIND');
      return usage.report(
        { keyId: key.keyId, ...(key.studioId ? { studioId: key.studioId } : {}) },
        request.body,
        request.headers['idempotency-key'],
      );
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: "A studio's plan, active and inactive players and logins (owners, admins)",
        querystring: UsageQuery,
        response: { 200: UsageView },
      },
      config: {
        access: { credential: 'session', resource: 'studio-metrics', verb: 'get', scope: scopeFromQuery },
      },
    },
    async (request) => usage.usage(request.query.studioId),
  );

  app.get(
    '/studios/:id/players',
    {
      schema: {
        tags,
        summary: "The studio's players, page by page (active=true|false to filter)",
        params: StudioIdParam,
        querystring: StudioPlayersQuery,
        response: { 200: StudioPlayersView },
      },
      config: {
        access: { credential: 'session', resource: 'studio-players', verb: 'list', scope: scopeFromPath },
      },
    },
    async (request) => players.page(request.params.id, request.query),
  );
};
